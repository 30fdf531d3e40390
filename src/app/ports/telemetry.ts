/**
 * Counters the use cases and workers feed, and the operations figures /metrics reads from the
 * database.
 */
import type { Severity } from '../../core/severity.js';
import type { PagingCheckOutcome } from './paging-check.js';
import type { PagingProviderName } from './paging.js';

/** Counters the use cases and workers feed; /metrics exposes them. */
export interface Telemetry {
  jobFinished(name: string, outcome: 'completed' | 'failed', seconds: number): void;
  webhookAnswered(provider: string, outcome: WebhookOutcome, seconds: number): void;
  alertsReceived(provider: string, status: string, count: number): void;
  dependencyUp(name: string, up: boolean): void;
  /** Room set-ups that have failed many times and are still being retried (`warroom_room_setups_stuck`). */
  roomSetupsStuck(count: number): void;
  /** An incident reached a milestone, `seconds` after it was declared (`warroom_incident_time_to_*_seconds`). */
  incidentMilestone(milestone: IncidentMilestone, severity: Severity, seconds: number): void;
  /** One page attempt ended: sent, failed at the provider, or found already sent (`warroom_pages_total`). */
  pageOutcome(provider: PagingProviderName, outcome: PageOutcome): void;
  /** A paging canary round ended for a provider (`warroom_paging_check_seconds{provider,outcome}`). */
  pagingCheckFinished(provider: PagingProviderName, outcome: PagingCheckOutcome, seconds: number): void;
}

/** First page acknowledged, moved to `monitoring` (mitigated), resolved. */
export type IncidentMilestone = 'acknowledge' | 'mitigate' | 'resolve';

export type PageOutcome = 'sent' | 'failed' | 'already_sent';

/**
 * Warroom's own backlog as the database holds it, read when Prometheus scrapes. Every replica reads
 * the same rows, so these gauges are equal on all replicas: aggregate them with max, never sum.
 */
export interface OperationsSnapshot {
  /** Open (unresolved) incidents, drills left out, by severity; every severity is present. */
  readonly openIncidents: Readonly<Record<Severity, number>>;
  /** Slack outbox tasks not done yet, and the age of the oldest of them (0 when none). */
  readonly slackTasksPending: number;
  readonly oldestSlackTaskSeconds: number;
  /** Stored webhook deliveries whose alerts are not attached to incidents yet. */
  readonly deliveriesAwaitingAttach: number;
}

export interface OperationsReader {
  read(): Promise<OperationsSnapshot>;
}

export type WebhookOutcome = 'stored' | 'duplicate' | 'unauthorized' | 'malformed' | 'too_large' | 'busy' | 'unavailable' | 'error';
