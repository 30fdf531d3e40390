/**
 * Ports: the small interfaces the use cases need from the outside world. Adapters implement
 * them; only src/main.ts wires the two together.
 */
import type { AlertSummary } from '../core/alert.js';
import type { Incident } from '../core/incident.js';
import type { Status } from '../core/status.js';
import type { TimelineEvent } from '../core/timeline.js';

export type IncidentStatusFilter = 'open' | 'all' | Status;

export interface IncidentQuery {
  readonly status?: IncidentStatusFilter;
  /** At most this many, newest first. */
  readonly limit?: number;
}

/** Reads incidents and their timelines. */
export interface IncidentReader {
  find(id: number): Promise<Incident | null>;
  list(query: IncidentQuery): Promise<Incident[]>;
  timeline(id: number): Promise<TimelineEvent[]>;
  /** The alerts of each given incident, oldest first; incidents without alerts are absent. */
  alerts(ids: readonly number[]): Promise<Map<number, AlertSummary[]>>;
}

/**
 * Writes incidents. A state change and its timeline events commit in one transaction;
 * `update` refuses a stale base version (optimistic locking) by returning 'conflict'.
 */
export interface IncidentStore extends IncidentReader {
  allocateId(): Promise<number>;
  insert(incident: Incident, events: readonly TimelineEvent[]): Promise<void>;
  update(incident: Incident, baseVersion: number, events: readonly TimelineEvent[]): Promise<'ok' | 'conflict'>;
}

export interface Clock {
  now(): Date;
}

export type DependencyState = 'ok' | 'degraded' | 'down' | 'off';

export interface DependencyHealth {
  readonly state: DependencyState;
  readonly detail?: string;
  readonly latencyMs?: number;
}

/** One dependency's readiness probe, reported by /readyz. */
export interface HealthCheck {
  readonly name: string;
  /** When true, a `down` state makes the whole service unready (503). */
  readonly critical: boolean;
  check(): Promise<DependencyHealth>;
}

export type JobHandler = (data: Readonly<Record<string, unknown>>) => Promise<void>;

/** Durable background jobs (pg-boss): survive restarts, run once across replicas. */
export interface JobQueue {
  send(name: string, data: Readonly<Record<string, unknown>>, options?: { startAfterSeconds?: number }): Promise<void>;
  work(name: string, handler: JobHandler): Promise<void>;
}

/** Counters the use cases and workers feed; /metrics exposes them. */
export interface Telemetry {
  jobFinished(name: string, outcome: 'completed' | 'failed', seconds: number): void;
}

export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * Thrown by adapters when an outside system cannot be reached (database down, pool exhausted).
 * The ingress turns it into 503 so that senders retry; it is never an input problem.
 */
export class DependencyUnavailableError extends Error {
  readonly code = 'dependency.unavailable';
  constructor(
    readonly dependency: string,
    cause: unknown,
  ) {
    super(`${dependency} is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DependencyUnavailableError';
  }
}
