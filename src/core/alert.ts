/** Alerts as the core sees them: provider-neutral signals parsed from webhook deliveries. */
import type { ProviderPerson } from './provider-person.js';

export const ALERT_PROVIDERS = ['pagerduty', 'opsgenie', 'datadog', 'alertmanager', 'jsm'] as const;
export type AlertProvider = (typeof ALERT_PROVIDERS)[number];

/** Which variable turns each provider's webhook on (named in the 404 of a provider that is off, and by drills). */
export const WEBHOOK_ENABLED_BY: Readonly<Record<AlertProvider, string>> = {
  pagerduty: 'PAGERDUTY_WEBHOOK_SECRETS',
  opsgenie: 'OPSGENIE_WEBHOOK_TOKEN',
  datadog: 'DATADOG_WEBHOOK_TOKEN',
  alertmanager: 'ALERTMANAGER_WEBHOOK_TOKEN',
  jsm: 'JSM_WEBHOOK_TOKEN',
};

/** The tracked state of one alert. */
export const ALERT_STATUSES = ['firing', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** What the provider said happened; drives the timeline text. */
export const SIGNAL_ACTIONS = [
  'triggered',
  'acknowledged',
  'unacknowledged',
  'resolved',
  'reopened',
  'escalated',
  'priority_updated',
  'reassigned',
  'annotated',
  'updated',
] as const;
export type SignalAction = (typeof SIGNAL_ACTIONS)[number];

/**
 * One alert as a webhook delivery reports it, before grouping. Parsers (adapters) build these;
 * every string is untrusted provider text.
 */
export interface AlertSignal {
  readonly provider: AlertProvider;
  /** Alerts with the same grouping key share an incident (PagerDuty incident id, Opsgenie alias, Datadog alert id, Alertmanager groupKey). */
  readonly groupingKey: string;
  /** This alert's identity within its provider (PagerDuty incident id, Opsgenie alertId, Alertmanager fingerprint…). */
  readonly fingerprint: string;
  readonly action: SignalAction;
  /** The alert's status after this signal; null when the signal does not say (annotations, reassignments). */
  readonly status: AlertStatus | null;
  readonly title: string;
  /** The provider's raw priority or severity (`P1`, `high`, `critical`…), mapped to a SEV by config. */
  readonly priority: string | null;
  /** What the service matchers of the config look at. */
  readonly serviceHints: ServiceHints;
  readonly links: readonly string[];
  /** ISO 8601. */
  readonly occurredAt: string;
  /** An annotation or note that goes on the timeline (PagerDuty `annotated`, Opsgenie `AddNote`). */
  readonly note: string | null;
  /**
   * The key the sender de-duplicates on (PagerDuty incident_key, Opsgenie alias), when it has one:
   * for a page Warroom sent, the key Warroom gave it, which links the alert to the paging incident.
   */
  readonly dedupKey?: string | null;
  /** Who did it, when the provider names a person (PagerDuty `event.agent`, Opsgenie `alert.username`): who acknowledged a page. */
  readonly actor?: ProviderPerson | null;
}

export interface ServiceHints {
  readonly pagerdutyServiceId: string | null;
  /** Tags as `key:value` or bare words (Opsgenie, Datadog). */
  readonly tags: readonly string[];
  /** Labels (Alertmanager). */
  readonly labels: Readonly<Record<string, string>>;
}

/** An alert attached to an incident, as shown in the Incident shape (INTERFACE §5). */
export interface AlertSummary {
  readonly provider: string;
  /** The grouping key. */
  readonly key: string;
  readonly status: AlertStatus;
  readonly title: string;
}

/** The alerts of one incident as shown to people: the most recent few, and how many are in each status. */
export interface IncidentAlerts {
  readonly recent: readonly AlertSummary[];
  readonly counts: Readonly<Record<AlertStatus, number>>;
  /** ISO time the latest alert signal arrived; null without alerts. */
  readonly lastAlertAt: string | null;
}

export const NO_ALERTS: IncidentAlerts = { recent: [], counts: { firing: 0, acknowledged: 0, resolved: 0 }, lastAlertAt: null };
