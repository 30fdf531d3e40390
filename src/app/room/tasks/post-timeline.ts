import type { RoomTaskHandler } from '../room-task-handler.js';

/** The incident's timeline, posted in its channel on request. */
export const postTimeline: RoomTaskHandler<'post_timeline'> = async (task, room) => {
  const incident = await room.incidents.find(task.incidentId);
  if (!incident?.channelId) return 'no channel';
  const posted = await room.postOnce(task, incident.channelId, { kind: 'timeline', incident, events: await room.incidents.timeline(incident.id) });
  if (!posted.ok) throw new Error(`posting the timeline failed: ${posted.error}`);
  return 'timeline posted';
};
