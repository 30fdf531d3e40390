/**
 * The workspace's HTTP edge: reading a Web API request the way Slack does (form or JSON body,
 * token in the Authorization header or, for forms and GETs, in the body) and writing an answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isObject, str, type Json, type Outcome } from './args.js';

export interface Answer {
  status: number;
  body: string;
  headers: Record<string, string>;
  /** For 429 answers: the Retry-After given. */
  retryAfterSeconds?: number;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const BODY_LIMIT = 10 * 1024 * 1024;

export function jsonAnswer(body: Outcome, status = 200, headers: Record<string, string> = {}): Answer {
  return { status, body: JSON.stringify(body), headers: { 'content-type': JSON_TYPE, ...headers } };
}

/** A scripted failure's answer: JSON, or the text the test asked for. */
export function rawAnswer(status: number, body: string, json: boolean): Answer {
  return { status, body, headers: { 'content-type': json ? JSON_TYPE : 'text/plain; charset=utf-8' } };
}

export function textAnswer(status: number, body: string, contentType = 'text/plain'): Answer {
  return { status, body, headers: { 'content-type': contentType } };
}

export async function readBytes(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > BODY_LIMIT) throw new Error('body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** The bearer token of the Authorization header, if any. */
export function bearerToken(req: IncomingMessage): string | null {
  const auth = req.headers.authorization;
  return auth !== undefined && /^Bearer\s+/i.test(auth) ? auth.replace(/^Bearer\s+/i, '').trim() : null;
}

/** Parses the request; returns the arguments, the token and a Slack error for malformed bodies. */
export function parseRequest(req: IncomingMessage, url: URL, raw: string): { args: Json; token: string | null; error: string | null } {
  const args: Json = {};
  for (const [k, v] of url.searchParams) args[k] = v;
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  let bodyToken: string | null = null;
  let error: string | null = null;
  if (raw.length > 0) {
    if (contentType === 'application/x-www-form-urlencoded') {
      for (const [k, v] of new URLSearchParams(raw)) args[k] = v;
      bodyToken = str(args.token) ?? null;
    } else if (contentType === 'application/json') {
      try {
        const parsed: unknown = JSON.parse(raw);
        if (isObject(parsed)) Object.assign(args, parsed);
        else error = 'invalid_json';
      } catch {
        error = 'invalid_json';
      }
      // Slack ignores a token in a JSON body: JSON requests must authenticate with the header.
    } else if (contentType === '') {
      error = 'missing_post_type';
    } else {
      error = 'invalid_post_type';
    }
  } else if (req.method === 'GET') {
    bodyToken = str(args.token) ?? null;
  }
  const headerToken = bearerToken(req);
  delete args.token;
  return { args, token: headerToken !== null && headerToken !== '' ? headerToken : bodyToken, error };
}

/** Sends the answer unless the connection is gone. */
export function send(res: ServerResponse, answer: Answer): void {
  if (res.destroyed) return;
  res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
  res.end(answer.body);
}
