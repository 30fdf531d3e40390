import type { RoomMessage } from '../../core/room-message.js';
import { ChatChannelGoneError } from '../ports/chat.js';
import type { RoomTask } from '../ports/room.js';
import type { Posted, RoomTaskContext, RoomTaskPorts } from './room-task-handler.js';
import { createStakeholderChannels } from './stakeholder-channels.js';

/** Posting from a task: once per task and channel, and to stakeholder channels by id or `#name`. */
export function createRoomPosts(deps: Pick<RoomTaskPorts, 'chat' | 'outbox' | 'clock' | 'log' | 'messageParts'>): Pick<RoomTaskContext, 'postOnce' | 'postToStakeholders'> {
  const { chat, outbox } = deps;
  const stakeholderChannels = createStakeholderChannels({ chat, clock: deps.clock });

  /**
   * Slack has no idempotency key, so every post carries one in its metadata; a task that runs again
   * (after a crash, a lost answer or a 429 later in the task) first looks for its own earlier post
   * and reuses it instead of posting a second time.
   */
  const postPartOnce = async (task: RoomTask, channelId: string, message: RoomMessage, key: string, threadTs?: string): Promise<Posted> => {
    if (task.attempts > 1) {
      const found = await chat.findPosted(channelId, key, (await outbox.taskCreatedAt(task.id)) ?? new Date(0), threadTs);
      if (found.ok && found.value !== null) {
        deps.log.info({ task: task.id, kind: message.kind, channelId }, 'found this task\'s earlier post; not posting it again');
        return { ok: true, value: found.value };
      }
    }
    return chat.post(channelId, message, key, threadTs);
  };

  /**
   * A message too big for one post goes out as parts in order, each with a key of its own, so a
   * task that stopped half-way posts only the parts still missing. Answers the first part's post.
   */
  const postOnce: RoomTaskContext['postOnce'] = async (task, channelId, message, threadTs) => {
    const parts = deps.messageParts(message);
    let first: Posted | null = null;
    for (const [i, part] of parts.entries()) {
      const key = `task:${task.id}:${message.kind}${i === 0 ? '' : `:${i + 1}`}`;
      const posted = await postPartOnce(task, channelId, part, key, threadTs);
      if (!posted.ok) return posted;
      first ??= posted;
    }
    return first ?? { ok: false, error: 'nothing_to_post' };
  };

  /** A stakeholder channel that is gone is not the incident's room: its answer stays a value for the caller. */
  const postElsewhere = async (task: RoomTask, channelId: string, message: RoomMessage): Promise<Posted> => {
    try {
      return await postOnce(task, channelId, message);
    } catch (err) {
      if (err instanceof ChatChannelGoneError) return { ok: false, error: err.slackError };
      throw err;
    }
  };

  /** A stale remembered id (the channel was deleted or archived) is looked up again once. */
  const postToStakeholders: RoomTaskContext['postToStakeholders'] = async (task, target, message) => {
    const channelId = await stakeholderChannels.resolve(target);
    if (channelId === null) return { channelId, posted: { ok: false, error: 'channel_not_found' } };
    const posted = await postElsewhere(task, channelId, message);
    if (posted.ok) return { channelId, posted };
    const fresh = await stakeholderChannels.refresh(target, channelId, posted.error);
    return fresh === null ? { channelId, posted } : { channelId: fresh, posted: await postElsewhere(task, fresh, message) };
  };

  return { postOnce, postToStakeholders };
}
