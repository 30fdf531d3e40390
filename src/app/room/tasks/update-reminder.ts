import type { RoomTaskHandler } from '../room-task-handler.js';

/** A stakeholder update is overdue: the room is reminded, unless the incident is over. */
export const updateReminder: RoomTaskHandler<'update_reminder'> = async (task, room) => {
  const incident = await room.incidents.find(task.incidentId);
  if (!incident?.channelId || incident.status === 'resolved') return 'not needed any more';
  const { cadenceMinutes } = task.payload;
  const posted = await room.postOnce(task, incident.channelId, { kind: 'update_reminder', incident, cadenceMinutes, dueAt: new Date(task.payload.dueAt) });
  if (!posted.ok) throw new Error(`posting the reminder failed: ${posted.error}`);
  return 'reminder posted';
};
