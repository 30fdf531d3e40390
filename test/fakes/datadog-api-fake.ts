/**
 * A Datadog API fake: a real HTTP server on 127.0.0.1 answering the metric query Warroom makes,
 * in Datadog's shapes (docs.datadoghq.com/api/latest/metrics/#query-timeseries-points; the example
 * answer is ../shared/fixtures/datadog-api-v1-query-response.json):
 *
 * - `DD-API-KEY` and `DD-APPLICATION-KEY` must both match, else 403 `{"errors":["Forbidden"]}`;
 * - `GET /api/v1/query?from=<s>&to=<s>&query=<q>` answers `status: "ok"` with one series per
 *   configured tag set: `scope`, `tag_set`, `pointlist` ([epoch ms, value], oldest first),
 *   `metric`, `expression`, `aggr`, `interval`, `start`, `end`, `length`, plus `query`,
 *   `from_date`, `to_date`, `group_by`. A query nobody configured has no data: `series: []`;
 * - missing or invalid `from`/`to`/`query` → 400 `{"errors":[…]}`; other paths → 404.
 *
 * Data: `setSeries(query, [{ tags, value }])` gives each series a flat line over whatever window
 * is asked (one point per 60 s); `setRange(query, [{ tags, points }])` gives fixed points (epoch
 * seconds; null is a bucket without data), of which those inside the window are answered.
 *
 * Faults, for the next `count` requests (default 1; Infinity for "until told otherwise"):
 * `server_error` (500, before the keys are checked, like a broken front end), `rate_limited`
 * (429 with Datadog's X-RateLimit headers), `hang` (never answers until `close()`), and
 * `bad_request` (400 with a query parse error, after the keys are checked).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Shaped like real keys (32 and 40 hex characters) so key handling sees realistic values. */
export const DATADOG_FAKE_API_KEY = '9f1c2a7e4b6d8f0a1c3e5b7d9f2a4c6e';
export const DATADOG_FAKE_APP_KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

export type DatadogFakeFault = 'server_error' | 'rate_limited' | 'bad_request' | 'hang';

export interface DatadogFakeOptions {
  readonly apiKey?: string;
  readonly appKey?: string;
}

export interface DatadogFakeRequest {
  /** Arrival order, starting at 1. */
  readonly seq: number;
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly apiKey: string | null;
  readonly appKey: string | null;
  /** HTTP status answered; null while the answer is pending (or never comes: `hang`). */
  readonly status: number | null;
}

export interface DatadogFakeFlatSeries {
  readonly tags: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface DatadogFakeRangeSeries {
  readonly tags: Readonly<Record<string, string>>;
  /** [epoch seconds, value or null], any order. */
  readonly points: readonly (readonly [number, number | null])[];
}

export interface DatadogFake {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly apiKey: string;
  readonly appKey: string;
  /** Every series of `query` is a flat line at its value over the asked window. Replaces earlier data for `query`. */
  setSeries(query: string, series: readonly DatadogFakeFlatSeries[]): void;
  /** Every series of `query` has these points. Replaces earlier data for `query`. */
  setRange(query: string, series: readonly DatadogFakeRangeSeries[]): void;
  /** Answer the next `count` requests (default 1) with this fault; count 0 clears it. */
  failWith(fault: DatadogFakeFault, count?: number): void;
  requests(): DatadogFakeRequest[];
  /** Stop listening and drop open connections, hanging ones included. */
  close(): Promise<void>;
}

type Data = { kind: 'flat'; series: DatadogFakeFlatSeries[] } | { kind: 'range'; series: DatadogFakeRangeSeries[] };

const FLAT_INTERVAL_SECONDS = 60;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}

/** `sum:trace.http.request.errors{*} by {region,service}.as_rate()` → metric, aggregator, group-by keys, and the expression for one scope. */
function describeQuery(query: string): { metric: string; aggr: string | null; groupBy: string[]; expression: (scope: string) => string } {
  const match = /^\s*(?:(\w+):)?([^{\s]+)\s*\{([^}]*)\}(?:\s*by\s*\{([^}]*)\})?(.*)$/.exec(query);
  if (!match) return { metric: query, aggr: null, groupBy: [], expression: () => query };
  const [, aggr, metric = query, , by, rest = ''] = match;
  const groupBy = (by ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '');
  return { metric, aggr: aggr ?? null, groupBy, expression: (scope) => `${aggr ? `${aggr}:` : ''}${metric}{${scope}}${rest}` };
}

