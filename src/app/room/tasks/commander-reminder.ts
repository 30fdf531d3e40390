import type { RoomTaskHandler } from '../room-task-handler.js';

/** Nobody commands the incident yet: the room is asked to claim it. */
export const commanderReminder: RoomTaskHandler<'commander_reminder'> = async (task, room) => {
  const incident = await room.incidents.find(task.incidentId);
  if (!incident?.channelId || incident.status === 'resolved' || incident.roles.commander !== null) return 'not needed any more';
  const posted = await room.postOnce(task, incident.channelId, { kind: 'commander_reminder', incident });
  if (!posted.ok) throw new Error(`posting the reminder failed: ${posted.error}`);
  return 'reminder posted';
};
