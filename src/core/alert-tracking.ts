import type { AlertProvider, AlertSignal, AlertStatus, SignalAction } from './alert.js';
import type { TimelineEvent, TimelineKind } from './timeline.js';

/** An alert as already tracked on an incident. */
export interface TrackedAlert {
  readonly fingerprint: string;
  readonly status: AlertStatus;
}

/** What one signal did to one alert. `from` is null for an alert seen for the first time. */
export interface AlertChange {
  readonly fingerprint: string;
  readonly title: string;
  readonly action: SignalAction;
  readonly from: AlertStatus | null;
  readonly to: AlertStatus;
  readonly note: string | null;
}

export interface TrackingResult {
  /** The final state of every alert the signals touched, with the signal that set it last. */
  readonly alerts: ReadonlyMap<string, { readonly status: AlertStatus; readonly signal: AlertSignal; readonly seen: number }>;
  readonly changes: readonly AlertChange[];
}

/**
 * Applies a delivery's signals, in order, to the alerts already tracked. A repeat of a firing
 * alert changes nothing on the timeline (an alert storm is one line, not thousands).
 */
export function trackAlerts(existing: ReadonlyMap<string, TrackedAlert>, signals: readonly AlertSignal[]): TrackingResult {
  const alerts = new Map<string, { status: AlertStatus; signal: AlertSignal; seen: number }>();
  const changes: AlertChange[] = [];
  for (const signal of signals) {
    const before = alerts.get(signal.fingerprint)?.status ?? existing.get(signal.fingerprint)?.status ?? null;
    const after = signal.status ?? before ?? 'firing';
    alerts.set(signal.fingerprint, { status: after, signal, seen: (alerts.get(signal.fingerprint)?.seen ?? 0) + 1 });
    const statusChanged = before !== after;
    const noteworthy = signal.note !== null || ['escalated', 'priority_updated', 'reassigned'].includes(signal.action);
    if (statusChanged || noteworthy) {
      changes.push({ fingerprint: signal.fingerprint, title: signal.title, action: signal.action, from: before, to: after, note: signal.note });
    }
  }
  return { alerts, changes };
}

/** One delivery's signals, for tracking several deliveries of one key in one go. */
export interface DeliverySignals {
  readonly deliveryId: string;
  readonly signals: readonly AlertSignal[];
}

/**
 * `trackAlerts` over several deliveries, one after the other, exactly as if each were tracked on
 * its own: each delivery's changes (for its own timeline lines), and the alerts' final state with
 * `seen` summed over all of them (one write for the lot).
 */
export function trackDeliveries(existing: ReadonlyMap<string, TrackedAlert>, deliveries: readonly DeliverySignals[]): TrackingResult & { readonly perDelivery: readonly { readonly deliveryId: string; readonly changes: readonly AlertChange[] }[] } {
  const state = new Map(existing);
  const alerts = new Map<string, { status: AlertStatus; signal: AlertSignal; seen: number }>();
  const perDelivery: { deliveryId: string; changes: readonly AlertChange[] }[] = [];
  for (const { deliveryId, signals } of deliveries) {
    const result = trackAlerts(state, signals);
    for (const [fingerprint, alert] of result.alerts) {
      alerts.set(fingerprint, { ...alert, seen: (alerts.get(fingerprint)?.seen ?? 0) + alert.seen });
      state.set(fingerprint, { fingerprint, status: alert.status });
    }
    perDelivery.push({ deliveryId, changes: result.changes });
  }
  return { alerts, changes: perDelivery.flatMap((d) => d.changes), perDelivery };
}

export const PROVIDER_NAMES: Readonly<Record<AlertProvider, string>> = {
  pagerduty: 'PagerDuty',
  opsgenie: 'Opsgenie',
  datadog: 'Datadog',
  alertmanager: 'Alertmanager',
  jsm: 'JSM',
};

/** The kind of a change's status line; null for a note that changes nothing else (the note is its line). */
function kindOf(change: AlertChange): TimelineKind | null {
  if (change.from === change.to) return change.note !== null ? null : 'alert_updated';
  if (change.to === 'resolved') return 'alert_resolved';
  if (change.to === 'acknowledged') return 'alert_acknowledged';
  return 'alert_received';
}

const VERB: Record<TimelineKind, string> = {
  alert_received: 'firing',
  alert_resolved: 'resolved',
  alert_acknowledged: 'acknowledged',
  alert_updated: 'updated',
  note_added: 'annotated',
} as Record<TimelineKind, string>;

/**
 * Timeline events for a delivery's changes: one event per kind, so a delivery of 10 000 alerts
 * writes a handful of lines. Notes stay one event each, since each carries its own text.
 */
export function alertTimelineEvents(provider: AlertProvider, deliveryId: string, changes: readonly AlertChange[], at: Date): TimelineEvent[] {
  const name = PROVIDER_NAMES[provider];
  const events: TimelineEvent[] = [];
  const byKind = new Map<TimelineKind, AlertChange[]>();
  for (const change of changes) {
    if (change.note !== null) {
      events.push({ at, kind: 'note_added', actor: provider, text: `${name} note on ${change.title}: ${change.note}`, data: { provider, deliveryId, fingerprint: change.fingerprint } });
    }
    const kind = kindOf(change);
    if (kind === null) continue;
    const list = byKind.get(kind);
    if (list) list.push(change);
    else byKind.set(kind, [change]);
  }
  for (const [kind, list] of byKind) {
    const first = list[0];
    if (!first) continue;
    const text =
      list.length === 1
        ? `${name}: ${first.title} (${first.action.replace('_', ' ')})`
        : `${name}: ${list.length} alerts ${VERB[kind]} — ${summarizeTitles(list.map((c) => c.title))}`;
    events.push({
      at,
      kind,
      actor: provider,
      text,
      data: { provider, deliveryId, count: list.length, fingerprints: list.slice(0, 20).map((c) => c.fingerprint), actions: [...new Set(list.map((c) => c.action))] },
    });
  }
  return events;
}

function summarizeTitles(titles: readonly string[]): string {
  const unique = [...new Set(titles)];
  const shown = unique.slice(0, 3).join(', ');
  return unique.length > 3 ? `${shown} and ${unique.length - 3} more` : shown;
}
