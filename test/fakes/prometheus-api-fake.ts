/**
 * The tests' Prometheus: the project's one Prometheus query API simulation
 * (src/sandbox/prometheus/prometheus-query-api.ts: shapes, parameter rules, `bad_data` texts)
 * served on its own real HTTP server on 127.0.0.1; other methods 405, other paths 404 (`404 page
 * not found`, as Prometheus's router answers).
 *
 * Data: `setSeries(query, series)` is the instant answer to that exact query string (an unknown
 * query answers an empty vector); `setRange(query, series)` the range answer, cut to [start, end];
 * without it, a range query answers the instant series flat at every step.
 *
 * Faults: `failWith(kind, count?)` answers the next `count` requests (default: all, until
 * `recover()`) with Prometheus's documented error bodies: `bad_data` 400, `timeout` 503,
 * `unavailable` 503 (`internal`: TSDB not ready), or `hang` (never answers until `close()`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  answerPrometheusQuery,
  readPrometheusParams,
  writePrometheusAnswer,
  type PrometheusData,
  type PrometheusRangeSeries,
  type PrometheusSample,
} from '../../src/sandbox/prometheus/prometheus-query-api.js';
import { startFakeServer } from './fake-server.js';

export type PrometheusFakeSeries = PrometheusSample;
export type PrometheusFakeRangeSeries = PrometheusRangeSeries;

export type PrometheusFakeFailure = 'bad_data' | 'timeout' | 'unavailable' | 'hang';

export interface PrometheusFakeRequest {
  /** Arrival order, starting at 1. */
  readonly seq: number;
  readonly method: string;
  readonly path: string;
  /** URL parameters and form fields together (form fields win, as in Go's `FormValue`). */
  readonly params: Readonly<Record<string, string>>;
  /** HTTP status answered; null while the answer is pending (or never came: `hang`). */
  readonly status: number | null;
  /** Arrival time, epoch milliseconds. */
  readonly at: number;
}

export interface PrometheusFake {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  setSeries(query: string, series: readonly PrometheusFakeSeries[]): void;
  setRange(query: string, series: readonly PrometheusFakeRangeSeries[]): void;
  /** Answer the next `count` requests (default: every request until `recover()`) with this failure. */
  failWith(kind: PrometheusFakeFailure, count?: number): void;
  /** Stop failing. */
  recover(): void;
  requests(): PrometheusFakeRequest[];
  /** Stop for good; hanging requests lose their connection. */
  close(): Promise<void>;
}

/** The documented error bodies (shared fixtures prometheus-api-error-*.json). */
export const PROMETHEUS_FAKE_ERRORS = {
  bad_data: { status: 400, body: { status: 'error', errorType: 'bad_data', error: 'invalid parameter "query": 1:1: parse error: unexpected end of input' } },
  timeout: { status: 503, body: { status: 'error', errorType: 'timeout', error: 'query timed out in expression evaluation' } },
  unavailable: { status: 503, body: { status: 'error', errorType: 'internal', error: 'TSDB not ready' } },
} as const;

export async function startPrometheusFake(): Promise<PrometheusFake> {
  const instant = new Map<string, PrometheusFakeSeries[]>();
  const ranges = new Map<string, PrometheusFakeRangeSeries[]>();
  const log: { seq: number; method: string; path: string; params: Record<string, string>; status: number | null; at: number }[] = [];
  let failure: { kind: PrometheusFakeFailure; remaining: number } | null = null;

  const scripted: PrometheusData = {
    instant: (q) => instant.get(q) ?? [],
    range: (q, start, end) => ranges.get(q)?.map((s) => ({ labels: s.labels, points: s.points.filter(([t]) => t >= start && t <= end) })),
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const params = await readPrometheusParams(req);
    const entry = { seq: log.length + 1, method: req.method ?? 'GET', path, params, status: null as number | null, at: Date.now() };
    log.push(entry);
    const send = (answer: { status: number; body: unknown }): void => {
      entry.status = answer.status;
      writePrometheusAnswer(res, answer);
    };

    if (path !== '/api/v1/query' && path !== '/api/v1/query_range') return send({ status: 404, body: '404 page not found\n' });
    if (req.method !== 'GET' && req.method !== 'POST') return send({ status: 405, body: 'Method Not Allowed\n' });
    if (failure !== null && failure.remaining > 0) {
      const { kind } = failure;
      failure.remaining -= 1;
      if (failure.remaining === 0) failure = null;
      if (kind === 'hang') return; // the connection stays open until the client gives up or close()
      return send(PROMETHEUS_FAKE_ERRORS[kind]);
    }
    send(answerPrometheusQuery(scripted, path, params, Date.now() / 1000));
  }

  const server = await startFakeServer('prometheus', handle, (res, err) => {
    res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'error', errorType: 'internal', error: String(err) }));
  });
  const { port } = server;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setSeries(q, series) {
      instant.set(q, series.map((s) => ({ labels: { ...s.labels }, value: s.value })));
    },
    setRange(q, series) {
      ranges.set(q, series.map((s) => ({ labels: { ...s.labels }, points: s.points.map(([t, v]) => [t, v] as const) })));
    },
    failWith(kind, count = Number.POSITIVE_INFINITY) {
      failure = count > 0 ? { kind, remaining: count } : null;
    },
    recover() {
      failure = null;
    },
    requests: () => log.map((e) => ({ ...e, params: { ...e.params } })),
    close: () => server.close(),
  };
}
