import { ChatRateLimitedError, type Chat, type ChatOperation } from '../ports/chat.js';
import { type Clock } from '../ports/runtime.js';
import { type SlackOutbox } from '../ports/room.js';

/**
 * Wraps Chat so that no operation is called while a Retry-After that Slack gave for it (to this
 * replica or another: the limits live in the database) is still running, and every 429 is shared.
 */
export function rateLimitedChat(chat: Chat, outbox: SlackOutbox, clock: Clock): Chat {
  const local = new Map<ChatOperation, number>(); // this replica's view, checked before the database
  const guard = async <T>(operation: ChatOperation, call: () => Promise<T>): Promise<T> => {
    const now = clock.now().getTime();
    const localUntil = local.get(operation) ?? 0;
    const until = Math.max(localUntil, (await outbox.rateLimitedUntil(operation))?.getTime() ?? 0);
    if (until > now) throw new ChatRateLimitedError(operation, Math.ceil((until - now) / 1000));
    try {
      return await call();
    } catch (err) {
      if (err instanceof ChatRateLimitedError) {
        const limitUntil = clock.now().getTime() + err.retryAfterSeconds * 1000;
        local.set(operation, limitUntil);
        await outbox.setRateLimit(operation, new Date(limitUntil));
      }
      throw err;
    }
  };
  return {
    createChannel: (name, options) => guard('createChannel', () => chat.createChannel(name, options)),
    findChannel: (name) => guard('findChannel', () => chat.findChannel(name)),
    setTopic: (channelId, topic) => guard('setTopic', () => chat.setTopic(channelId, topic)),
    setPurpose: (channelId, purpose) => guard('setPurpose', () => chat.setPurpose(channelId, purpose)),
    invite: (channelId, users) => guard('invite', () => chat.invite(channelId, users)),
    archive: (channelId) => guard('archive', () => chat.archive(channelId)),
    post: (channelId, message, key, threadTs) => guard('post', () => chat.post(channelId, message, key, threadTs)),
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
