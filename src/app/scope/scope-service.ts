import { computeScope, suggestedSeverity, unknownScope, type LabelledRate, type Scope } from '../../core/scope.js';
import { severityRank, type Severity } from '../../core/severity.js';
import type { Incident } from '../../core/incident.js';
import { MetricsUnavailableError, type ChartRenderer, type MetricSample, type MetricsFilter, type MetricsSource, type ScopeStore } from '../ports/metrics.js';
import { checkServices, type CheckResult } from '../../core/check-result.js';
import { type Clock, type Logger } from '../ports/runtime.js';
import { type IncidentStore } from '../ports/incidents.js';
import { type SlackTaskSpec, type UpdateCadenceStore } from '../ports/room.js';
import type { RoomPolicy } from '../room-tasks.js';
import { roomTask } from '../room/room-task.js';
import { chartMark, lastChartMark, sameChart } from '../../core/scope-chart.js';

export interface ScopeSettings {
  readonly scope: {
    readonly source: 'prometheus' | 'datadog';
    readonly labels: { readonly region: string; readonly service: string };
    readonly prometheus: { readonly errorRate: string; readonly requestRate: string };
    readonly datadog: { readonly errorRate: string; readonly requestRate: string };
    readonly affectedAbove: number;
    readonly refreshMinutes: number;
  };
  readonly checks: readonly { readonly name: string; readonly prometheus?: string; readonly datadog?: string; readonly services?: readonly string[] }[];
}

export interface ScopeService {
  /** Measures now: snapshot, incident scope, timeline, scope card, summary headline, chart. */
  measure(incidentId: number): Promise<Scope | null>;
  /** Runs the hypothesis checks and posts them as one checklist. */
  runChecks(incidentId: number): Promise<CheckResult[]>;
  /** On a timer in every replica: measures incidents whose refresh is due and checks new ones, once each. */
  tick(): Promise<void>;
}

const CHART_MINUTES = 60;

/**
 * Scope and triage from the metrics. A slow or failing backend never delays anything else: the
 * adapters time out (5 s) behind a circuit breaker, and the scope is then recorded as unknown
 * with the reason; the next refresh tries again.
 */
