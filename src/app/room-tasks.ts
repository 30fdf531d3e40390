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
  alertsChanged: (room: RoomPolicy, newlyFiring: number): SlackTaskSpec[] =>
    room.enabled ? [{ kind: 'refresh_summary' }, ...(newlyFiring > 0 ? [{ kind: 'new_alerts' as const }] : [])] : [],
};
