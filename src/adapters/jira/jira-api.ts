/**
 * One call to Jira Cloud's REST API v3, with Basic auth (Atlassian account email + API token,
 * https://developer.atlassian.com/cloud/jira/platform/basic-auth-for-rest-apis/), a timeout (DESIGN §4),
 * and Jira's answers sorted into the port's two failures: TrackerUnavailableError for what may pass
 * (no answer, a timeout, 429 with its Retry-After, 5xx) and TrackerRefusedError for what will not
 * (Jira's error collection `{ errorMessages: [], errors: { field: message } }` joined into the reason).
 * The token and the Authorization header never appear in an error.
 */
import { z } from 'zod';
import { TrackerRefusedError, TrackerUnavailableError } from '../../app/ports/issue-tracker.js';

export const JIRA_DEFAULT_TIMEOUT_MS = 10_000;

export interface JiraApiOptions {
  readonly siteUrl: string;
  readonly apiEmail: string;
  readonly apiToken: string;
  readonly timeoutMs?: number;
  /** The fetch to use (default the global one). */
  readonly fetch?: typeof fetch;
}

export interface JiraAnswer {
  readonly status: number;
  readonly json: unknown;
}

export interface JiraApi {
  /** 2xx and the statuses in `allow` are answers; anything else throws one of the port's errors. */
  call(method: 'GET' | 'POST', path: string, body?: unknown, allow?: readonly number[]): Promise<JiraAnswer>;
}

const errorCollectionSchema = z.object({ errorMessages: z.array(z.string()).nullish(), errors: z.record(z.string(), z.unknown()).nullish() });

/** Jira's error collection as one line: `messages; field: message`, '' when the answer has none. */
export function jiraErrorText(json: unknown): string {
  const parsed = errorCollectionSchema.safeParse(json);
  if (!parsed.success) return '';
  const parts = [...(parsed.data.errorMessages ?? []), ...Object.entries(parsed.data.errors ?? {}).map(([field, problem]) => `${field}: ${String(problem)}`)];
  return parts.join('; ').slice(0, 1_000);
}

/** Retry-After in seconds or as an HTTP date, in ms; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export function createJiraApi(options: JiraApiOptions): JiraApi {
  const timeoutMs = options.timeoutMs ?? JIRA_DEFAULT_TIMEOUT_MS;
  const doFetch = options.fetch ?? fetch;
  const authorization = `Basic ${Buffer.from(`${options.apiEmail}:${options.apiToken}`).toString('base64')}`;
  const secrets = [options.apiToken, authorization].filter((s) => s.length >= 4);
  const redact = (text: string): string => secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);

  function failure(err: unknown): string {
    if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
    const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
    const message = err instanceof Error ? err.message : String(err);
    return typeof cause?.code === 'string' ? `${message} (${cause.code})` : message;
  }

  return {
    async call(method, path, body, allow = []) {
      const label = `${method} ${path.split('?')[0] ?? path}`;
      let res: Response;
      let text: string;
      try {
        res = await doFetch(`${options.siteUrl}${path}`, {
          method,
          headers: { authorization, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(timeoutMs),
          // Outbound calls go only to the configured site (DESIGN §5): a redirect (http:// for an https://
          // site, another host) is answered as a refusal, since retrying it would only be redirected again.
          redirect: 'manual',
        });
        text = await res.text();
      } catch (err) {
        throw new TrackerUnavailableError('jira', new Error(redact(`${label}: ${failure(err)}`)));
      }
      let json: unknown = undefined;
      try {
        json = text === '' ? undefined : JSON.parse(text);
      } catch {
        // not JSON (a proxy's error page): the status decides
      }
      if ((res.status >= 200 && res.status < 300) || allow.includes(res.status)) return { status: res.status, json };
      const reason = jiraErrorText(json);
      const said = redact(`${label}: HTTP ${res.status}${reason ? ` (${reason})` : ''}`);
      if (res.status === 429 || res.status >= 500) throw new TrackerUnavailableError('jira', new Error(said), retryAfterMs(res.headers.get('retry-after')));
      throw new TrackerRefusedError('jira', said);
    },
  };
}
