import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DomainError } from '../../core/errors.js';
import { DependencyUnavailableError } from '../../app/ports/runtime.js';
import { BodyTooLargeError } from './read-body.js';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** How long a refused sender may go on sending the body nobody reads before its connection is cut. */
const UNREAD_BODY_GRACE_MS = 2000;

/**
 * Answers a request refused before its body was read, then closes the connection. The answer goes
 * out at once; the body is left unread (the request stays paused, so TCP flow control stops the
 * sender instead of Warroom reading and discarding it); the socket closes when the sender hangs up,
 * or after a short grace, so a refused sender holds neither memory nor the connection. (Closing at
 * once would reset a sender still writing its body before it could read the answer.)
 */
export function sendJsonUnread(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), connection: 'close', ...headers });
  res.write(text);
  const end = () => {
    clearTimeout(grace);
    if (!res.writableEnded) res.end();
  };
  const grace = setTimeout(end, UNREAD_BODY_GRACE_MS);
  grace.unref();
  if (req.readableEnded) return end();
  req.once('end', end).once('close', end);
}

export function sendText(res: ServerResponse, status: number, contentType: string, text: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const STATUS_BY_CODE: Partial<Record<DomainError['code'], number>> = {
  'incident.not_found': 404,
  'incident.version_conflict': 409,
  'incident.reopen_conflict': 409,
  'incident.invalid_transition': 409,
  'incident.already_resolved': 409,
  'incident.not_resolved': 409,
  'incident.unchanged': 409,
};

/** The one mapping of expected failures to HTTP answers. */
export function sendDomainError(res: ServerResponse, error: DomainError): void {
  sendJson(res, STATUS_BY_CODE[error.code] ?? 400, { error: error.message, code: error.code });
}

/**
 * The one mapping of thrown failures: an unreachable dependency is 503 with Retry-After so
 * senders retry; a body over the limit is 413; anything else is a 500 that names no internals.
 */
export function sendThrown(res: ServerResponse, err: unknown): 'unavailable' | 'too_large' | 'internal' {
  if (res.headersSent) {
    res.destroy();
    return 'internal';
  }
  if (err instanceof DependencyUnavailableError) {
    sendJson(res, 503, { error: `${err.dependency} is unavailable; retry later` }, { 'retry-after': '5' });
    return 'unavailable';
  }
  if (err instanceof BodyTooLargeError) {
    sendJson(res, 413, { error: `body too large (limit ${err.limitBytes} bytes)` });
    return 'too_large';
  }
  sendJson(res, 500, { error: 'internal error' });
  return 'internal';
}
