/**
 * Datadog metric queries for scope and hypothesis checks (DESIGN §6), through
 * `@datadog/datadog-api-client`'s v1 MetricsApi (`GET /api/v1/query`).
 *
 * The client is large (about a second to load), so it is loaded with `await import()` when
 * `createDatadogMetrics` is called — that is, only when Datadog is configured — and never by
 * importing this file (the type import below is erased).
 *
 * Every call has a deadline and goes through a circuit breaker (DESIGN §4). Timeouts, network
 * errors, 429 and 5xx count towards the breaker; a 4xx (bad query, wrong keys) is Datadog
 * answering, so it does not. All of them throw MetricsUnavailableError, whose reason is shown in
 * Slack and on the timeline: it never holds the keys.
 */
import { BrokenCircuitError, ConsecutiveBreaker, IsolatedCircuitError, circuitBreaker, handleWhen } from 'cockatiel';
import type * as Datadog from '@datadog/datadog-api-client';
import { MetricsUnavailableError, type MetricSample, type MetricSeries, type MetricsSource } from '../../app/ports/metrics.js';
import { datadogErrors, lastValue, seriesLabels, seriesPoints, type DatadogQuerySeries } from './datadog-metrics-read.js';
import { createDatadogMetricsTransport } from './datadog-metrics-transport.js';
import { withDatadogTagFilter } from './tag-filter.js';

export interface DatadogMetricsOptions {
  readonly apiKey: string;
  readonly appKey: string;
  /** Base URL without a trailing slash: `https://api.datadoghq.com`, `https://api.datadoghq.eu`, or a local fake. */
  readonly apiUrl: string;
  /** Per call, connecting and reading the answer included (default 5000 ms). */
  readonly timeoutMs?: number;
  /** Circuit breaker: opens after `failures` outages in a row (default 5), lets one call try again after `halfOpenAfterMs` (default 30 s). */
  readonly breaker?: { readonly failures?: number; readonly halfOpenAfterMs?: number };
  /** The clock for instant queries' window (default: the system clock). */
  readonly now?: () => Date;
}

/** How far back an instant query looks for each series' newest point. */
export const DATADOG_INSTANT_WINDOW_SECONDS = 300;

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_FAILURES = 5;
const DEFAULT_HALF_OPEN_AFTER_MS = 30_000;

type QueryResponse = Datadog.v1.MetricsQueryResponse;
type Outcome = { readonly answer: QueryResponse } | { readonly refused: string };

/** An outage (no answer, 429, 5xx): counted by the breaker. */
class DatadogOutage extends Error {}

export async function createDatadogMetrics(options: DatadogMetricsOptions): Promise<MetricsSource> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const failures = options.breaker?.failures ?? DEFAULT_FAILURES;
  const halfOpenAfterMs = options.breaker?.halfOpenAfterMs ?? DEFAULT_HALF_OPEN_AFTER_MS;
  const now = options.now ?? (() => new Date());
  const secrets = [options.apiKey, options.appKey].filter((s) => s.length >= 4);

  const dd = await import('@datadog/datadog-api-client');
  const configuration = dd.client.createConfiguration({
    authMethods: { apiKeyAuth: options.apiKey, appKeyAuth: options.appKey },
    baseServer: new dd.client.BaseServerConfiguration(options.apiUrl.replace(/\/+$/, ''), {}),
    httpApi: createDatadogMetricsTransport(dd, timeoutMs),
    enableRetry: false,
    debug: false,
  });
  const api = new dd.v1.MetricsApi(configuration);
  const breaker = circuitBreaker(
    handleWhen((err) => err instanceof DatadogOutage),
    { halfOpenAfter: halfOpenAfterMs, breaker: new ConsecutiveBreaker(failures) },
  );
  let lastOutage = '';

  function redact(text: string): string {
    let out = text;
    for (const secret of secrets) out = out.split(secret).join('[redacted]');
    return out;
  }

  const unavailable = (reason: string): MetricsUnavailableError => new MetricsUnavailableError('datadog', redact(reason));

  /** Sorts a failed call into an outage (thrown, counted) or a refusal (returned, not counted). */
  function classify(err: unknown): Outcome {
    if (err instanceof dd.client.ApiException) {
      const status = err.code;
      const words = datadogErrors(err.body);
      const hint = status === 401 || status === 403 ? ' (check DATADOG_API_KEY and DATADOG_APP_KEY)' : '';
      const reason = `answered ${status}${words === '' ? '' : `: ${words}`}${hint}`;
      if (status === 429 || status >= 500) throw new DatadogOutage(reason);
      return { refused: reason };
    }
    if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) throw new DatadogOutage(`did not answer within ${timeoutMs} ms`);
    if (err instanceof TypeError && err.message === 'fetch failed') {
      const cause = err.cause as { code?: unknown; message?: unknown } | undefined;
      const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : 'network error';
      throw new DatadogOutage(`cannot be reached (${detail})`);
    }
    // Not JSON, or not the shape the client knows: a proxy's page or a broken answer.
    throw new DatadogOutage(`gave an unreadable answer (${err instanceof Error ? err.message : String(err)})`);
  }

  async function query(text: string, from: number, to: number): Promise<QueryResponse> {
    let outcome: Outcome;
    try {
      outcome = await breaker.execute(async () => {
        try {
          return { answer: await api.queryMetrics({ from, to, query: text }) };
        } catch (err) {
          return classify(err);
        }
      });
    } catch (err) {
      if (err instanceof DatadogOutage) {
        lastOutage = err.message;
        throw unavailable(err.message);
      }
      if (err instanceof BrokenCircuitError || err instanceof IsolatedCircuitError) {
        throw unavailable(`is not asked after ${failures} failed calls in a row (circuit open, next try within ${Math.ceil(halfOpenAfterMs / 1000)} s; last: ${lastOutage || 'unknown'})`);
      }
      throw unavailable(`failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    if ('refused' in outcome) throw unavailable(outcome.refused);
    const answer = outcome.answer;
    if (answer.status === 'error' || (typeof answer.error === 'string' && answer.error !== '')) {
      throw unavailable(`answered an error: ${datadogErrors(answer.error ?? answer.message ?? 'unknown error')}`);
    }
    return answer;
  }

  // The client types points as [number, number]; Datadog sends null for buckets without data.
  const seriesOf = (answer: QueryResponse): readonly DatadogQuerySeries[] => answer.series ?? [];

  return {
    name: 'datadog',

    async instant(text: string): Promise<MetricSample[]> {
      const to = Math.floor(now().getTime() / 1000);
      const answer = await query(text, to - DATADOG_INSTANT_WINDOW_SECONDS, to);
      const samples: MetricSample[] = [];
      for (const series of seriesOf(answer)) {
        const value = lastValue(series);
        if (value !== null) samples.push({ labels: seriesLabels(series), value });
      }
      return samples;
    },

    // Datadog picks the interval from the window (v1 has no step parameter), so `stepSeconds` is
    // only checked; a query that needs a given resolution says so with `.rollup(avg, 60)`.
    async range(text: string, start: Date, end: Date, stepSeconds: number): Promise<MetricSeries[]> {
      if (!(stepSeconds > 0)) throw new RangeError('stepSeconds must be positive');
      const from = Math.floor(start.getTime() / 1000);
      const to = Math.ceil(end.getTime() / 1000);
      if (!(from < to)) throw new RangeError('start must be before end');
      const answer = await query(text, from, to);
      return seriesOf(answer).map((series) => ({ labels: seriesLabels(series), points: seriesPoints(series) }));
    },

    filtered: (text, filter) => withDatadogTagFilter(text, filter.label, filter.values),
  };
}
