/**
 * The simulated PagerDuty over HTTP: a Node request read into the simulation's request shape, and
 * its answer written back. Shared by the sandbox's routes and the tests' fake server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody } from '../../ingress/http/read-body.js';
import type { PagerDutyRequest } from './pagerduty-incidents.js';
import type { PagerDutyAnswer, PagerDutySimulation } from './pagerduty-simulation.js';

const BODY_LIMIT = 1024 * 1024;

export const BODY_TOO_LARGE: PagerDutyAnswer = { status: 413, body: 'Request Entity Too Large', contentType: 'text/plain' };

/** Null when the body is over the limit (answer BODY_TOO_LARGE). `apiRoot`: the path prefix the API is served under. */
export async function readPagerDutyRequest(req: IncomingMessage, apiRoot = ''): Promise<{ request: PagerDutyRequest; malformedBody: boolean } | null> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  let raw: string;
  try {
    raw = (await readBody(req, BODY_LIMIT)).toString('utf8');
  } catch (err) {
    if (err instanceof BodyTooLargeError) return null;
    throw err;
  }
  let body: unknown = null;
  let malformedBody = false;
  if (raw !== '') {
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
      malformedBody = true;
    }
  }
  const query: Record<string, string[]> = {};
  for (const [key, value] of url.searchParams) (query[key] ??= []).push(value);
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  const path = url.pathname.startsWith(apiRoot) ? url.pathname.slice(apiRoot.length) : url.pathname;
  return { request: { method: req.method ?? 'GET', path, query, headers, body }, malformedBody };
}

/** False when the client gave up (or the fake "went down") before the answer could be written. */
export function writePagerDutyAnswer(res: ServerResponse, answer: PagerDutyAnswer): boolean {
  if (res.destroyed || res.socket === null || res.socket.destroyed) return false;
  res.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': Buffer.byteLength(answer.body) });
  res.end(answer.body);
  return true;
}

/** Reads, answers and writes one request: the whole exchange when nothing stands between (the sandbox). */
export async function servePagerDuty(simulation: PagerDutySimulation, req: IncomingMessage, res: ServerResponse, apiRoot: string): Promise<void> {
  const read = await readPagerDutyRequest(req, apiRoot);
  writePagerDutyAnswer(res, read === null ? BODY_TOO_LARGE : simulation.answer(read.request, read.malformedBody));
}
