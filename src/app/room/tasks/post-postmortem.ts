import { liveChannel } from '../../../core/room-gone.js';
import type { RoomTaskHandler } from '../room-task-handler.js';

/** The postmortem draft, recorded on the timeline first (once per task), then posted in the channel. */
export const postPostmortem: RoomTaskHandler<'post_postmortem'> = async (task, room) => {
  const incident = await room.incidents.find(task.incidentId);
  if (!incident?.channelId) return 'no channel';
  // Recorded first, so the posted draft is the very text the API and CLI give.
  const recorded = (await room.incidents.timeline(incident.id)).some((e) => e.kind === 'postmortem_drafted' && e.data.task === task.id);
  if (!recorded) {
    await room.incidents.append(incident.id, [{ at: room.clock.now(), kind: 'postmortem_drafted', actor: task.payload.by, text: 'Postmortem draft posted in the channel', data: { task: task.id } }]);
  }
  const markdown = await room.postmortem(incident.id);
  if (markdown === null) return 'incident gone';
  const channelId = liveChannel(incident);
  if (channelId === null) return 'postmortem recorded (the room is gone)';
  const posted = await room.postOnce(task, channelId, { kind: 'postmortem', incident, markdown });
  if (!posted.ok) throw new Error(`posting the postmortem failed: ${posted.error}`);
  return 'postmortem posted';
};