export function createScopeService(deps: {
  metrics: Partial<Record<'prometheus' | 'datadog', MetricsSource>>;
  scopes: ScopeStore;
  store: IncidentStore;
  cadence: UpdateCadenceStore;
  charts: ChartRenderer | null;
  settings: ScopeSettings;
  room: RoomPolicy;
  clock: Clock;
  log: Logger;
}): ScopeService {
  const { settings } = deps;
  const source = deps.metrics[settings.scope.source] ?? null;
  const queries = settings.scope[settings.scope.source];
  const labelled = (samples: readonly MetricSample[]): LabelledRate[] =>
    samples.map((s) => ({ region: s.labels[settings.scope.labels.region] ?? null, service: s.labels[settings.scope.labels.service] ?? null, value: s.value }));

  /** The query as configured, or narrowed to the incident's services. */
  const narrowed = (query: string, filter: MetricsFilter | null): string => (source && filter ? source.filtered(query, filter) : query);

  /**
   * Measures the incident's services when it names some; all traffic when it names none, or when
   * its services have no traffic in the metrics (a name the metrics do not use), saying which.
   */
  async function measureTraffic(src: MetricsSource, incident: Incident, at: string): Promise<{ scope: Scope; filter: MetricsFilter | null }> {
    const read = async (filter: MetricsFilter | null): Promise<Scope> => {
      const [errors, requests] = await Promise.all([src.instant(narrowed(queries.errorRate, filter)), src.instant(narrowed(queries.requestRate, filter))]);
      return computeScope({ errors: labelled(errors), requests: labelled(requests), affectedAbove: settings.scope.affectedAbove, source: src.name, at });
    };
    const services = incident.services;
    if (services.length === 0) return { scope: { ...(await read(null)), measured: { services, fallback: 'no_services' } }, filter: null };
    const filter: MetricsFilter = { label: settings.scope.labels.service, values: services };
    const theirs = await read(filter);
    if (theirs.failingRatio !== null) return { scope: { ...theirs, measured: { services, fallback: null } }, filter };
    return { scope: { ...(await read(null)), measured: { services, fallback: 'no_data_for_services' } }, filter: null };
  }

  async function chart(incident: Incident, scope: Scope, filter: MetricsFilter | null): Promise<SlackTaskSpec[]> {
    if (!deps.charts || !source || !deps.room.enabled) return [];
    const affected = scope.regions.filter((r) => r.failingRatio > settings.scope.affectedAbove).map((r) => r.name);
    if (affected.length === 0) return [];
    const end = deps.clock.now();
    const start = new Date(end.getTime() - CHART_MINUTES * 60_000);
    const [errors, requests] = await Promise.all([source.range(narrowed(queries.errorRate, filter), start, end, 60), source.range(narrowed(queries.requestRate, filter), start, end, 60)]);
    // Failing share per region at each step: Σ errors / Σ requests over the region's series.
    const per = (series: typeof errors) => {
      const byRegion = new Map<string, Map<number, number>>();
      for (const s of series) {
        const region = s.labels[settings.scope.labels.region];
        if (!region || !affected.includes(region)) continue;
        const points = byRegion.get(region) ?? new Map<number, number>();
        for (const [t, v] of s.points) if (Number.isFinite(v)) points.set(t, (points.get(t) ?? 0) + v);
        byRegion.set(region, points);
      }
      return byRegion;
    };
    const e = per(errors);
    const r = per(requests);
    const series = affected.map((name) => ({
      name,
      points: [...(r.get(name) ?? new Map<number, number>())].filter(([, total]) => total > 0).map(([t, total]) => [t, (e.get(name)?.get(t) ?? 0) / total] as const).sort((a, b) => a[0] - b[0]),
    }));
    // The chart in the channel stays while it shows the same thing (no render, no upload).
    const mark = chartMark(scope.classification, series);
    if (sameChart(lastChartMark(await deps.store.timeline(incident.id)), mark)) return [];
    const png = await deps.charts.failingShare({ title: `${incident.ref}: failing share, last ${CHART_MINUTES} min`, series, threshold: settings.scope.affectedAbove });
    return [roomTask('upload_chart', { png: png.toString('base64'), title: `${incident.ref} failing share by region`, mark })];
  }

  async function measure(incidentId: number): Promise<Scope | null> {
    const incident = await deps.store.find(incidentId);
    if (!incident || !source) return null;
    const at = deps.clock.now().toISOString();
    let scope: Scope;
    let filter: MetricsFilter | null = null;
    let reason: string | null = null;
    try {
      ({ scope, filter } = await measureTraffic(source, incident, at));
    } catch (err) {
      reason = err instanceof MetricsUnavailableError ? err.message : `${source.name} failed: ${err instanceof Error ? err.message : String(err)}`;
      scope = unknownScope(source.name, at);
    }
    const suggestion = suggestedSeverity(scope);
    const raise = suggestion !== null && severityRank(suggestion) < severityRank(incident.severity) ? suggestion : null;
    const tasks: SlackTaskSpec[] = deps.room.enabled
      ? [
          roomTask('scope_card', { reason, suggestion: raise }),
          roomTask('refresh_summary'),
          ...(reason === null ? await chart(incident, scope, filter).catch((err: unknown) => (deps.log.warn({ err: String(err) }, 'scope chart skipped'), [])) : []),
        ]
      : [];
    await deps.scopes.save(incidentId, scope, reason, tasks);
    return scope;
  }

  /**
   * Runs each check for the incident's services it applies to, as the scope narrows its queries;
   * for all services when the incident names none or the check is configured for none of them.
   */
  async function runChecks(incidentId: number): Promise<CheckResult[]> {
    if (!source) return [];
    const incident = await deps.store.find(incidentId);
    if (!incident) return [];
    const results: CheckResult[] = [];
    for (const check of settings.checks) {
      const query = check[source.name];
      if (!query) continue;
      const measured = checkServices(incident.services, check.services);
      const filter = measured.fallback === null ? { label: settings.scope.labels.service, values: measured.services } : null;
      try {
        const samples = await source.instant(narrowed(query, filter));
        const value = samples.map((s) => s.value).find((v) => Number.isFinite(v) && v !== 0) ?? (samples[0]?.value ?? null);
        results.push({ name: check.name, holds: samples.some((s) => Number.isFinite(s.value) && s.value !== 0), value: value !== null && Number.isFinite(value) ? value : null, error: null, measured });
      } catch (err) {
        results.push({ name: check.name, holds: null, value: null, error: err instanceof Error ? err.message : String(err), measured });
      }
    }
    if (results.length === 0) return results;
    const at = deps.clock.now();
    await deps.store.append(
      incidentId,
      results.map((r) => ({
        at,
        kind: 'check_result' as const,
        actor: source.name,
        text: `${r.name}: ${r.holds === null ? `could not run (${r.error ?? 'error'})` : r.holds ? `yes${r.value !== null ? ` (${r.value})` : ''}` : 'no'}`,
        data: { name: r.name, outcome: r.holds === null ? 'error' : r.holds ? 'true' : 'false', value: r.value, measured: r.measured },
      })),
      deps.room.enabled ? [roomTask('checks_card', { results: results.map((r) => ({ ...r })) })] : [],
    );
    return results;
  }

  return {
    measure,
    runChecks,
    async tick() {
      if (!source) return;
      const now = deps.clock.now();
      const every = settings.scope.refreshMinutes * 60_000;
      for (const room of await deps.cadence.scopedIncidents()) {
        const k = Math.max(0, Math.floor((now.getTime() - room.declaredAt.getTime()) / every));
        const period = new Date(room.declaredAt.getTime() + k * every);
        if (await deps.cadence.claimReminder(room.incidentId, 'scope', period, null)) await measure(room.incidentId).catch((err: unknown) => deps.log.warn({ err: String(err) }, 'scope refresh failed'));
        if (await deps.cadence.claimReminder(room.incidentId, 'checks', room.declaredAt, null)) await runChecks(room.incidentId).catch((err: unknown) => deps.log.warn({ err: String(err) }, 'checks failed'));
      }
    },
  };
}

export type { Severity };
