import type { ChatOperation } from '../../app/ports/chat.js';
import type { RoomGoneReason } from '../../core/room-gone.js';

/**
 * Slack's answers that mean a channel is no more, as each method documents them (Web API
 * reference): chat.postMessage, conversations.setTopic / setPurpose / invite answer
 * `channel_not_found` or `is_archived`; chat.update answers `is_inactive` ("cannot be edited within
 * a frozen, archived or deleted channel"); pins.add, bookmarks.add, conversations.history and
 * conversations.replies answer `channel_not_found`; files.completeUploadExternal answers
 * `invalid_channel`. A channel that vanished with a sandbox restart is `channel_not_found` too.
 */
const GONE_ERRORS: Readonly<Record<string, RoomGoneReason>> = {
  channel_not_found: 'deleted',
  invalid_channel: 'deleted',
  is_archived: 'archived',
  is_inactive: 'archived',
};

/** The operations that act in a channel the caller names (the others create, find or look up). */
const IN_CHANNEL: ReadonlySet<ChatOperation> = new Set<ChatOperation>(['setTopic', 'setPurpose', 'invite', 'post', 'postEphemeral', 'findPosted', 'update', 'pin', 'bookmark', 'editBookmark', 'uploadFile', 'fetchMessage']);

/** Why the channel of `operation` is gone, when Slack's `error` says so; null for any other answer. */
export function channelGoneReason(operation: ChatOperation, error: string): RoomGoneReason | null {
  return IN_CHANNEL.has(operation) ? (GONE_ERRORS[error] ?? null) : null;
}
