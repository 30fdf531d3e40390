import type { RoomTaskHandler } from '../room-task-handler.js';
import { postToEveryAudience } from '../stakeholder-audience.js';

/** A posted stakeholder update: to every stakeholder channel, then the incident channel. */
export const stakeholderUpdate: RoomTaskHandler<'stakeholder_update'> = async (task, room) => {
  const incident = await room.incidents.find(task.incidentId);
  if (!incident) return 'incident gone';
  const { text, by } = task.payload;
  const at = new Date(task.payload.at);
  // Written while Slack was unreachable (the outage any replica recorded): stakeholders are told it comes late.
  const delayed = room.outages ? (await room.outages.around(at)) !== null : false;
  await postToEveryAudience(task, room, incident, { kind: 'stakeholder_update', incident, text, by, at, delayed }, `update:${task.id}`);
  return 'update posted';
};
