/**
 * One simulation of Prometheus's HTTP query API (prometheus.io/docs/prometheus/latest/querying/api/):
 * `/api/v1/query` and `/api/v1/query_range` with Prometheus's shapes and rules, over any source of
 * data — the sandbox's scripted outage, or the series a test sets on its fake:
 * - parameters from the URL, or from a form body on POST (form fields win, as in Go's `FormValue`);
 * - `{ status: 'success', data: { resultType, result } }` with sample values as strings (`NaN`,
 *   `+Inf`, `-Inf` included) and timestamps as epoch seconds;
 * - Prometheus's own 400 `bad_data` texts: missing query, unparsable time/start/end (epoch seconds
 *   or RFC 3339), unparsable or non-positive step, end before start, more than 11,000 points.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../../ingress/http/read-body.js';

export interface PrometheusSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface PrometheusRangeSeries {
  readonly labels: Readonly<Record<string, string>>;
  /** [epoch seconds, value]. */
  readonly points: readonly (readonly [number, number])[];
}

/** What the simulated Prometheus knows. Without `range`, a range query samples `instant` at every step. */
export interface PrometheusData {
  instant(query: string, epochSeconds: number): readonly PrometheusSample[];
  /** The series of a range query, cut to [start, end]; undefined to sample `instant` instead. */
  range?(query: string, start: number, end: number): readonly PrometheusRangeSeries[] | undefined;
}

export type PrometheusAnswer = { readonly status: number; readonly body: unknown };

export const PROMETHEUS_QUERY_PATHS = ['/api/v1/query', '/api/v1/query_range'] as const;

const MAX_POINTS = 11_000;
const BODY_LIMIT = 64 * 1024;
const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000 };

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

function instantQuery(data: PrometheusData, params: Readonly<Record<string, string>>, nowSeconds: number): PrometheusAnswer {
  const q = requireQuery(params);
  const time = parseTime('time', params['time'], nowSeconds);
  const result = data.instant(q, time).map((s) => ({ metric: { ...s.labels }, value: [time, formatValue(s.value)] }));
  return { status: 200, body: { status: 'success', data: { resultType: 'vector', result } } };
}

function sampledRange(data: PrometheusData, query: string, start: number, end: number, step: number): PrometheusRangeSeries[] {
  const series = new Map<string, { labels: Readonly<Record<string, string>>; points: [number, number][] }>();
  for (let i = 0; start + i * step <= end; i += 1) {
    const t = start + i * step;
    for (const s of data.instant(query, t)) {
      const key = JSON.stringify(s.labels);
      const entry = series.get(key) ?? { labels: s.labels, points: [] };
      entry.points.push([t, s.value]);
      series.set(key, entry);
    }
  }
  return [...series.values()];
}

function rangeQuery(data: PrometheusData, params: Readonly<Record<string, string>>): PrometheusAnswer {
  const q = requireQuery(params);
  const start = parseTime('start', params['start']);
  const end = parseTime('end', params['end']);
  if (end < start) throw new BadData('end timestamp must not be before start time');
  const step = parseStep(params['step']);
  if (step <= 0) throw new BadData('zero or negative query resolution step widths are not accepted. Try a positive integer');
  if ((end - start) / step > MAX_POINTS) throw new BadData('exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
  const series = data.range?.(q, start, end) ?? sampledRange(data, q, start, end, step);
  const result = series.filter((s) => s.points.length > 0).map((s) => ({ metric: { ...s.labels }, values: s.points.map(([t, v]) => [t, formatValue(v)]) }));
  return { status: 200, body: { status: 'success', data: { resultType: 'matrix', result } } };
}

/** The answer to a query on `path` (one of PROMETHEUS_QUERY_PATHS); `nowSeconds` is an instant query's default time. */
export function answerPrometheusQuery(data: PrometheusData, path: string, params: Readonly<Record<string, string>>, nowSeconds: number): PrometheusAnswer {
  try {
    return path === '/api/v1/query' ? instantQuery(data, params, nowSeconds) : rangeQuery(data, params);
  } catch (err) {
    if (!(err instanceof BadData)) throw err;
    return { status: 400, body: { status: 'error', errorType: 'bad_data', error: err.message } };
  }
}

/** URL parameters and, on a form POST, the form fields (which win). */
export async function readPrometheusParams(req: IncomingMessage): Promise<Record<string, string>> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const params: Record<string, string> = Object.fromEntries(url.searchParams);
  const body = (await readBody(req, BODY_LIMIT)).toString('utf8');
  if (req.method === 'POST' && (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) Object.assign(params, Object.fromEntries(new URLSearchParams(body)));
  return params;
}

/** A string body is Prometheus's plain-text router answer (404, 405); anything else is JSON. */
export function writePrometheusAnswer(res: ServerResponse, answer: PrometheusAnswer): void {
  if (typeof answer.body === 'string') res.writeHead(answer.status, { 'content-type': 'text/plain; charset=utf-8' }).end(answer.body);
  else res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
}
