import { ChatRateLimitedError, type Chat, type ChatOperation } from '../ports/chat.js';
import { type Clock } from '../ports/runtime.js';
import { type SlackOutbox } from '../ports/room.js';

/**
 * What one Slack rate limit covers, hence what must never have two calls in flight at once: Slack
 * limits each method per workspace (its tier), except chat.postMessage, limited per channel (about
 * one a second, with short bursts). Two calls under one limit in flight together would let the
 * second reach Slack after Slack answered the first 429: inside the Retry-After it just gave.
 */
const limitOf = (operation: ChatOperation, channelId?: string): string => (operation === 'post' && channelId !== undefined ? `post ${channelId}` : operation);

/**
 * Wraps Chat so that no operation is called while a Retry-After that Slack gave for it (to this
 * replica or another: the limits live in the database) is still running, and every 429 is shared.
 * The room worker's slots share one instance: calls under one Slack limit go one at a time (the next
 * waits until the last was answered and its 429, if any, taken in), calls under different limits
 * (another method, or a post to another channel) side by side. A 429 holds the whole operation,
 * posts to every channel included: Slack also keeps a workspace-wide limit on posting.
 */
export function rateLimitedChat(chat: Chat, outbox: SlackOutbox, clock: Clock): Chat {
  const local = new Map<ChatOperation, number>(); // this replica's view, checked with the database's
  const lastInLine = new Map<string, Promise<unknown>>();

  const attempt = async <T>(operation: ChatOperation, call: () => Promise<T>): Promise<T> => {
    const shared = (await outbox.rateLimitedUntil(operation))?.getTime() ?? 0;
    // Read after the database answered: another slot of this replica may have been given a 429 meanwhile.
    const until = Math.max(local.get(operation) ?? 0, shared);
    const now = clock.now().getTime();
    if (until > now) throw new ChatRateLimitedError(operation, Math.ceil((until - now) / 1000), new Date(until));
    try {
      return await call();
    } catch (err) {
      if (err instanceof ChatRateLimitedError) {
        const limitUntil = clock.now().getTime() + err.retryAfterSeconds * 1000;
        local.set(operation, limitUntil);
        await outbox.setRateLimit(operation, new Date(limitUntil));
        throw new ChatRateLimitedError(operation, err.retryAfterSeconds, new Date(limitUntil));
      }
      throw err;
    }
  };
  const guard = <T>(operation: ChatOperation, call: () => Promise<T>, channelId?: string): Promise<T> => {
    const limit = limitOf(operation, channelId);
    const before = lastInLine.get(limit) ?? Promise.resolve();
    const mine = before.then(() => attempt(operation, call));
    const settled = mine.then(
      () => undefined,
      () => undefined,
    );
    lastInLine.set(limit, settled);
    // Forget an idle limit, so the map holds only limits with a call in line (a post per channel would grow it).
    void settled.then(() => (lastInLine.get(limit) === settled ? lastInLine.delete(limit) : undefined));
    return mine;
  };
  return {
    createChannel: (name, options) => guard('createChannel', () => chat.createChannel(name, options)),
    findChannel: (name) => guard('findChannel', () => chat.findChannel(name)),
    setTopic: (channelId, topic) => guard('setTopic', () => chat.setTopic(channelId, topic)),
    setPurpose: (channelId, purpose) => guard('setPurpose', () => chat.setPurpose(channelId, purpose)),
    invite: (channelId, users) => guard('invite', () => chat.invite(channelId, users)),
    archive: (channelId) => guard('archive', () => chat.archive(channelId)),
    post: (channelId, message, key, threadTs) => guard('post', () => chat.post(channelId, message, key, threadTs), channelId),
    findPosted: (channelId, key, since, threadTs) => guard('findPosted', () => chat.findPosted(channelId, key, since, threadTs)),
    update: (channelId, ts, message) => guard('update', () => chat.update(channelId, ts, message)),
    postEphemeral: (channelId, userId, message) => guard('postEphemeral', () => chat.postEphemeral(channelId, userId, message)),
    pin: (channelId, ts) => guard('pin', () => chat.pin(channelId, ts)),
    bookmark: (channelId, title, url) => guard('bookmark', () => chat.bookmark(channelId, title, url)),
    editBookmark: (channelId, bookmarkId, title, url) => guard('editBookmark', () => chat.editBookmark(channelId, bookmarkId, title, url)),
    uploadFile: (channelId, file) => guard('uploadFile', () => chat.uploadFile(channelId, file)),
    fetchMessage: (channelId, ts) => guard('fetchMessage', () => chat.fetchMessage(channelId, ts)),
    lookupUserByEmail: (email) => guard('lookupUserByEmail', () => chat.lookupUserByEmail(email)),
  };
}
