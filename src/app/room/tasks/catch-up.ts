import { firstJoin } from '../../../core/catch-up.js';
import type { RoomTaskHandler } from '../room-task-handler.js';

/**
 * A person joined the channel: what happened so far, shown to them only. An ephemeral message
 * cannot be found again, so a run cut short between Slack's answer and the task's completion sends
 * it once more; one that left the channel meanwhile gets nothing (no retry can reach them).
 */
export const catchUp: RoomTaskHandler<'catch_up'> = async (task, room) => {
  const incident = await room.incidents.find(task.incidentId);
  if (!incident?.channelId) return 'no room';
  // Two joins read the timeline at once and both queued one: only the earlier join's is sent.
  const { user, joinedAt } = task.payload;
  const first = joinedAt === undefined ? null : firstJoin(await room.incidents.timeline(task.incidentId), user);
  if (first !== null && joinedAt !== undefined && first < new Date(joinedAt)) return 'an earlier join had its catch-up';
  const built = await room.catchUp(task.incidentId, user);
  if (!built.ok) return built.error.message;
  const sent = await room.chat.postEphemeral(incident.channelId, user, { kind: 'catch_up', catchUp: built.value });
  if (sent.ok) return 'catch-up sent';
  if (sent.error === 'user_not_in_channel') return 'the person left the channel';
  throw new Error(`the catch-up failed: ${sent.error}`);
};
