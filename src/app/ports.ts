/**
 * Ports: the small interfaces the use cases need from the outside world. Adapters implement
 * them; only src/main.ts wires the two together.
 */
import type { AlertProvider, AlertSignal, IncidentAlerts } from '../core/alert.js';
import type { TrackedAlert, TrackingResult } from '../core/alert-tracking.js';
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
  /** The alerts of each given incident (the latest 100, oldest first, and counts); incidents without alerts are absent. */
  alerts(ids: readonly number[]): Promise<Map<number, IncidentAlerts>>;
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
  webhookAnswered(provider: string, outcome: WebhookOutcome, seconds: number): void;
  alertsReceived(provider: string, status: string, count: number): void;
}

export type WebhookOutcome = 'stored' | 'duplicate' | 'unauthorized' | 'malformed' | 'too_large' | 'unavailable' | 'error';

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

export type HeaderValue = string | string[] | undefined;
export type Headers = Readonly<Record<string, HeaderValue>>;

/** A webhook delivery after parsing: what is stored before the 202. */
export interface ParsedDelivery {
  /** Stable across the provider's retries; the database refuses a second row with it. */
  readonly deliveryId: string;
  /** The provider's event or action name (`incident.triggered`, `Create`, `Triggered`, `firing`). */
  readonly eventType: string;
  /** Alerts carried by the delivery; empty for event types Warroom stores but does not act on. */
  readonly signals: readonly AlertSignal[];
}

export type ParseOutcome = { readonly ok: true; readonly delivery: ParsedDelivery } | { readonly ok: false; readonly reason: string };

/**
 * One alerting provider's webhook: authentication and parsing (adapters/<provider>/verify.ts and
 * parse.ts). The ingress calls authenticate before parse, and parse only on an authenticated body.
 */
export interface WebhookSource {
  readonly provider: AlertProvider;
  readonly bodyLimitBytes: number;
  authenticate(headers: Headers, rawBody: Buffer): boolean;
  parse(rawBody: Buffer, headers: Headers): ParseOutcome;
}

/** Webhook deliveries, stored byte-exact with their parsed signals before the 202. */
export interface DeliveryStore {
  /** One row per (provider, delivery id): 'duplicate' when it was stored before, with no other effect. */
  record(provider: AlertProvider, delivery: ParsedDelivery, raw: Buffer, receivedAt: Date): Promise<'stored' | 'duplicate'>;
  /** Deliveries whose alerts were not attached within `olderThanSeconds` (a lost job, a crash). */
  unprocessed(olderThanSeconds: number, limit: number): Promise<{ provider: AlertProvider; deliveryId: string }[]>;
}

/** Alert attachment runs in one transaction per delivery; this is what it may do inside it. */
export interface AlertTransaction {
  /** The delivery's signals, locked; null when it was already processed (or does not exist). */
  claimDelivery(provider: AlertProvider, deliveryId: string): Promise<AlertSignal[] | null>;
  markProcessed(provider: AlertProvider, deliveryId: string, at: Date): Promise<void>;
  /** Serialises attachment for these keys across replicas until the transaction ends. */
  lock(keys: readonly string[]): Promise<void>;
  /** The open incident that owns this grouping key or already tracks alerts with it. */
  findOpenIncidentForKey(provider: AlertProvider, groupingKey: string): Promise<Incident | null>;
  findOpenIncidentForService(service: string): Promise<Incident | null>;
  /** The most recent incident, open or not, that tracks alerts with this grouping key. */
  findLatestIncidentForKey(provider: AlertProvider, groupingKey: string): Promise<Incident | null>;
  allocateId(): Promise<number>;
  insertIncident(incident: Incident, events: readonly TimelineEvent[], groupingKey: string): Promise<void>;
  updateIncident(incident: Incident, baseVersion: number, events: readonly TimelineEvent[]): Promise<'ok' | 'conflict'>;
  trackedAlerts(incidentId: number, provider: AlertProvider, fingerprints: readonly string[]): Promise<Map<string, TrackedAlert>>;
  saveAlerts(incidentId: number, groupingKey: string, service: string | null, alerts: TrackingResult['alerts'], at: Date): Promise<void>;
  appendEvents(incidentId: number, events: readonly TimelineEvent[]): Promise<void>;
  unresolvedAlertCount(incidentId: number): Promise<number>;
}

export interface AlertStore {
  inTransaction<T>(work: (tx: AlertTransaction) => Promise<T>): Promise<T>;
}
