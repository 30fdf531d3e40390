/**
 * A Prometheus HTTP API fake: a real HTTP server on 127.0.0.1 answering `/api/v1/query` and
 * `/api/v1/query_range` with Prometheus's shapes and rules (prometheus.io/docs/prometheus/latest/querying/api/):
 *
 * - GET with URL parameters, or POST with a form body (`application/x-www-form-urlencoded`);
 *   other methods 405, other paths 404 (`404 page not found`, as Prometheus's router answers);
 * - `{ status: 'success', data: { resultType, result } }` with sample values as strings
 *   (`NaN`, `+Inf`, `-Inf` included) and timestamps as epoch seconds;
 * - parameter checks with Prometheus's own 400 `bad_data` texts: missing query, unparsable
 *   time/start/end (epoch seconds or RFC 3339), unparsable or non-positive step (seconds or a
 *   duration like `30s`), end before start, more than 11,000 points per series.
 *
 * Data: `setSeries(query, series)` is the instant answer to that exact query string (an unknown
 * query answers an empty vector); `setRange(query, series)` the range answer, cut to [start, end];
 * without it, a range query answers the instant series flat at every step.
 *
 * Faults: `failWith(kind, count?)` answers the next `count` requests (default: all, until
 * `recover()`) with Prometheus's documented error bodies: `bad_data` 400, `timeout` 503,
 * `unavailable` 503 (`internal`: TSDB not ready), or `hang` (never answers until `close()`).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PrometheusFakeSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface PrometheusFakeRangeSeries {
  readonly labels: Readonly<Record<string, string>>;
  /** [epoch seconds, value]. */
  readonly points: readonly (readonly [number, number])[];
}

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

const MAX_POINTS = 11_000;
const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000 };

type Answer = { readonly status: number; readonly body: unknown };

class BadData extends Error {}

/** Go's `strconv.FormatFloat` as Prometheus sends sample values. */
function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

/** Prometheus's `parseTime`: epoch seconds (fractions allowed) or RFC 3339. */
function parseTime(name: string, text: string | undefined, fallback?: number): number {
  if (text === undefined || text === '') {
    if (fallback !== undefined) return fallback;
    throw new BadData(`invalid parameter "${name}": cannot parse "" to a valid timestamp`);
  }
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Number(text);
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) throw new BadData(`invalid parameter "${name}": cannot parse "${text}" to a valid timestamp`);
  return ms / 1000;
}

/** Prometheus's `parseDuration`: seconds (fractions allowed) or a duration like `1m30s`. */
function parseStep(text: string | undefined): number {
  const value = text ?? '';
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value)) return Number(value);
  const parts = [...value.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (value === '' || parts.map((p) => p[0]).join('') !== value) throw new BadData(`invalid parameter "step": cannot parse "${value}" to a valid duration`);
  return parts.reduce((sum, p) => sum + Number(p[1]) * (DURATION_UNITS[p[2] ?? 's'] ?? 1), 0);
}

function requireQuery(params: Readonly<Record<string, string>>): string {
  const query = params['query'] ?? '';
  if (query.trim() === '') throw new BadData('invalid parameter "query": 1:1: parse error: no expression found in input');
  return query;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startPrometheusFake(): Promise<PrometheusFake> {
  const instant = new Map<string, PrometheusFakeSeries[]>();
  const ranges = new Map<string, PrometheusFakeRangeSeries[]>();
  const log: { seq: number; method: string; path: string; params: Record<string, string>; status: number | null; at: number }[] = [];
  let failure: { kind: PrometheusFakeFailure; remaining: number } | null = null;

  function query(params: Readonly<Record<string, string>>): Answer {
    const q = requireQuery(params);
    const time = parseTime('time', params['time'], Date.now() / 1000);
    const result = (instant.get(q) ?? []).map((s) => ({ metric: { ...s.labels }, value: [time, formatValue(s.value)] }));
    return { status: 200, body: { status: 'success', data: { resultType: 'vector', result } } };
  }

  function queryRange(params: Readonly<Record<string, string>>): Answer {
    const q = requireQuery(params);
    const start = parseTime('start', params['start']);
    const end = parseTime('end', params['end']);
    if (end < start) throw new BadData('end timestamp must not be before start time');
    const step = parseStep(params['step']);
    if (step <= 0) throw new BadData('zero or negative query resolution step widths are not accepted. Try a positive integer');
    if ((end - start) / step > MAX_POINTS) throw new BadData('exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
    const set = ranges.get(q);
    const series =
      set?.map((s) => ({ labels: s.labels, points: s.points.filter(([t]) => t >= start && t <= end) })) ??
      (instant.get(q) ?? []).map((s) => {
        const points: [number, number][] = [];
        for (let i = 0; start + i * step <= end; i += 1) points.push([start + i * step, s.value]);
        return { labels: s.labels, points };
      });
    const result = series.filter((s) => s.points.length > 0).map((s) => ({ metric: { ...s.labels }, values: s.points.map(([t, v]) => [t, formatValue(v)]) }));
    return { status: 200, body: { status: 'success', data: { resultType: 'matrix', result } } };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    const body = await readBody(req);
    if (req.method === 'POST' && (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) Object.assign(params, Object.fromEntries(new URLSearchParams(body)));
    const entry = { seq: log.length + 1, method: req.method ?? 'GET', path: url.pathname, params, status: null as number | null, at: Date.now() };
    log.push(entry);

    const send = (status: number, payload: unknown): void => {
      entry.status = status;
      if (typeof payload === 'string') res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(payload);
      else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    };

    const route = url.pathname === '/api/v1/query' ? query : url.pathname === '/api/v1/query_range' ? queryRange : null;
    if (route === null) return send(404, '404 page not found\n');
    if (req.method !== 'GET' && req.method !== 'POST') return send(405, 'Method Not Allowed\n');

    if (failure !== null && failure.remaining > 0) {
      const { kind } = failure;
      failure.remaining -= 1;
      if (failure.remaining === 0) failure = null;
      if (kind === 'hang') return; // the connection stays open until the client gives up or close()
      const { status, body: error } = PROMETHEUS_FAKE_ERRORS[kind];
      return send(status, error);
    }
    try {
      const answer = route(params);
      send(answer.status, answer.body);
    } catch (err) {
      if (!(err instanceof BadData)) throw err;
      send(400, { status: 'error', errorType: 'bad_data', error: err.message });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'error', errorType: 'internal', error: String(err) }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

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
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