export async function startDatadogFake(options: DatadogFakeOptions = {}): Promise<DatadogFake> {
  const apiKey = options.apiKey ?? DATADOG_FAKE_API_KEY;
  const appKey = options.appKey ?? DATADOG_FAKE_APP_KEY;
  const data = new Map<string, Data>();
  const log: { seq: number; method: string; path: string; query: Record<string, string>; apiKey: string | null; appKey: string | null; status: number | null }[] = [];
  let fault: { kind: DatadogFakeFault; remaining: number } | null = null;

  function takeFault(kinds: readonly DatadogFakeFault[]): DatadogFakeFault | null {
    if (!fault || fault.remaining <= 0 || !kinds.includes(fault.kind)) return null;
    fault.remaining -= 1;
    return fault.kind;
  }

  function answerQuery(params: URLSearchParams): { status: number; body: unknown } {
    const query = params.get('query');
    const fromText = params.get('from');
    const toText = params.get('to');
    if (query === null || query.trim() === '') return { status: 400, body: { errors: ["The parameter 'query' is required"] } };
    const from = Number(fromText);
    const to = Number(toText);
    if (fromText === null || !Number.isInteger(from)) return { status: 400, body: { errors: ["The parameter 'from' is required and must be an integer (epoch seconds)"] } };
    if (toText === null || !Number.isInteger(to)) return { status: 400, body: { errors: ["The parameter 'to' is required and must be an integer (epoch seconds)"] } };
    if (from > to) return { status: 400, body: { errors: ["'from' must be before 'to'"] } };

    const described = describeQuery(query);
    const stored = data.get(query);
    const lines: { tags: Readonly<Record<string, string>>; pointlist: [number, number | null][]; interval: number }[] = [];
    if (stored?.kind === 'range') {
      for (const s of stored.series) {
        const pointlist = s.points.filter(([t]) => t >= from && t <= to).map(([t, v]): [number, number | null] => [t * 1000, v]).sort((a, b) => a[0] - b[0]);
        const first = pointlist[0];
        const second = pointlist[1];
        lines.push({ tags: s.tags, pointlist, interval: first && second ? (second[0] - first[0]) / 1000 : FLAT_INTERVAL_SECONDS });
      }
    } else if (stored?.kind === 'flat') {
      for (const s of stored.series) {
        const pointlist: [number, number | null][] = [];
        for (let t = Math.ceil(from / FLAT_INTERVAL_SECONDS) * FLAT_INTERVAL_SECONDS; t <= to; t += FLAT_INTERVAL_SECONDS) pointlist.push([t * 1000, s.value]);
        if (pointlist.length === 0) pointlist.push([to * 1000, s.value]);
        lines.push({ tags: s.tags, pointlist, interval: FLAT_INTERVAL_SECONDS });
      }
    }
    const series = lines.map(({ tags, pointlist, interval }) => {
      const tagSet = Object.entries(tags).map(([k, v]) => `${k}:${v}`);
      const scope = tagSet.length === 0 ? '*' : tagSet.join(',');
      return {
        metric: described.metric,
        display_name: described.metric,
        expression: described.expression(scope),
        scope,
        tag_set: tagSet,
        pointlist,
        start: pointlist[0]?.[0] ?? from * 1000,
        end: pointlist[pointlist.length - 1]?.[0] ?? to * 1000,
        interval,
        length: pointlist.length,
        aggr: described.aggr,
        attributes: {},
        query_index: 0,
        unit: null,
      };
    });
    return {
      status: 200,
      body: {
        status: 'ok',
        resp_version: 1,
        res_type: 'time_series',
        query,
        message: '',
        from_date: from * 1000,
        to_date: to * 1000,
        group_by: described.groupBy,
        series,
        times: [],
        values: [],
      },
    };
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const entry = {
      seq: log.length + 1,
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      apiKey: header(req, 'dd-api-key'),
      appKey: header(req, 'dd-application-key'),
      status: null as number | null,
    };
    log.push(entry);
    const answer = (status: number, body: unknown, headers?: Record<string, string>): void => {
      entry.status = status;
      send(res, status, body, headers);
    };

    const early = takeFault(['hang', 'server_error', 'rate_limited']);
    if (early === 'hang') return; // keep the socket open and silent until close()
    if (early === 'server_error') return answer(500, { errors: ['Internal Server Error'] });
    if (early === 'rate_limited') {
      return answer(429, { errors: ['Rate limit of 1600 requests in 3600 seconds reached. Please try again later.'] }, {
        'x-ratelimit-limit': '1600',
        'x-ratelimit-period': '3600',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': '60',
        'x-ratelimit-name': 'query_metrics',
      });
    }
    if (entry.apiKey !== apiKey || entry.appKey !== appKey) return answer(403, { errors: ['Forbidden'] });
    if (takeFault(['bad_request'])) {
      return answer(400, { errors: [`Error parsing query: unable to parse ${url.searchParams.get('query') ?? ''}: Rule 'scope_expr' didn't match`] });
    }
    if (req.method === 'GET' && url.pathname === '/api/v1/query') {
      const { status, body } = answerQuery(url.searchParams);
      return answer(status, body);
    }
    return answer(404, { errors: ['Not found'] });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    appKey,
    setSeries(query, series) {
      data.set(query, { kind: 'flat', series: series.map((s) => ({ tags: { ...s.tags }, value: s.value })) });
    },
    setRange(query, series) {
      data.set(query, { kind: 'range', series: series.map((s) => ({ tags: { ...s.tags }, points: s.points.map(([t, v]) => [t, v] as const) })) });
    },
    failWith(kind, count = 1) {
      fault = { kind, remaining: count };
    },
    requests: () => log.map((r) => ({ ...r, query: { ...r.query } })),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
