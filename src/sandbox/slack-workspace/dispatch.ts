/**
 * One request to the workspace, from arrival to answer: recorded, checked against the injected
 * faults, authenticated the way Slack does, handed to its method, answered (after any latency).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { FaultRules, InjectedFault } from '../faults.js';
import { fail } from './args.js';
import type { CallLog, CallState } from './call-log.js';
import { bearerToken, jsonAnswer, parseRequest, rawAnswer, readBytes, send, textAnswer, type Answer } from './http.js';
import { storeUpload } from './methods/files.js';
import type { MethodTable, WorkspaceState } from './state.js';

export interface Dispatch {
  readonly ws: WorkspaceState;
  readonly faults: FaultRules;
  readonly log: CallLog;
  readonly methods: MethodTable;
}

/** Methods called with the app-level token rather than the bot token. */
const APP_LEVEL_METHODS = new Set(['apps.connections.open']);

/** An injected fault in Slack's shape: a 5xx (or scripted refusal), or a 429 with `Retry-After`. */
function faultAnswer(fault: InjectedFault): Answer {
  if (fault.kind === 'rate_limited') {
    return {
      status: 429,
      body: '{"ok":false,"error":"ratelimited"}',
      headers: { 'content-type': 'application/json;charset=utf-8', 'retry-after': String(fault.retryAfterSeconds) },
      retryAfterSeconds: fault.retryAfterSeconds,
    };
  }
  const body = fault.body ?? JSON.stringify({ ok: false, error: fault.status === 503 ? 'service_unavailable' : 'fatal_error' });
  return rawAnswer(fault.status, body, fault.json);
}

function decide(d: Dispatch, call: CallState, parseError: string | null): Answer {
  const { method } = call;
  const lostAnswer = d.faults.losesAnswer(method);
  const fault = d.faults.take(method);
  const injected = fault === null ? null : faultAnswer(fault);
  if (injected !== null && !lostAnswer) return injected;
  const handler = d.methods[method];
  if (injected !== null && handler !== undefined && parseError === null && call.token === d.ws.token) {
    handler(d.ws, call.args);
    return injected;
  }
  if (handler === undefined) {
    d.log.unknownMethod(method);
    return jsonAnswer(fail('unknown_method'));
  }
  if (parseError !== null) return jsonAnswer(fail(parseError));
  if (call.token === null || call.token === '') return jsonAnswer(fail('not_authed'));
  // Slack's token types: app-level methods take only an app-level token (xapp-), the others refuse it.
  const appLevel = APP_LEVEL_METHODS.has(method);
  if (appLevel !== call.token.startsWith('xapp-')) return jsonAnswer(fail('not_allowed_token_type'));
  if (call.token !== (appLevel ? (d.ws.options.socketMode?.appToken ?? null) : d.ws.token)) return jsonAnswer(fail('invalid_auth'));
  return jsonAnswer(handler(d.ws, call.args));
}

function write(d: Dispatch, res: ServerResponse, call: CallState, answer: Answer): void {
  if (res.destroyed || res.socket === null || res.socket.destroyed) return; // Slack "went down" before answering
  d.log.answered(call, answer);
  send(res, answer);
}

/** The upload URL handed out by files.getUploadURLExternal: pre-signed, so no token is needed (one sent is recorded). */
async function handleUpload(d: Dispatch, req: IncomingMessage, res: ServerResponse, fileId: string, arrivedAt: number): Promise<void> {
  let raw: Buffer;
  try {
    raw = await readBytes(req);
  } catch {
    send(res, textAnswer(413, 'Request Entity Too Large'));
    return;
  }
  const call = d.log.arrive(req, 'upload', { file_id: fileId, bytes: raw.length }, bearerToken(req), arrivedAt);
  const delay = d.faults.latencyMs;
  const fault = d.faults.take('upload');
  const answer = fault !== null ? faultAnswer(fault) : storeUpload(d.ws, req, fileId, raw);
  if (delay > 0) await d.faults.delay(delay);
  write(d, res, call, answer);
}

async function handleMethod(d: Dispatch, req: IncomingMessage, res: ServerResponse, method: string, arrivedAt: number): Promise<void> {
  let raw: string;
  try {
    raw = (await readBytes(req)).toString('utf8');
  } catch {
    send(res, textAnswer(413, 'Request Entity Too Large'));
    return;
  }
  const parsed = parseRequest(req, new URL(req.url ?? '/', 'http://127.0.0.1'), raw);
  const call = d.log.arrive(req, method, parsed.args, parsed.token, arrivedAt);
  const delay = d.faults.latencyMs;
  let answer: Answer;
  try {
    answer = decide(d, call, parsed.error);
  } catch (err) {
    answer = textAnswer(500, `slack workspace crashed: ${String(err)}`);
  }
  if (delay > 0) await d.faults.delay(delay);
  write(d, res, call, answer);
}

/** Answers `/api/<method>` and `/upload/<file id>` (relative to where the workspace is mounted). */
export async function dispatch(d: Dispatch, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  const arrivedAt = performance.now();
  const upload = /^\/upload\/([A-Za-z0-9]+)$/.exec(pathname);
  if (upload !== null && upload[1] !== undefined) return handleUpload(d, req, res, upload[1], arrivedAt);
  const match = /^\/api\/([A-Za-z0-9_.]+)$/.exec(pathname);
  if (match === null || match[1] === undefined) {
    send(res, textAnswer(404, 'Not Found'));
    return;
  }
  return handleMethod(d, req, res, match[1], arrivedAt);
}
