import type { RoomTaskHandler } from '../room-task-handler.js';

/** A failed paging canary round, said in the ops channel (`paging.check.channel`, an id or #name). */
export const pagingCheckFailed: RoomTaskHandler<'paging_check_failed'> = async (task, room) => {
  const { channel, at, results } = task.payload;
  const { channelId, posted } = await room.postToStakeholders(task, channel, { kind: 'paging_check_failed', at: new Date(at), results });
  if (!posted.ok) throw new Error(`posting the paging check failure in ${channelId ?? channel} failed: ${posted.error}`);
  return `posted in ${channelId ?? channel}`;
};
