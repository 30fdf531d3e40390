/** Alerts as the core sees them. Parsing and grouping arrive with the Alert intake issue. */
export const ALERT_STATUSES = ['firing', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** An alert attached to an incident, as shown in the Incident shape (INTERFACE §5). */
export interface AlertSummary {
  readonly provider: string;
  /** The grouping key: PagerDuty incident id, Opsgenie alias, Datadog alert id, Alertmanager group key. */
  readonly key: string;
  readonly status: AlertStatus;
  readonly title: string;
}
