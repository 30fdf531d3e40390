import type { Incident } from '../core/incident.js';
import type { SlackTaskSpec } from './ports/room.js';
import { roomTask } from './room/room-task.js';

/** Whether incidents get a Slack room (Slack credentials are configured). */
export interface RoomPolicy {
  readonly enabled: boolean;
}

export const NO_ROOM: RoomPolicy = { enabled: false };

/** The Slack work each kind of change causes, committed with the change itself. */
export const roomTasks = {
  declared: (room: RoomPolicy): SlackTaskSpec[] => (room.enabled ? [roomTask('setup_channel')] : []),
  changed: (room: RoomPolicy): SlackTaskSpec[] => (room.enabled ? [roomTask('refresh_summary')] : []),
  /**
   * A change from `before` to `after`: the summary refresh (none while the room is gone), the set-up
   * of a new room when a gone one was replaced, and the scorecard when a drill has just resolved.
   */
  changedFrom: (room: RoomPolicy, before: Incident, after: Incident): SlackTaskSpec[] =>
    room.enabled
      ? [
          ...(before.roomGone && !after.roomGone && after.channelId === null ? [roomTask('setup_channel')] : after.roomGone ? [] : [roomTask('refresh_summary')]),
          ...(after.drill && after.status === 'resolved' && before.status !== 'resolved' ? [roomTask('drill_scorecard')] : []),
        ]
      : [],
  alertsChanged: (room: RoomPolicy, newlyFiring: number): SlackTaskSpec[] =>
    room.enabled ? [roomTask('refresh_summary'), ...(newlyFiring > 0 ? [roomTask('new_alerts')] : [])] : [],
};
