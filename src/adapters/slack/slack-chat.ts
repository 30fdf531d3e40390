import { ErrorCode, WebClient, type WebAPICallResult } from '@slack/web-api';
import { ChatChannelGoneError, ChatRateLimitedError, ChatUnavailableError, type Chat, type ChatOperation, type ChatOutcome } from '../../app/ports/chat.js';
import { channelGoneReason } from './channel-gone.js';

/** Message metadata event type marking Warroom's own posts with their idempotency key. */
const POST_KEY_EVENT = 'warroom_post';
import { renderRoomMessage } from '../../slack-ui/render-room-message.js';

/** How a message splits into posts is Slack's sizes, so it comes with the Slack adapter. */
export { roomMessageParts } from '../../slack-ui/room-message-parts.js';

/** Slack recommends pages of at most 200 for cursor-paginated methods. */
const HISTORY_PAGE = 200;
const CLOCK_MARGIN_MS = 5 * 60_000;

export interface SlackChatOptions {
  readonly token: string;
  /** Base URL of the Web API, ending in `/` (SLACK_API_URL). */
  readonly apiUrl: string;
  readonly timeoutMs?: number;
}

/**
 * Chat on Slack's Web API through Bolt's WebClient. The client's own retries are off: retries,
 * Retry-After and ordering belong to the outbox, which sees every failure as one of four things:
 * a Slack error code (a value), a 429 (ChatRateLimitedError), an outage (ChatUnavailableError), or
 * a channel that is no more (ChatChannelGoneError: archived or deleted, no retry can help).
 */
