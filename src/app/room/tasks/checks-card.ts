import type { RoomTaskHandler } from '../room-task-handler.js';

/** The hypothesis checks' results, posted as a checklist. */
export const checksCard: RoomTaskHandler<'checks_card'> = async (task, room) => {
  const incident = await room.incidents.find(task.incidentId);
  if (!incident?.channelId) return 'no channel';
  const posted = await room.postOnce(task, incident.channelId, { kind: 'checks', incident, results: task.payload.results });
  if (!posted.ok) throw new Error(`posting the checks failed: ${posted.error}`);
  return 'checks posted';
};
