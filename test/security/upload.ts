/**
 * Streams a request body from a small reused buffer with node:http, so a test can send hundreds
 * of MiB without holding them, and can stop part-way to hold a body open for as long as it wants.
 */
import { request as httpRequest } from 'node:http';

export interface UploadResult {
  /** The status answered, or 0 when the connection failed before an answer. */
  readonly status: number;
  readonly retryAfter: string | undefined;
  readonly connection: string | undefined;
  /** Body bytes handed to the socket before the answer came. */
  readonly bytesSent: number;
  readonly error?: string;
}

export interface Upload {
  readonly result: Promise<UploadResult>;
  /** Resolves once `pauseAfter` bytes have been handed to the socket. */
  readonly paused: Promise<void>;
  /** Sends the rest of a paused body. */
  resume(): void;
}

const CHUNK = Buffer.alloc(64 * 1024, 0x20); // spaces: valid JSON padding after the document

/**
 * POSTs `prefix` followed by spaces up to `totalBytes`, declared with Content-Length unless
 * `chunked`; with `pauseAfter`, stops after that many bytes until `resume()`. Writing stops as
 * soon as an answer arrives (an early refusal is not made to wait for the rest).
 */
export function upload(url: string, o: { headers: Record<string, string>; totalBytes: number; prefix?: Buffer; chunked?: boolean; pauseAfter?: number }): Upload {
  const prefix = o.prefix ?? Buffer.alloc(0);
  let release: () => void = () => {};
  const resumed = new Promise<void>((r) => (release = r));
  let markPaused: () => void = () => {};
  const paused = new Promise<void>((r) => (markPaused = r));
  let sent = 0;
  let answered = false;
  let didPause = false;
  const result = new Promise<UploadResult>((resolve) => {
    const headers = { 'content-type': 'application/json', ...o.headers, ...(o.chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(o.totalBytes) }) };
    const req = httpRequest(url, { method: 'POST', headers, agent: false });
    req.on('response', (res) => {
      answered = true;
      res.resume();
      const h = res.headers;
      resolve({ status: res.statusCode ?? 0, retryAfter: h['retry-after'], connection: h.connection, bytesSent: sent });
      res.on('end', () => req.destroy());
    });
    // After an answer, a reset of the rest of the body is expected: only an error before one counts.
    req.on('error', (err) => {
      if (!answered) resolve({ status: 0, retryAfter: undefined, connection: undefined, bytesSent: sent, error: err.message });
    });
    void (async () => {
      const write = async (chunk: Buffer) => {
        sent += chunk.length;
        if (req.write(chunk)) return;
        await new Promise<void>((r) => {
          const go = () => {
            req.off('drain', go).off('close', go);
            r();
          };
          req.on('drain', go).on('close', go);
        });
      };
      if (prefix.length > 0) await write(prefix);
      while (sent < o.totalBytes && !answered && !req.destroyed) {
        if (o.pauseAfter !== undefined && !didPause && sent >= o.pauseAfter) {
          didPause = true;
          markPaused();
          await resumed;
        }
        await write(CHUNK.subarray(0, Math.min(CHUNK.length, o.totalBytes - sent)));
      }
      if (!answered && !req.destroyed) req.end();
    })();
  });
  return { result, paused, resume: () => release() };
}
