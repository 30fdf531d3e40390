import { liveChannel } from '../../../core/room-gone.js';
import type { RoomTaskHandler } from '../room-task-handler.js';

/** What became of a status-page update, or the offer to resolve the status-page incident, said in the incident channel. */
export const statusPageNotice: RoomTaskHandler<'statuspage_notice'> = async (task, room) => {
  const incident = await room.incidents.find(task.incidentId);
  if (!incident) return 'incident gone';
  const channelId = liveChannel(incident);
  if (channelId === null) return 'no channel';
  const posted = await room.postOnce(task, channelId, { kind: 'statuspage_notice', ref: incident.ref, ...task.payload });
  if (!posted.ok) throw new Error(`posting the status-page notice failed: ${posted.error}`);
  return `status-page ${task.payload.outcome} posted`;
};
