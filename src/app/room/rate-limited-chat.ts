import { ChatRateLimitedError, type Chat, type ChatOperation } from '../ports/chat.js';
import { type Clock } from '../ports/runtime.js';
import { type SlackOutbox } from '../ports/room.js';

// After a 429, a method's calls go one at a time for this long: two calls in flight at once, and
// Slack answering the first with a 429 before the second arrives, would make the second an early call.
const TIGHT_AFTER_LIMIT_MS = 60_000;
// conversations.create (Tier 2, ~20 a minute) runs out in every burst of incidents: it is always
// called one at a time, so the call that meets the end of the budget is the only one in flight.
const ONE_AT_A_TIME: readonly ChatOperation[] = ['createChannel'];

/**
 * Wraps Chat so that no operation is called while a Retry-After that Slack gave for it (to this
 * replica or another: the limits live in the database) is still running, and every 429 is shared.
 * The room worker's slots share one instance: a 429 one slot gets holds that method for all of
 * them, and conversations.create, or a method Slack has limited lately, is called one call at a time.
 */
export function rateLimitedChat(chat: Chat, outbox: SlackOutbox, clock: Clock): Chat {
  const local = new Map<ChatOperation, number>(); // this replica's view, checked with the database's
  const tightUntil = new Map<ChatOperation, number>(ONE_AT_A_TIME.map((operation) => [operation, Number.POSITIVE_INFINITY]));
  const inLine = new Map<ChatOperation, Promise<unknown>>();

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
        tightUntil.set(operation, Math.max(tightUntil.get(operation) ?? 0, limitUntil + TIGHT_AFTER_LIMIT_MS));
        await outbox.setRateLimit(operation, new Date(limitUntil));
        throw new ChatRateLimitedError(operation, err.retryAfterSeconds, new Date(limitUntil));
      }
      throw err;
    }
  };
  const guard = <T>(operation: ChatOperation, call: () => Promise<T>): Promise<T> => {
    if ((tightUntil.get(operation) ?? 0) <= clock.now().getTime()) return attempt(operation, call);
    const mine = (inLine.get(operation) ?? Promise.resolve()).then(() => attempt(operation, call));
    inLine.set(operation, mine.catch(() => undefined));
    return mine;
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
