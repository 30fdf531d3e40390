/**
 * Metrics (Prometheus, Datadog) for scope and hypothesis checks, the failing-share chart, and stored
 * scope snapshots.
 */
import type { Scope } from '../../core/scope.js';
import type { SlackTaskSpec } from './room.js';

export interface MetricSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface MetricSeries {
  readonly labels: Readonly<Record<string, string>>;
  /** [epoch seconds, value], oldest first. */
  readonly points: readonly (readonly [number, number])[];
}

/**
 * A metrics backend. Both methods throw MetricsUnavailableError when the backend cannot answer in
 * time (5 s), answers 5xx or an error body, or its circuit breaker is open.
 */
export interface MetricsSource {
  readonly name: 'prometheus' | 'datadog';
  /** An instant vector: one value per series, labelled. */
  instant(query: string): Promise<MetricSample[]>;
  /** A range query from `start` to `end` with `stepSeconds` resolution. */
  range(query: string, start: Date, end: Date, stepSeconds: number): Promise<MetricSeries[]>;
  /** `query` narrowed to series whose `label` is one of `values`, written in the backend's own syntax. */
  filtered(query: string, filter: MetricsFilter): string;
}

/** A label (Prometheus) or tag (Datadog) and the values to keep, e.g. the incident's services. */
export interface MetricsFilter {
  readonly label: string;
  readonly values: readonly string[];
}

export class MetricsUnavailableError extends Error {
  readonly code = 'metrics.unavailable';
  constructor(
    readonly source: 'prometheus' | 'datadog',
    readonly reason: string,
  ) {
    super(`${source === 'prometheus' ? 'Prometheus' : 'Datadog'} ${reason}`);
    this.name = 'MetricsUnavailableError';
  }
}

/** Renders the failing-share chart of an incident to PNG. */
export interface ChartRenderer {
  failingShare(input: { title: string; series: readonly { name: string; points: readonly (readonly [number, number])[] }[]; threshold: number }): Promise<Buffer>;
}

/** A failing-share chart rendered for an incident: `version` tells one render from the next. */
export interface RenderedChart {
  readonly version: number;
  readonly title: string;
  readonly at: Date;
}

/**
 * The charts rendered for incidents, read back for the fallback room (issue 23): it shows the
 * newest one, above all while Slack cannot.
 */
export interface RenderedCharts {
  /** The incident's newest chart without its PNG (the room's state asks on every change), or null before the first. */
  newest(incidentId: number): Promise<RenderedChart | null>;
  /** The same chart with its PNG, or null before the first. */
  newestPng(incidentId: number): Promise<(RenderedChart & { readonly png: Buffer }) | null>;
}

/** Scope snapshots: stored, copied onto the incident, on the timeline and into the room, in one transaction. */
export interface ScopeStore {
  save(incidentId: number, scope: Scope, reason: string | null, tasks: readonly SlackTaskSpec[]): Promise<void>;
}
