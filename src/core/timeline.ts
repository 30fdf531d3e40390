/** Timeline events: append-only facts about an incident (INTERFACE §5). */
export const TIMELINE_KINDS = [
  'alert_received',
  'alert_resolved',
  'alert_acknowledged',
  'alert_updated',
  'alerts_all_resolved',
  'incident_declared',
  'channel_created',
  'role_assigned',
  'status_changed',
  'severity_changed',
  'note_added',
  'message_pinned',
  'scope_snapshot',
  'check_result',
  'chart_uploaded',
  'page_sent',
  'page_acknowledged',
  'page_failed',
  'provider_resolved',
  'provider_resolve_failed',
  'stakeholder_update',
  'postmortem_drafted',
  'incident_resolved',
  'incident_reopened',
  'member_joined',
  'drill_scorecard',
  'title_changed',
  'services_changed',
  'room_gone',
  'room_reopened',
  'bridge_changed',
  'followup_added',
  'followup_done',
  'followup_exported',
  'followup_reopened',
  'moved_to_private',
  'statuspage_update',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineEvent {
  readonly at: Date;
  readonly kind: TimelineKind;
  /** Who caused it: a Slack user id, a provider name (`pagerduty`), or `warroom`. */
  readonly actor: string;
  /** Plain, untrusted text; escape it before putting it in mrkdwn. */
  readonly text: string;
  readonly data: Readonly<Record<string, unknown>>;
  /**
   * Names of the people the event names (core/people.ts `peopleOf`), looked up when it was
   * recorded: Slack user id → name. Absent for events recorded without Slack, before names were
   * captured, or when the lookup failed or took too long; readers then show the mention form.
   */
  readonly names?: Readonly<Record<string, string>>;
}