export function createSlackChat(options: SlackChatOptions): Chat {
  const client = new WebClient(options.token, {
    slackApiUrl: options.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 10_000,
  });
  let botUserId: string | null = null;

  /** `channel`: the channel the call acts in, so an answer saying it is gone names it. */
  async function call<T>(operation: ChatOperation, work: () => Promise<T>, channel?: string): Promise<ChatOutcome<T>> {
    try {
      return { ok: true, value: await work() };
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === ErrorCode.RateLimitedError) throw new ChatRateLimitedError(operation, Math.max(1, Number((err as { retryAfter?: unknown }).retryAfter) || 1));
      if (code === ErrorCode.PlatformError) {
        const error = String((err as { data?: WebAPICallResult & { error?: string } }).data?.error ?? 'unknown_error');
        const gone = channel === undefined ? null : channelGoneReason(operation, error);
        if (gone !== null) throw new ChatChannelGoneError(operation, channel ?? '', gone, error);
        return { ok: false, error };
      }
      if (code === ErrorCode.HTTPError) {
        const status = Number((err as { statusCode?: unknown }).statusCode);
        if (status === 429) throw new ChatRateLimitedError(operation, 1);
        if (status >= 400 && status < 500) return { ok: false, error: `http_${status}` };
      }
      throw new ChatUnavailableError(operation, err);
    }
  }

  async function me(): Promise<string> {
    if (botUserId === null) botUserId = String((await client.auth.test()).user_id ?? '');
    return botUserId;
  }

  const done = (_result: unknown): null => null;

  return {
    createChannel: (name, options) =>
      call('createChannel', async () => ({ id: String((await client.conversations.create({ name, ...(options?.private === true ? { is_private: true } : {}) })).channel?.id ?? '') })),

    async findChannel(name) {
      const found = await call('findChannel', async () => {
        for (let cursor: string | undefined, page = 0; page < 50; page++) {
          const res = await client.conversations.list({ types: 'public_channel', exclude_archived: true, limit: 1000, ...(cursor ? { cursor } : {}) });
          const channel = res.channels?.find((c) => c.name === name);
          if (channel?.id) return { id: channel.id, createdByMe: channel.creator === (await me()), purpose: channel.purpose?.value ?? '' };
          cursor = res.response_metadata?.next_cursor || undefined;
          if (!cursor) break;
        }
        return null;
      });
      return found.ok ? found.value : null;
    },

    // Sent as built: the builders keep topics and purposes within Slack's 250 characters (with "…"), so a cut here would hide a bug.
    setTopic: (channel, topic) => call('setTopic', async () => done(await client.conversations.setTopic({ channel, topic })), channel),
    setPurpose: (channel, purpose) => call('setPurpose', async () => done(await client.conversations.setPurpose({ channel, purpose })), channel),
    invite: (channel, users) => call('invite', async () => done(await client.conversations.invite({ channel, users: users.join(',') })), channel),
    archive: (channel) => call('archive', async () => done(await client.conversations.archive({ channel })), channel),
    post: (channel, message, key, threadTs) =>
      call('post', async () => {
        const { text, blocks } = renderRoomMessage(message);
        const metadata = key === undefined ? undefined : { event_type: POST_KEY_EVENT, event_payload: { key } };
        const thread = threadTs === undefined ? {} : { thread_ts: threadTs };
        const res = await client.chat.postMessage({ channel, text, blocks, unfurl_links: false, unfurl_media: false, ...thread, ...(metadata ? { metadata } : {}) });
        return { ts: String(res.ts ?? '') };
      }, channel),
    findPosted: (channel, key, since, threadTs) =>
      call('findPosted', async () => {
        // Everything since the task began, page by page: a count of newest messages would miss the
        // post in a busy channel (and post twice). The margin covers our clock against Slack's.
        const oldest = ((since.getTime() - CLOCK_MARGIN_MS) / 1000).toFixed(6);
        for (let cursor: string | undefined; ; ) {
          const page = { channel, oldest, inclusive: true, limit: HISTORY_PAGE, include_all_metadata: true, ...(cursor ? { cursor } : {}) };
          // Replies are not in the channel's history: a thread is read with conversations.replies.
          const res = threadTs === undefined ? await client.conversations.history(page) : await client.conversations.replies({ ...page, ts: threadTs });
          const mine = res.messages?.find((m) => m.metadata?.event_type === POST_KEY_EVENT && (m.metadata.event_payload as { key?: unknown } | undefined)?.key === key);
          if (mine?.ts) return { ts: mine.ts };
          cursor = res.response_metadata?.next_cursor || undefined;
          if (!cursor) return null;
        }
      }, channel),
    update: (channel, ts, message) =>
      call('update', async () => {
        const { text, blocks } = renderRoomMessage(message);
        return done(await client.chat.update({ channel, ts, text, blocks }));
      }, channel),
    postEphemeral: (channel, user, message) =>
      call('postEphemeral', async () => {
        const { text, blocks } = renderRoomMessage(message);
        return done(await client.chat.postEphemeral({ channel, user, text, blocks }));
      }, channel),
    pin: (channel, timestamp) => call('pin', async () => done(await client.pins.add({ channel, timestamp })), channel),
    lookupUserByEmail: async (email) => {
      const found = await call('lookupUserByEmail', async () => String((await client.users.lookupByEmail({ email })).user?.id ?? ''));
      if (found.ok) return { ok: true, value: found.value.length > 0 ? found.value : null };
      return found.error === 'users_not_found' ? { ok: true, value: null } : found;
    },
    fetchMessage: (channel, ts) =>
      call('fetchMessage', async () => {
        // A reply lives in its thread: conversations.replies finds both a parent and a reply by ts.
        const res = await client.conversations.replies({ channel, ts, limit: 1, inclusive: true });
        const message = res.messages?.find((m) => m.ts === ts) ?? res.messages?.[0];
        const link = await client.chat.getPermalink({ channel, message_ts: ts }).catch(() => null);
        return { text: message?.text ?? '', user: message?.user ?? null, permalink: link?.permalink ?? null };
      }, channel),
    async uploadFile(channelId, file) {
      const outcome = await call('uploadFile', async (): Promise<ChatOutcome<{ fileId: string; permalink: string | null }>> => {
        const target = await client.files.getUploadURLExternal({ filename: file.filename, length: file.bytes.length });
        if (!target.upload_url || !target.file_id) throw new Error('files.getUploadURLExternal answered without upload_url or file_id');
        // The upload URL is Slack's own (files.slack.com); anything that is neither https nor the configured API host is refused.
        const uploadUrl = new URL(target.upload_url);
        if (uploadUrl.protocol !== 'https:' && uploadUrl.origin !== new URL(options.apiUrl).origin) return { ok: false, error: 'invalid_upload_url' };
        // The URL is pre-signed: the bot token is not sent to it.
        const res = await fetch(uploadUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/octet-stream' },
          body: new Uint8Array(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength),
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
        await res.arrayBuffer().catch(() => null); // drain, so the connection can be reused
        // 5xx and 429 are passing trouble: thrown, the wrapper makes them ChatUnavailableError and the outbox retries.
        if (res.status >= 500 || res.status === 429) throw new Error(`upload answered HTTP ${res.status}`);
        if (!res.ok) return { ok: false, error: 'upload_failed' };
        const completed = await client.files.completeUploadExternal({ files: [{ id: target.file_id, title: file.title }], channel_id: channelId });
        const shared = completed.files?.find((f) => f.id === target.file_id) ?? completed.files?.[0];
        return { ok: true, value: { fileId: shared?.id ?? target.file_id, permalink: shared?.permalink ?? null } };
      }, channelId);
      return outcome.ok ? outcome.value : outcome;
    },
    bookmark: (channelId, title, link) =>
      call('bookmark', async () => ({ id: (await client.bookmarks.add({ channel_id: channelId, title: title.slice(0, 100), type: 'link', link })).bookmark?.id ?? '' }), channelId),
    editBookmark: (channelId, bookmarkId, title, link) =>
      call('editBookmark', async () => done(await client.bookmarks.edit({ channel_id: channelId, bookmark_id: bookmarkId, title: title.slice(0, 100), link })), channelId),
  };
}
