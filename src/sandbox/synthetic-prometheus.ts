/**
 * The sandbox's Prometheus: the shared Prometheus simulation (src/sandbox/prometheus) served at
 * `/sandbox/prometheus/api/v1/query` and `…/query_range`, answering a scripted outage so the
 * scope card, its chart and the hypothesis checks work offline. Checkout's 5xx in eu-west-1 grow from almost nothing to about 60 % of its
 * requests over ten minutes, then stay there; every other region and service keeps a background
 * of 0.2 %. The outage began three minutes before the sandbox started, so a first incident
 * already sees it (and its chart shows it rising).
 */
import type { Route } from '../ingress/http/route.js';
import { answerPrometheusQuery, PROMETHEUS_QUERY_PATHS, readPrometheusParams, writePrometheusAnswer, type PrometheusData, type PrometheusSample } from './prometheus/prometheus-query-api.js';

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
const REQUESTS_PER_SECOND: Record<string, number> = { 'eu-west-1': 120, 'us-east-1': 200, 'ap-southeast-1': 60 };

type Kind = 'errors' | 'requests' | { readonly value: number | null };

/** Which synthetic series a query asks for; the configured scope queries are recognised by their 5xx matcher. */
function kindOf(query: string): Kind {
  // A check narrowed to an incident's services carries their matcher: it holds only for checkout's.
  const unnarrowed = query.replace(/,?\s*service\s*=~?\s*"[^"]*"/g, '').replace(/\{\s*,\s*/g, '{').replace(/\{\s*\}/g, '').trim();
  const check = SANDBOX_CHECKS.find((c) => c.prometheus === unnarrowed);
  if (check) return { value: servicesOf(query).includes('checkout') ? check.value : null };
  if (!query.includes('http_requests_total')) return { value: null };
  return /code\s*=~?\s*"5/.test(query) ? 'errors' : 'requests';
}

function failingShare(region: string, service: string, secondsSinceStart: number): number {
  if (region !== 'eu-west-1' || service !== 'checkout') return BACKGROUND_FAILING;
  const progress = Math.min(1, Math.max(0, (secondsSinceStart + BEGAN_BEFORE_START_SECONDS) / RAMP_SECONDS));
  return BACKGROUND_FAILING + (PEAK_FAILING - BACKGROUND_FAILING) * progress;
}

/** The services a query keeps: its `service="…"` or `service=~"a|b"` matcher (an incident's services), else all. */
function servicesOf(query: string): readonly string[] {
  const matcher = /service\s*(=~?)\s*"([^"]*)"/.exec(query);
  if (!matcher) return SANDBOX_SERVICES;
  // The sandbox's service names hold no regex characters, so escapes can simply be dropped.
  const wanted = matcher[1] === '=~' ? (matcher[2] ?? '').split('|').map((v) => v.replace(/\\/g, '')) : [matcher[2] ?? ''];
  return SANDBOX_SERVICES.filter((s) => wanted.includes(s));
}

function samplesAt(kind: Kind, epochSeconds: number, startedAt: number, services: readonly string[]): PrometheusSample[] {
  if (typeof kind === 'object') return kind.value === null ? [] : [{ labels: {}, value: kind.value }];
  const since = epochSeconds - startedAt / 1000;
  return SANDBOX_REGIONS.flatMap((region) =>
    services.map((service) => {
      const requests = (REQUESTS_PER_SECOND[region] ?? 100) * (service === 'checkout' ? 1 : 0.7);
      return { labels: { region, service }, value: kind === 'requests' ? requests : requests * failingShare(region, service, since) };
    }),
  );
}

export function syntheticPrometheusRoutes(options: { startedAt: number; now?: () => number }): Route[] {
  const now = options.now ?? Date.now;
  // A range query samples the outage at every step.
  const outage: PrometheusData = { instant: (query, epochSeconds) => samplesAt(kindOf(query), epochSeconds, options.startedAt, servicesOf(query)) };
  return (['GET', 'POST'] as const).flatMap((method) =>
    PROMETHEUS_QUERY_PATHS.map((path) => ({
      method,
      path: `/sandbox/prometheus${path}`,
      handler: async (req, res) => writePrometheusAnswer(res, answerPrometheusQuery(outage, path, await readPrometheusParams(req), now() / 1000)),
    })),
  );
}
