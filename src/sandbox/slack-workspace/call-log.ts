/**
 * Every call the workspace receives, numbered in arrival order with its answer, and the calls that
 * came before the `Retry-After` Slack last gave for their limit (violations): the windows are
 * Slack-wide per method, except chat.postMessage's, which are per channel (Slack limits posting to
 * about one message a second per channel), shared by every client, and start when the client is told.
 */
import { performance } from 'node:perf_hooks';
import type { IncomingMessage } from 'node:http';
import { clone, isObject } from './args.js';
import type { Answer } from './http.js';
import type { RateLimitViolation, RecordedCall } from './types.js';

export type CallState = { -readonly [K in keyof RecordedCall]: RecordedCall[K] } & { args: Record<string, unknown> };

export interface CallLog {
  /** A call as it arrives: numbered, recorded (and checked against Retry-After), not answered yet. */
  arrive(req: IncomingMessage, method: string, args: Record<string, unknown>, token: string | null, arrivedAt: number): CallState;
  /** Notes the answer on the call; a 429 opens its method's Retry-After window. */
  answered(call: CallState, answer: Answer): void;
  unknownMethod(method: string): void;
  calls(method?: string): RecordedCall[];
  violations(): RateLimitViolation[];
  unknownMethods(): string[];
  /** Forget calls, violations and windows; the numbering goes on. */
  reset(): void;
}

/** What one Retry-After covers: the method, or for chat.postMessage the method in one channel. */
const limitOf = (call: CallState): string =>
  call.method === 'chat.postMessage' && typeof call.args.channel === 'string' ? `${call.method} ${call.args.channel}` : call.method;

export function createCallLog(): CallLog {
  let seq = 0;
  const calls: CallState[] = [];
  const violations: RateLimitViolation[] = [];
  const unknown: string[] = [];
  /** Per limit (see limitOf): until when (performance.now() ms) the last Retry-After holds. */
  const retryWindows = new Map<string, { until: number; retryAfterSeconds: number; limitedAt: number }>();

  function noteEarly(call: CallState, arrivedAt: number): void {
    const window = retryWindows.get(limitOf(call));
    if (window === undefined || arrivedAt >= window.until) return;
    call.early = true;
    violations.push({
      method: call.method,
      seq: call.seq,
      at: call.at,
      retryAfterSeconds: window.retryAfterSeconds,
      limitedAt: window.limitedAt,
      earlyByMs: Math.ceil(window.until - arrivedAt),
    });
  }

  return {
    arrive(req, method, args, token, arrivedAt) {
      seq += 1;
      const call: CallState = { seq, method, args, token, contentType: req.headers['content-type'] ?? null, at: Date.now(), status: null, ok: null, error: null, early: false, retryAfterSeconds: null };
      calls.push(call);
      noteEarly(call, arrivedAt);
      return call;
    },
    answered(call, answer) {
      if (answer.status === 429 && answer.retryAfterSeconds !== undefined) {
        call.retryAfterSeconds = answer.retryAfterSeconds;
        retryWindows.set(limitOf(call), { until: performance.now() + answer.retryAfterSeconds * 1000, retryAfterSeconds: answer.retryAfterSeconds, limitedAt: Date.now() });
      }
      call.status = answer.status;
      try {
        const parsed: unknown = JSON.parse(answer.body);
        if (isObject(parsed)) {
          call.ok = typeof parsed.ok === 'boolean' ? parsed.ok : null;
          call.error = typeof parsed.error === 'string' ? parsed.error : null;
        }
      } catch {
        call.error = answer.status >= 400 ? `http_${answer.status}` : null;
      }
    },
    unknownMethod(method) {
      unknown.push(method);
    },
    calls: (method) => calls.filter((c) => method === undefined || c.method === method).map((c) => ({ ...c, args: clone(c.args) })),
    violations: () => violations.map((v) => ({ ...v })),
    unknownMethods: () => [...unknown],
    reset() {
      calls.length = 0;
      violations.length = 0;
      unknown.length = 0;
      retryWindows.clear();
    },
  };
}
