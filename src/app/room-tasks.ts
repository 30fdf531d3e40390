import type { Incident } from '../core/incident.js';
import type { SlackTaskSpec } from './ports.js';

/** Whether incidents get a Slack room (Slack credentials are configured). */
export interface RoomPolicy {
  readonly enabled: boolean;
}

export const NO_ROOM: RoomPolicy = { enabled: false };

/** The Slack work each kind of change causes, committed with the change itself. */
export const roomTasks = {
  declared: (room: RoomPolicy): SlackTaskSpec[] => (room.enabled ? [{ kind: 'setup_channel' }] : []),
  changed: (room: RoomPolicy): SlackTaskSpec[] => (room.enabled ? [{ kind: 'refresh_summary' }] : []),
  /** A change from `before` to `after`: the summary refresh, and the scorecard when a drill has just resolved. */
  changedFrom: (room: RoomPolicy, before: Incident, after: Incident): SlackTaskSpec[] =>
    room.enabled ? [{ kind: 'refresh_summary' }, ...(after.drill && after.status === 'resolved' && before.status !== 'resolved' ? [{ kind: 'drill_scorecard' as const }] : [])] : [],
  alertsChanged: (room: RoomPolicy, newlyFiring: number): SlackTaskSpec[] =>
    room.enabled ? [{ kind: 'refresh_summary' }, ...(newlyFiring > 0 ? [{ kind: 'new_alerts' as const }] : [])] : [],
};
