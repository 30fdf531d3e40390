import type { IncomingMessage } from 'node:http';
import { LargeBodiesBusyError, type BodyLease } from './large-body-slots.js';

export class BodyTooLargeError extends Error {
  readonly status = 413;
  constructor(readonly limitBytes: number) {
    super(`body larger than ${limitBytes} bytes`);
  }
}

/**
 * Buffers a request body, refusing it before buffering when Content-Length is over the limit
 * and while streaming when it is not declared (DESIGN §5). With a `lease`, a body over 1 MiB
 * needs one of the process's large-body slots: taken on the declared length before a byte is
 * read, or, for a body of unknown length, as soon as the read passes 1 MiB (LargeBodiesBusyError).
 */
export async function readBody(req: IncomingMessage, limitBytes: number, lease?: BodyLease): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    req.resume(); // drain without keeping it
    throw new BodyTooLargeError(limitBytes);
  }
  if (Number.isFinite(declared)) lease?.grow(declared);
  // Listeners rather than `for await`: leaving that loop early destroys the socket, and the
  // refusal (413, 503) would never reach the sender.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (err: Error | undefined) => {
      req.off('data', onData).off('end', onEnd).off('error', settle).off('close', onClose);
      if (err === undefined) return resolve(Buffer.concat(chunks, size));
      // Over the limit: the rest is drained and discarded, never kept. No slot: the rest stays unread
      // (the refusal closes the connection), so a busy process spends nothing more on it.
      if (err instanceof LargeBodiesBusyError) req.pause();
      else req.resume();
      reject(err);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) return settle(new BodyTooLargeError(limitBytes));
      try {
        lease?.grow(size);
      } catch (err) {
        return settle(err as Error); // LargeBodiesBusyError
      }
      chunks.push(chunk);
    };
    const onEnd = () => settle(undefined);
    // A sender that goes away mid-body: settle, so that a large-body slot is never held for good.
    const onClose = () => settle(new Error('the request was closed before its body ended'));
    req.on('data', onData).on('end', onEnd).on('error', settle).on('close', onClose);
  });
}
