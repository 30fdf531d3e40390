/**
 * The HTTP exchange with GitHub's REST API (https://docs.github.com/rest): the headers GitHub asks
 * for, a timeout on every call (DESIGN §4), and GitHub's answers mapped to the IssueTracker errors:
 * network errors, timeouts, 5xx, 429 and a 403 that is a rate limit (it carries Retry-After, or
 * x-ratelimit-remaining: 0) are an outage to retry later; 401, 404, 410, 422 and other 4xx are a
 * refusal. The token never appears in an error.
 */
import { TrackerRefusedError, TrackerUnavailableError } from '../../app/ports/issue-tracker.js';

const API_VERSION = '2022-11-28';
const USER_AGENT = 'warroom-incident-bot';
const DEFAULT_TIMEOUT_MS = 10_000;

export interface GitHubApi {
  /** The JSON of a 2xx answer; null for the statuses in `missing` (an issue that is gone). */
  request(method: 'GET' | 'POST', path: string, body?: Readonly<Record<string, unknown>>, missing?: readonly number[]): Promise<unknown>;
}

/** How long GitHub asked to wait: Retry-After (seconds), else the rate-limit window's reset (epoch seconds). */
function retryAfterMs(headers: globalThis.Headers, now: number): number | null {
  const retryAfter = Number(headers.get('retry-after'));
  if (headers.get('retry-after') !== null && Number.isFinite(retryAfter)) return Math.max(0, retryAfter * 1000);
  const reset = Number(headers.get('x-ratelimit-reset'));
  if (headers.get('x-ratelimit-reset') !== null && Number.isFinite(reset)) return Math.max(0, reset * 1000 - now);
  return null;
}

/** GitHub answers a secondary or primary rate limit with 403 (or 429) and says so in its headers. */
const isRateLimited = (res: Response): boolean => res.headers.get('retry-after') !== null || res.headers.get('x-ratelimit-remaining') === '0';

async function reasonOf(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const json = JSON.parse(text) as { message?: unknown; errors?: unknown };
    const details = Array.isArray(json.errors) ? ` ${JSON.stringify(json.errors).slice(0, 300)}` : '';
    return `${res.status} ${typeof json.message === 'string' ? json.message.slice(0, 300) : ''}${details}`.trim();
  } catch {
    return `${res.status} ${text.slice(0, 200)}`.trim();
  }
}

export function createGitHubApi(options: { apiUrl: string; token: string; timeoutMs?: number; now?: () => number }): GitHubApi {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  const redact = (text: string) => (options.token.length >= 4 ? text.split(options.token).join('****') : text);
  return {
    async request(method, path, body, missing = []) {
      const label = `${method} ${path.split('?')[0] ?? path}`;
      let res: Response;
      try {
        res = await fetch(`${options.apiUrl}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${options.token}`,
            accept: 'application/vnd.github+json',
            'x-github-api-version': API_VERSION,
            'user-agent': USER_AGENT,
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
          ...(body ? { body: JSON.stringify(body) } : {}),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        throw new TrackerUnavailableError('github', new Error(redact(`${label}: ${err instanceof Error ? err.message : String(err)}`)));
      }
      if (res.ok) return (await res.json());
      if (missing.includes(res.status)) {
        await res.body?.cancel();
        return null;
      }
      const reason = redact(`${label}: ${await reasonOf(res)}`);
      if (res.status >= 500 || res.status === 429 || (res.status === 403 && isRateLimited(res))) {
        throw new TrackerUnavailableError('github', new Error(reason), retryAfterMs(res.headers, now()));
      }
      throw new TrackerRefusedError('github', reason);
    },
  };
}
