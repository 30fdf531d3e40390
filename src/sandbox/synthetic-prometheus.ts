/**
 * The sandbox's Prometheus: `/sandbox/prometheus/api/v1/query` and `…/query_range` answering, in
 * Prometheus's own shapes, a scripted outage so the scope card, its chart and the hypothesis
 * checks work offline. Checkout's 5xx in eu-west-1 grow from almost nothing to about 60 % of its
 * requests over ten minutes, then stay there; every other region and service keeps a background
 * of 0.2 %. The outage began three minutes before the sandbox started, so a first incident
 * already sees it (and its chart shows it rising).
 */
import type { ServerResponse } from 'node:http';
import { readBody } from '../ingress/http/read-body.js';
import { sendJson } from '../ingress/http/respond.js';
import type { Route } from '../ingress/http/route.js';

export const SANDBOX_REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-1'] as const;
export const SANDBOX_SERVICES = ['checkout', 'search', 'payments'] as const;
/** The checks the sandbox's default config lists, and what they answer (the deploy is the culprit). */
export const SANDBOX_CHECKS = [
  { name: 'Recent deploy', prometheus: 'sum(changes(kube_deployment_status_observed_generation{deployment="checkout"}[30m])) > 0', value: 1 },
  { name: 'DB replication lag', prometheus: 'max(pg_replication_lag_seconds) > 30', value: null },
] as const;

const RAMP_SECONDS = 600;
const BEGAN_BEFORE_START_SECONDS = 180;
const PEAK_FAILING = 0.6;
const BACKGROUND_FAILING = 0.002;
const MAX_POINTS = 11_000;
const REQUESTS_PER_SECOND: Record<string, number> = { 'eu-west-1': 120, 'us-east-1': 200, 'ap-southeast-1': 60 };

type Kind = 'errors' | 'requests' | { readonly value: number | null };

/** Which synthetic series a query asks for; the configured scope queries are recognised by their 5xx matcher. */
function kindOf(query: string): Kind {
  const check = SANDBOX_CHECKS.find((c) => c.prometheus === query.trim());
  if (check) return { value: check.value };
  if (!query.includes('http_requests_total')) return { value: null };
  return /code\s*=~?\s*"5/.test(query) ? 'errors' : 'requests';
}

function failingShare(region: string, service: string, secondsSinceStart: number): number {
  if (region !== 'eu-west-1' || service !== 'checkout') return BACKGROUND_FAILING;
  const progress = Math.min(1, Math.max(0, (secondsSinceStart + BEGAN_BEFORE_START_SECONDS) / RAMP_SECONDS));
  return BACKGROUND_FAILING + (PEAK_FAILING - BACKGROUND_FAILING) * progress;
}

function samplesAt(kind: Kind, epochSeconds: number, startedAt: number): { metric: Record<string, string>; value: number }[] {
  if (typeof kind === 'object') return kind.value === null ? [] : [{ metric: {}, value: kind.value }];
  const since = epochSeconds - startedAt / 1000;
  return SANDBOX_REGIONS.flatMap((region) =>
    SANDBOX_SERVICES.map((service) => {
      const requests = (REQUESTS_PER_SECOND[region] ?? 100) * (service === 'checkout' ? 1 : 0.7);
      return { metric: { region, service }, value: kind === 'requests' ? requests : requests * failingShare(region, service, since) };
    }),
  );
}

/** Prometheus accepts epoch seconds or RFC 3339; null when it is neither. */
function parseTime(text: string | undefined, fallback: number): number | null {
  if (text === undefined || text === '') return fallback;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms / 1000;
}

function parseStep(text: string | undefined): number | null {
  const match = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(text ?? '');
  if (!match) return null;
  const step = Number(match[1]) * (match[2] === 'h' ? 3600 : match[2] === 'm' ? 60 : 1);
  return step > 0 ? step : null;
}

const badData = (res: ServerResponse, error: string) => sendJson(res, 400, { status: 'error', errorType: 'bad_data', error });

/** Form fields (POST) win over URL parameters, as in Prometheus. */
async function params(req: Parameters<Route['handler']>[0]): Promise<Record<string, string>> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const out = Object.fromEntries(url.searchParams);
  if (req.method === 'POST') Object.assign(out, Object.fromEntries(new URLSearchParams((await readBody(req, 64 * 1024)).toString('utf8'))));
  return out;
}

export function syntheticPrometheusRoutes(options: { startedAt: number; now?: () => number }): Route[] {
  const now = options.now ?? Date.now;
  const instant: Route['handler'] = async (req, res) => {
    const p = await params(req);
    if (!p.query) return badData(res, 'invalid parameter "query": query must not be empty');
    const time = parseTime(p.time, now() / 1000);
    if (time === null) return badData(res, 'invalid parameter "time": cannot parse the time');
    const result = samplesAt(kindOf(p.query), time, options.startedAt).map((s) => ({ metric: s.metric, value: [time, String(s.value)] }));
    sendJson(res, 200, { status: 'success', data: { resultType: 'vector', result } });
  };
  const range: Route['handler'] = async (req, res) => {
    const p = await params(req);
    if (!p.query) return badData(res, 'invalid parameter "query": query must not be empty');
    const start = parseTime(p.start, Number.NaN);
    const end = parseTime(p.end, Number.NaN);
    const step = parseStep(p.step);
    if (start === null || end === null || Number.isNaN(start) || Number.isNaN(end)) return badData(res, 'invalid parameter "start" or "end": cannot parse the time');
    if (step === null) return badData(res, 'invalid parameter "step": cannot parse a positive duration');
    if (end < start) return badData(res, 'end timestamp must not be before start time');
    if ((end - start) / step > MAX_POINTS) return badData(res, 'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
    const kind = kindOf(p.query);
    const series = new Map<string, { metric: Record<string, string>; values: [number, string][] }>();
    for (let t = start; t <= end; t += step) {
      for (const s of samplesAt(kind, t, options.startedAt)) {
        const key = JSON.stringify(s.metric);
        const entry = series.get(key) ?? { metric: s.metric, values: [] };
        entry.values.push([t, String(s.value)]);
        series.set(key, entry);
      }
    }
    sendJson(res, 200, { status: 'success', data: { resultType: 'matrix', result: [...series.values()] } });
  };
  return (['GET', 'POST'] as const).flatMap((method) => [
    { method, path: '/sandbox/prometheus/api/v1/query', handler: instant },
    { method, path: '/sandbox/prometheus/api/v1/query_range', handler: range },
  ]);
}
