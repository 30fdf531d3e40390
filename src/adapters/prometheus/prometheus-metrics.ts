/**
 * Prometheus as a MetricsSource: `fetch` on `/api/v1/query` and `/api/v1/query_range` (DESIGN §6),
 * answers read with zod (parse.ts).
 *
 * A slow Prometheus never delays a channel (DESIGN §4): every call is cut after `timeoutMs`, and a
 * circuit breaker opens after `failures` outages in a row, failing every call at once (no request
 * is sent) until `halfOpenAfterMs` has passed and one trial call succeeds. Outages are what says
 * the server is in trouble: no connection, no answer in time, 5xx, 429, or a body that is not a
 * Prometheus answer. A query Prometheus refuses (4xx such as bad_data) is an answer from a healthy
 * server and leaves the breaker alone. Every failure is a MetricsUnavailableError.
 */
import { BrokenCircuitError, ConsecutiveBreaker, TaskCancelledError, TimeoutStrategy, circuitBreaker, handleWhen, timeout, wrap } from 'cockatiel';
import { MetricsUnavailableError, type MetricSample, type MetricSeries, type MetricsSource } from '../../app/ports/metrics.js';
import { parsePrometheusAnswer, toSamples, toSeries, type PrometheusData } from './parse.js';
import { promLabelMatcher, withPromLabelFilter } from './label-filter.js';

export interface PrometheusMetricsOptions {
  /** Base URL without a trailing slash, e.g. `http://prometheus:9090`. */
  readonly url: string;
  /** Per call, connecting and reading the answer included (default 5000 ms). */
  readonly timeoutMs?: number;
  readonly breaker?: {
    /** Consecutive outages that open the breaker (default 5). */
    readonly failures?: number;
    /** How long it stays open before one trial call (default 30000 ms). */
    readonly halfOpenAfterMs?: number;
  };
}

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_FAILURES = 5;
const DEFAULT_HALF_OPEN_AFTER_MS = 30_000;
/** Prometheus error texts can quote a whole query; keep messages readable. */
const MAX_ERROR_TEXT = 300;

/** Prometheus (or whatever answers in its place) is in trouble: counts toward opening the breaker. */
class Outage extends Error {}
/** Prometheus answered, but refused this request: does not count. */
class Refusal extends Error {}

const seconds = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);
const cut = (text: string): string => (text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT - 1)}…` : text);
const epochSeconds = (date: Date): string => String(date.getTime() / 1000);

/** `fetch failed (ECONNREFUSED)` rather than `fetch failed`. */
function networkReason(err: unknown): string {
  const cause = err instanceof Error ? (err.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : null;
  const message = err instanceof Error ? err.message : String(err);
  return `unreachable: ${detail === null ? message : `${message} (${detail})`}`;
}

export function createPrometheusMetrics(options: PrometheusMetricsOptions): MetricsSource {
  const base = options.url.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const failures = options.breaker?.failures ?? DEFAULT_FAILURES;
  const halfOpenAfterMs = options.breaker?.halfOpenAfterMs ?? DEFAULT_HALF_OPEN_AFTER_MS;

  const breaker = circuitBreaker(
    handleWhen((err) => !(err instanceof Refusal)),
    { halfOpenAfter: halfOpenAfterMs, breaker: new ConsecutiveBreaker(failures) },
  );
  // The timeout sits inside the breaker, so a call that times out counts as an outage.
  const policy = wrap(breaker, timeout(timeoutMs, TimeoutStrategy.Aggressive));

  let lastOutage = '';
  let openedAt = 0;
  breaker.onBreak(() => {
    openedAt = Date.now();
  });

  async function get(path: string, params: Record<string, string>, signal: AbortSignal): Promise<PrometheusData> {
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${base}${path}?${new URLSearchParams(params).toString()}`, { headers: { accept: 'application/json' }, signal });
      text = await res.text();
    } catch (err) {
      // An abort here is the timeout policy's: it reports the timeout itself.
      throw new Outage(networkReason(err));
    }
    const answer = parsePrometheusAnswer(text);
    const outage = res.status >= 500 || res.status === 429;
    if (answer.ok === true && res.ok) return answer.data;
    if (answer.ok === false) {
      const reason = cut(`answered ${answer.errorType}: ${answer.error}`);
      throw outage ? new Outage(`${reason} (HTTP ${res.status})`) : new Refusal(reason);
    }
    if (outage || answer.ok === null) throw new Outage(`answered HTTP ${res.status}${answer.ok === null && res.ok ? ` with ${answer.problem}` : ''}`);
    throw new Refusal(`answered HTTP ${res.status}`);
  }

  async function call(path: string, params: Record<string, string>): Promise<PrometheusData> {
    try {
      return await policy.execute(({ signal }) => get(path, params, signal));
    } catch (err) {
      if (err instanceof BrokenCircuitError) {
        const wait = Math.max(0, Math.ceil((openedAt + halfOpenAfterMs - Date.now()) / 1000));
        const next = wait > 0 ? `next try in ${wait} s` : 'a trial call is under way';
        throw new MetricsUnavailableError('prometheus', `circuit breaker open (${failures} failures in a row, last: ${lastOutage}; ${next})`);
      }
      const reason = err instanceof TaskCancelledError ? `timed out after ${seconds(timeoutMs)}` : err instanceof Error ? err.message : String(err);
      if (!(err instanceof Refusal)) lastOutage = reason;
      throw new MetricsUnavailableError('prometheus', reason);
    }
  }

  return {
    name: 'prometheus',

    async instant(query: string): Promise<MetricSample[]> {
      const data = await call('/api/v1/query', { query, time: epochSeconds(new Date()) });
      const samples = toSamples(data);
      if (samples === null) throw new MetricsUnavailableError('prometheus', `answered a ${data.resultType} to an instant query`);
      return samples;
    },

    async range(query: string, start: Date, end: Date, stepSeconds: number): Promise<MetricSeries[]> {
      const data = await call('/api/v1/query_range', { query, start: epochSeconds(start), end: epochSeconds(end), step: String(stepSeconds) });
      const series = toSeries(data);
      if (series === null) throw new MetricsUnavailableError('prometheus', `answered a ${data.resultType} to a range query`);
      return series;
    },

    filtered: (query, filter) => withPromLabelFilter(query, promLabelMatcher(filter.label, filter.values)),
  };
}
