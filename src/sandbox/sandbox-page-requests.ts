/**
 * How the page's own endpoints read a request: JSON bodies only, text fields with a bound, and
 * requests addressed to this machine only. Bad input is a 4xx with the reason, never a 500.
 */
import type { IncomingMessage } from 'node:http';
import { readBody } from '../ingress/http/read-body.js';
import { sendJson } from '../ingress/http/respond.js';
import type { Route } from '../ingress/http/route.js';

const PAGE_BODY_LIMIT = 64 * 1024;

export class BadRequest extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  // JSON only: a form or text/plain POST from another site's page cannot be sent without a preflight.
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    req.resume();
    throw new BadRequest('the body must be JSON (content-type: application/json)', 415);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse((await readBody(req, PAGE_BODY_LIMIT)).toString('utf8'));
  } catch (err) {
    if (err instanceof SyntaxError) throw new BadRequest('the body must be JSON');
    throw err;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BadRequest('the body must be a JSON object');
  return parsed as Record<string, unknown>;
}

export function text(body: Record<string, unknown>, name: string, max = 4000): string {
  const value = body[name];
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) throw new BadRequest(`${name} must be non-empty text of at most ${max} characters`);
  return value;
}

/**
 * The page's routes answer only requests addressed to this machine by name or loopback address
 * (a DNS-rebinding page elsewhere cannot drive the sandbox), unless HOST opened it to every
 * interface. Bad input is a 4xx with the reason, never a 500.
 */
export function pageRouteFactory(listenHost: string) {
  const open = listenHost === '0.0.0.0' || listenHost === '::';
  const local = new Set(['127.0.0.1', 'localhost', '[::1]', listenHost.includes(':') ? `[${listenHost}]` : listenHost]);
  const hostAllowed = (req: IncomingMessage): boolean => {
    if (open) return true;
    const host = (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
    return local.has(host);
  };
  return (method: 'GET' | 'POST', path: string, handler: Route['handler']): Route => ({
    method,
    path,
    handler: async (req, res, params) => {
      try {
        if (!hostAllowed(req)) throw new BadRequest('the sandbox answers requests to 127.0.0.1 or localhost only', 403);
        await handler(req, res, params);
      } catch (err) {
        if (!(err instanceof BadRequest)) throw err;
        req.resume();
        sendJson(res, err.status, { error: err.message });
      }
    },
  });
}

