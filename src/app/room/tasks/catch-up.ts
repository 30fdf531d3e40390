import type { RoomTaskHandler } from '../room-task-handler.js';

/**
 * A person joined the channel: what happened so far, shown to them only. An ephemeral message
 * cannot be found again, so a run cut short between Slack's answer and the task's completion sends
 * it once more; one that left the channel meanwhile gets nothing (no retry can reach them).
 */
export const catchUp: RoomTaskHandler<'catch_up'> = async (task, room) => {
  const incident = await room.incidents.find(task.incidentId);
  if (!incident?.channelId) return 'no room';
  const built = await room.catchUp(task.incidentId, task.payload.user);
  if (!built.ok) return built.error.message;
  const sent = await room.chat.postEphemeral(incident.channelId, task.payload.user, { kind: 'catch_up', catchUp: built.value });
  if (sent.ok) return 'catch-up sent';
  if (sent.error === 'user_not_in_channel') return 'the person left the channel';
  throw new Error(`the catch-up failed: ${sent.error}`);
};
