import type { TimelineKind } from '../../core/timeline.js';

const EMOJI: Readonly<Record<TimelineKind, string>> = {
  alert_received: ':rotating_light:',
  alert_resolved: ':white_check_mark:',
  alert_acknowledged: ':eyes:',
  alert_updated: ':pencil2:',
  alerts_all_resolved: ':tada:',
  incident_declared: ':fire_engine:',
  channel_created: ':hash:',
  role_assigned: ':bust_in_silhouette:',
  status_changed: ':arrows_counterclockwise:',
  severity_changed: ':chart_with_upwards_trend:',
  note_added: ':memo:',
  message_pinned: ':pushpin:',
  scope_snapshot: ':bar_chart:',
  check_result: ':mag:',
  chart_uploaded: ':chart_with_upwards_trend:',
  page_sent: ':pager:',
  page_acknowledged: ':ok_hand:',
  page_failed: ':x:',
  provider_resolved: ':white_check_mark:',
  provider_resolve_failed: ':warning:',
  stakeholder_update: ':mega:',
  postmortem_drafted: ':page_facing_up:',
  incident_resolved: ':checkered_flag:',
  incident_reopened: ':leftwards_arrow_with_hook:',
  member_joined: ':wave:',
  drill_scorecard: ':stopwatch:',
  title_changed: ':label:',
  services_changed: ':jigsaw:',
  room_gone: ':file_cabinet:',
  room_reopened: ':hash:',
  bridge_changed: ':telephone_receiver:',
  followup_added: ':dart:',
  followup_done: ':ballot_box_with_check:',
  followup_exported: ':link:',
  followup_reopened: ':leftwards_arrow_with_hook:',
  moved_to_private: ':lock:',
  statuspage_update: ':globe_with_meridians:',
};

/** The emoji that marks a timeline kind; unknown kinds (newer rows read by older code) get a neutral dot. */
export function timelineKindEmoji(kind: TimelineKind): string {
  return EMOJI[kind] ?? ':small_blue_diamond:';
}
