import type { RoomTaskHandler } from '../room-task-handler.js';
import { postToEveryAudience } from '../stakeholder-audience.js';

/** A posted stakeholder update: to every stakeholder channel, then the incident channel. */
export const stakeholderUpdate: RoomTaskHandler<'stakeholder_update'> = async (task, room) => {
  const incident = await room.incidents.find(task.incidentId);
  if (!incident) return 'incident gone';
  const { text, by } = task.payload;
  await postToEveryAudience(task, room, incident, { kind: 'stakeholder_update', incident, text, by, at: new Date(task.payload.at) }, `update:${task.id}`);
  return 'update posted';
};
