/**
 * The HTTP exchange Opsgenie and Jira Service Management (JSM) Operations share: JSM Ops' alert API
 * is Opsgenie's under other paths and auth (https://developer.atlassian.com/cloud/jira/service-desk-ops/rest/v1/intro/),
 * with the same answers: writes are 202 `{ result, requestId }` applied asynchronously, errors are
 * `{ message, errors: { field: problem } }`.
 *
 * Every call has a timeout (DESIGN §4). Network errors, timeouts, 429 and 5xx throw
 * PagingUnavailableError (the caller fails over); other refusals throw OpsgenieApiError with the
 * provider's own message. No credential ever appears in an error.
 */
import { z } from 'zod';
import { PagingUnavailableError } from '../../app/ports/paging.js';

export type OpsgenieFamilyProvider = 'opsgenie' | 'jsm';

/** The provider refused a call (4xx other than 429): a request or configuration problem, not an outage. */
export class OpsgenieApiError extends Error {
  readonly code = 'opsgenie.refused';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'OpsgenieApiError';
  }
}

/** Opsgenie's documented field limits (Alert API); JSM Ops keeps them. */
export const OPSGENIE_LIMITS = { message: 130, alias: 512, description: 15_000, note: 25_000 } as const;

export interface AlertApiCall {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** Absolute URL, query included. */
  readonly url: string;
  readonly authorization: string;
  /** Shown in errors instead of the URL (which may carry user data); e.g. `POST /v2/alerts`. */
  readonly label: string;
  readonly body?: Readonly<Record<string, unknown>>;
}

export type AlertApiAnswer = { readonly status: number; readonly json: unknown };

export interface AlertApi {
  /** One HTTP exchange. Returns 2xx answers and the 4xx statuses listed in `allow`; throws otherwise. */
  send(call: AlertApiCall, allow?: readonly number[]): Promise<AlertApiAnswer>;
  /** The answer's fields Warroom reads, or an error naming what was unexpected. */
  read<T>(call: AlertApiCall, schema: z.ZodType<T>, json: unknown): T;
  /** An asynchronous write: its request id (to poll with the request-status endpoint). */
  accepted(call: AlertApiCall): Promise<string>;
}

const DEFAULT_TIMEOUT_MS = 5_000;

const acceptedSchema = z.object({ requestId: z.string().min(1) });
const errorSchema = z.object({
  message: z.string().optional(),
  errors: z.record(z.string(), z.unknown()).optional(),
});

/** Cuts `text` to at most `max` UTF-16 units (Opsgenie's count) without splitting a surrogate pair; marks the cut with `…`. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** The fields Warroom reads from an answer, or an error naming the provider, the call and what was unexpected. */
export function parseAnswer<T>(displayName: string, label: string, schema: z.ZodType<T>, json: unknown): T | Error {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unexpected shape';
  return new Error(`Unexpected answer from ${displayName} to ${label}: ${where}`);
}

export function createAlertApi(options: {
  readonly provider: OpsgenieFamilyProvider;
  /** How errors name the provider: "Opsgenie", "JSM Operations". */
  readonly displayName: string;
  /** Credentials and the headers built from them: removed from every error text. */
  readonly secrets: readonly string[];
  readonly timeoutMs?: number | undefined;
}): AlertApi {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const secrets = options.secrets.filter((s) => s.length >= 4);
  const { displayName } = options;

  function redact(text: string): string {
    let out = text;
    for (const secret of secrets) out = out.split(secret).join('[redacted]');
    return out;
  }

  function unavailable(call: AlertApiCall, reason: string): PagingUnavailableError {
    return new PagingUnavailableError(options.provider, new Error(redact(`${call.label}: ${reason}`)));
  }

  function describeFailure(err: unknown): string {
    if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
    const cause = err instanceof Error ? (err.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
    const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : null;
    const message = err instanceof Error ? err.message : String(err);
    return detail === null ? message : `${message} (${detail})`;
  }

  /** `message {field: problem}` of an error answer, or '' when it has none. */
  function providerMessage(json: unknown, prefix: string): string {
    const parsed = errorSchema.safeParse(json);
    if (!parsed.success) return '';
    const parts: string[] = [];
    if (parsed.data.message) parts.push(parsed.data.message);
    const fields = Object.entries(parsed.data.errors ?? {}).map(([field, problem]) => `${field}: ${String(problem)}`);
    if (fields.length > 0) parts.push(`(${fields.join('; ')})`);
    return parts.length === 0 ? '' : `${prefix}${parts.join(' ')}`.slice(0, 1_000);
  }

  async function send(call: AlertApiCall, allow: readonly number[] = []): Promise<AlertApiAnswer> {
    let status: number;
    let text: string;
    try {
      const res = await fetch(call.url, {
        method: call.method,
        headers: {
          authorization: call.authorization,
          accept: 'application/json',
          ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
      status = res.status;
      text = await res.text();
    } catch (err) {
      throw unavailable(call, describeFailure(err));
    }

    let json: unknown = undefined;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON (a proxy's error page): the status decides
    }

    if (status >= 200 && status < 300) return { status, json };
    if (status === 429 || status >= 500) throw unavailable(call, `HTTP ${status}${providerMessage(json, ': ')}`);
    if (allow.includes(status)) return { status, json };
    throw new OpsgenieApiError(status, redact(`${displayName} refused ${call.label} (HTTP ${status})${providerMessage(json, ': ')}`));
  }

  function read<T>(call: AlertApiCall, schema: z.ZodType<T>, json: unknown): T {
    const parsed = parseAnswer(displayName, call.label, schema, json);
    if (parsed instanceof Error) throw parsed;
    return parsed;
  }

  return {
    send,
    read,
    async accepted(call) {
      const answer = await send(call);
      return read(call, acceptedSchema, answer.json).requestId;
    },
  };
}
