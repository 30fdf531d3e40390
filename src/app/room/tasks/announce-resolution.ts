import type { RoomTaskHandler } from '../room-task-handler.js';
import { postToEveryAudience } from '../stakeholder-audience.js';

/** A resolved incident, said where it was announced and in its own channel, with how long it lasted and what it affected. */
export const announceResolution: RoomTaskHandler<'announce_resolution'> = async (task, room) => {
  const incident = await room.incidents.find(task.incidentId);
  if (!incident) return 'incident gone';
  // Reopened before this ran: "resolved" would no longer be true (the announcement says so in place).
  if (incident.status !== 'resolved') return 'reopened before the resolution was announced';
  await postToEveryAudience(task, room, incident, { kind: 'resolution', incident }, `resolved:${task.id}`);
  // Every resolve (a person's, the API's, autoResolve's) queues this task with the change: the one place to offer the status page's too.
  await room.offerStatusPageResolution?.(incident.id);
  return 'resolution announced';
};
