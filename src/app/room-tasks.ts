import type { Incident } from '../core/incident.js';
import { severityRank } from '../core/severity.js';
import type { SlackTaskSpec } from './ports/room.js';
import { roomTask } from './room/room-task.js';

/** Whether incidents get a Slack room (Slack credentials are configured). */
export interface RoomPolicy {
  readonly enabled: boolean;
}

export const NO_ROOM: RoomPolicy = { enabled: false };

/**
 * What stakeholders are told of a change from `before` to `after`: the announcement kept current
 * when what it shows changed, a thread line when the severity got worse, and the resolution.
 */
function stakeholderTasks(before: Incident, after: Incident): SlackTaskSpec[] {
  const shown = before.severity !== after.severity || before.status !== after.status || before.title !== after.title;
  const raised = severityRank(after.severity) < severityRank(before.severity);
  const resolved = after.status === 'resolved' && before.status !== 'resolved';
  return [
    ...(shown ? [roomTask('refresh_announcements')] : []),
    ...(raised ? [roomTask('announce_escalation', { from: before.severity, to: after.severity, at: after.updatedAt.toISOString() })] : []),
    ...(resolved ? [roomTask('announce_resolution')] : []),
  ];
}

/** A public incident made private: its new private room is set up, then the public one is left. */
const movedToPrivate = (before: Incident, after: Incident): boolean => before.private !== true && after.private === true;

/** The Slack work each kind of change causes, committed with the change itself. */
export const roomTasks = {
  declared: (room: RoomPolicy): SlackTaskSpec[] => (room.enabled ? [roomTask('setup_channel')] : []),
  changed: (room: RoomPolicy): SlackTaskSpec[] => (room.enabled ? [roomTask('refresh_summary')] : []),
  /**
   * A change from `before` to `after`: the summary refresh (none while the room is gone), the set-up
   * of a new room when a gone one was replaced, the stakeholders' share, and the scorecard when a drill has just resolved.
   */
  changedFrom: (room: RoomPolicy, before: Incident, after: Incident): SlackTaskSpec[] =>
    room.enabled
      ? [
          ...(before.roomGone && !after.roomGone && after.channelId === null ? [roomTask('setup_channel')] : after.roomGone ? [] : movedToPrivate(before, after) ? [] : [roomTask('refresh_summary')]),
          ...(movedToPrivate(before, after) && before.channelId !== null ? [roomTask('setup_channel'), roomTask('leave_public_room', { channelId: before.channelId })] : []),
          ...stakeholderTasks(before, after),
          ...(after.drill && after.status === 'resolved' && before.status !== 'resolved' ? [roomTask('drill_scorecard')] : []),
        ]
      : [],
  alertsChanged: (room: RoomPolicy, newlyFiring: number): SlackTaskSpec[] =>
    room.enabled ? [roomTask('refresh_summary'), ...(newlyFiring > 0 ? [roomTask('new_alerts')] : [])] : [],
};
