/**
 * Slack as the room sees it: the chat operations, their outcomes and errors, and the guard against
 * replayed Slack requests. (The messages themselves, RoomMessage, are core/room-message.ts.)
 */
import type { RoomGoneReason } from '../../core/room-gone.js';
import type { RoomMessage } from '../../core/room-message.js';

/** A Slack answer that is not an outage: `ok` with a value, or Slack's error code (`name_taken`…). */
export type ChatOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** The Slack operations the room needs. Operation names double as rate-limit keys. */
export interface Chat {
  /** With `private`, a private channel (conversations.create is_private; the groups:write scope). */
  createChannel(name: string, options?: { readonly private?: boolean }): Promise<ChatOutcome<{ id: string }>>;
  /** A channel with this exact name, if any, and whether this bot created it. */
  findChannel(name: string): Promise<{ id: string; createdByMe: boolean; purpose: string } | null>;
  setTopic(channelId: string, topic: string): Promise<ChatOutcome<null>>;
  setPurpose(channelId: string, purpose: string): Promise<ChatOutcome<null>>;
  invite(channelId: string, userIds: readonly string[]): Promise<ChatOutcome<null>>;
  /** Archives the channel (conversations.archive): a public incident room left for a private one. */
  archive(channelId: string): Promise<ChatOutcome<null>>;
  /**
   * `key` is stored with the message (Slack message metadata) so `findPosted` can find it again;
   * with `threadTs` the message is a reply in that message's thread.
   */
  post(channelId: string, message: RoomMessage, key?: string, threadTs?: string): Promise<ChatOutcome<{ ts: string }>>;
  /**
   * This bot's message in the channel posted with `key` at `since` or later, if any
   * (conversations.history; with `threadTs`, the replies of that thread, which history leaves out).
   */
  findPosted(channelId: string, key: string, since: Date, threadTs?: string): Promise<ChatOutcome<{ ts: string } | null>>;
  update(channelId: string, ts: string, message: RoomMessage): Promise<ChatOutcome<null>>;
  /** A message only `userId` sees, in the channel (chat.postEphemeral; Slack keeps no copy to find again). */
  postEphemeral(channelId: string, userId: string, message: RoomMessage): Promise<ChatOutcome<null>>;
  pin(channelId: string, ts: string): Promise<ChatOutcome<null>>;
  /** Adds a link bookmark; answers its id, which `editBookmark` takes. */
  bookmark(channelId: string, title: string, url: string): Promise<ChatOutcome<{ id: string }>>;
  /** Points an existing bookmark at another link (bookmarks.edit); `not_found` when it was removed. */
  editBookmark(channelId: string, bookmarkId: string, title: string, url: string): Promise<ChatOutcome<null>>;
  /** Uploads a file to a channel (files.getUploadURLExternal, upload, files.completeUploadExternal). */
  uploadFile(channelId: string, file: { filename: string; title: string; bytes: Buffer }): Promise<ChatOutcome<{ fileId: string; permalink: string | null }>>;
  /** The Slack user with this email, or null when there is none (users.lookupByEmail). */
  lookupUserByEmail(email: string): Promise<ChatOutcome<string | null>>;
  /** A message's text, author and permalink (for timeline capture). */
  fetchMessage(channelId: string, ts: string): Promise<ChatOutcome<{ text: string; user: string | null; permalink: string | null }>>;
}

export type ChatOperation = keyof Chat;

/** Slack said 429: no call of this operation before `retryAfterSeconds` (across replicas). */
export class ChatRateLimitedError extends Error {
  readonly code = 'chat.rate_limited';
  constructor(
    readonly operation: string,
    readonly retryAfterSeconds: number,
    /** When the wait ends exactly, where it is known (whole seconds would let tasks held by one limit come due apart). */
    readonly until?: Date,
  ) {
    super(`Slack rate-limited ${operation} for ${retryAfterSeconds} s`);
    this.name = 'ChatRateLimitedError';
  }
}

/** Slack could not be reached, timed out or answered 5xx: retry later, Slack work waits in the outbox. */
export class ChatUnavailableError extends Error {
  readonly code = 'chat.unavailable';
  constructor(
    readonly operation: string,
    cause: unknown,
  ) {
    super(`Slack unavailable for ${operation}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ChatUnavailableError';
  }
}

/**
 * Slack answered a call in a channel with an error that means the channel is no more (archived or
 * deleted, or unknown after a sandbox restart): no retry can help. `slackError` is Slack's own code.
 */
export class ChatChannelGoneError extends Error {
  readonly code = 'chat.channel_gone';
  constructor(
    readonly operation: string,
    readonly channelId: string,
    readonly reason: RoomGoneReason,
    readonly slackError: string,
  ) {
    super(`Slack answered ${slackError} to ${operation} in ${channelId}: the channel was ${reason}`);
    this.name = 'ChatChannelGoneError';
  }
}

/**
 * Signed inbound requests seen recently, shared by every replica: the signature window of a
 * request lets a captured copy be replayed, and a replay must have no effect.
 */
export interface ReplayGuard {
  /** True the first time `key` is seen; false for a replay. `expiresAt`: when the key may be forgotten. */
  firstSeen(key: string, expiresAt: Date): Promise<boolean>;
}
