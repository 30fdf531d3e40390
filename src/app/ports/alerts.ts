/**
 * Alerts attached to incidents, one transaction per delivery.
 */
import type { AlertProvider, AlertSignal } from '../../core/alert.js';
import type { TrackedAlert, TrackingResult } from '../../core/alert-tracking.js';
import type { Incident } from '../../core/incident.js';
import type { ProviderPerson } from '../../core/provider-person.js';
import type { TimelineEvent } from '../../core/timeline.js';
import type { IncidentUpdate } from './incidents.js';
import type { SlackTaskSpec } from './room.js';

/** Alert attachment runs in one transaction per delivery; this is what it may do inside it. */
export interface AlertTransaction {
  /**
   * The deliveries' signals, locked, in the order asked; a delivery is left out when it was already
   * processed, is being attached by another worker, or does not exist.
   */
  claimDeliveries(provider: AlertProvider, deliveryIds: readonly string[]): Promise<{ deliveryId: string; signals: AlertSignal[] }[]>;
  markProcessed(provider: AlertProvider, deliveryIds: string | readonly string[], at: Date): Promise<void>;
  /** Serialises attachment for these keys across replicas until the transaction ends. */
  lock(keys: readonly string[]): Promise<void>;
  /** The open incident that owns this grouping key or already tracks alerts with it. */
  findOpenIncidentForKey(provider: AlertProvider, groupingKey: string): Promise<Incident | null>;
  /** The open incident that paged through this provider with one of these keys (its alert coming back). */
  findOpenIncidentPagedWith(provider: AlertProvider, dedupKeys: readonly string[]): Promise<Incident | null>;
  /** The newest open real (non-drill) incident of the service. */
  findOpenIncidentForService(service: string): Promise<Incident | null>;
  /** The most recent incident, open or not, that tracks alerts with this grouping key. */
  findLatestIncidentForKey(provider: AlertProvider, groupingKey: string): Promise<Incident | null>;
  allocateId(): Promise<number>;
  insertIncident(incident: Incident, events: readonly TimelineEvent[], groupingKey: string, tasks: readonly SlackTaskSpec[]): Promise<void>;
  updateIncident(incident: Incident, baseVersion: number, events: readonly TimelineEvent[], tasks: readonly SlackTaskSpec[]): Promise<IncidentUpdate>;
  /** The incident as committed now, its row locked until the transaction ends; null when it is gone. */
  lockIncident(id: number): Promise<Incident | null>;
  enqueue(incidentId: number, tasks: readonly SlackTaskSpec[]): Promise<void>;
  trackedAlerts(incidentId: number, provider: AlertProvider, fingerprints: readonly string[]): Promise<Map<string, TrackedAlert>>;
  saveAlerts(incidentId: number, groupingKey: string, service: string | null, alerts: TrackingResult['alerts'], at: Date): Promise<void>;
  appendEvents(incidentId: number, events: readonly TimelineEvent[]): Promise<void>;
  unresolvedAlertCount(incidentId: number): Promise<number>;
  /**
   * Marks the page with this provider reference acknowledged, by `by` when the provider names them
   * (kept when the ack poll named someone first); its incident when this is news, else null.
   */
  acknowledgePage(provider: AlertProvider, reference: string, at: Date, by?: ProviderPerson | null): Promise<number | null>;
}

export interface AlertStore {
  inTransaction<T>(work: (tx: AlertTransaction) => Promise<T>): Promise<T>;
}
