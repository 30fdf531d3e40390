import { ChatUnavailableError, type Chat, type ChatOperation } from '../../src/app/ports/chat.js';
import { type RoomMessage } from '../../src/core/room-message.js';

/** One call that took effect in the in-memory workspace. */
export interface ChatCall {
  readonly op: ChatOperation;
  readonly channelId: string | null;
  readonly detail: string;
}

export interface InMemoryChat extends Chat {
  /** The calls that took effect, in order (a call made to fail is not in it). */
  readonly calls: ChatCall[];
  /** Messages posted, with the key they carry. */
  readonly posts: { channelId: string; ts: string; key: string | undefined; message: RoomMessage; threadTs?: string | undefined }[];
  /** Messages edited in place (chat.update), in order. */
  readonly updates: { channelId: string; ts: string; message: RoomMessage }[];
  /** The next call of `op` throws as if Slack were unreachable, and takes no effect. */
  failNext(op: ChatOperation): void;
  /** The `n`-th call from now (1: the next one, whatever its operation) throws as if Slack were unreachable. */
  failAttempt(n: number): void;
  /** Calls attempted so far (those that failed included). */
  readonly attempted: number;
  /** Answers the next call of `op` with Slack's error code (`channel_not_found`…), taking no effect. */
  refuseNext(op: ChatOperation, error: string): void;
  /** The channels created, by name. */
  readonly channels: ReadonlyMap<string, string>;
  /** Seeds a message `fetchMessage` can find. */
  addMessage(channelId: string, ts: string, text: string, user: string | null): void;
}

/**
 * The Chat port in memory, for handler tests that call room tasks directly with fake ports (the
 * flow tests use the real Slack client against the HTTP Slack fake instead). Channel names are
 * unique; every channel is this bot's.
 */
export function createInMemoryChat(): InMemoryChat {
  const channels = new Map<string, string>(); // name → id
  const messages = new Map<string, { text: string; user: string | null }>(); // `${channel}/${ts}`
  const calls: ChatCall[] = [];
  const posts: InMemoryChat['posts'] = [];
  const updates: InMemoryChat['updates'] = [];
  const faults = new Map<ChatOperation, string | null>(); // null: unreachable
  let seq = 0;
  let attempted = 0;
  let failAt = 0;

  /** Applies a queued fault of `op`, or records the call and answers `value`. */
  function call<T>(op: ChatOperation, channelId: string | null, detail: string, value: () => T): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
    attempted += 1;
    if (attempted === failAt) return Promise.reject(new ChatUnavailableError(op, new Error('injected: Slack unreachable')));
    if (faults.has(op)) {
      const error = faults.get(op);
      faults.delete(op);
      if (error === null || error === undefined) return Promise.reject(new ChatUnavailableError(op, new Error('injected: Slack unreachable')));
      return Promise.resolve({ ok: false, error });
    }
    calls.push({ op, channelId, detail });
    return Promise.resolve({ ok: true, value: value() });
  }

  return {
    calls,
    posts,
    updates,
    channels,
    failNext: (op) => faults.set(op, null),
    failAttempt: (n) => (failAt = attempted + n),
    get attempted() {
      return attempted;
    },
    refuseNext: (op, error) => faults.set(op, error),
    addMessage: (channelId, ts, text, user) => messages.set(`${channelId}/${ts}`, { text, user }),
    async createChannel(name) {
      const created = await call('createChannel', null, name, () => {
        if (channels.has(name)) return null; // Slack answers name_taken; nothing is created
        const id = `C${String(++seq).padStart(6, '0')}`;
        channels.set(name, id);
        return { id };
      });
      if (!created.ok) return created;
      return created.value === null ? { ok: false, error: 'name_taken' } : { ok: true, value: created.value };
    },
    findChannel: (name) => {
      const id = channels.get(name);
      return Promise.resolve(id === undefined ? null : { id, createdByMe: true, purpose: '' });
    },
    setTopic: (channelId, topic) => call('setTopic', channelId, topic, () => null),
    setPurpose: (channelId, purpose) => call('setPurpose', channelId, purpose, () => null),
    invite: (channelId, users) => call('invite', channelId, users.join(','), () => null),
    archive: (channelId) => call('archive', channelId, '', () => null),
    post: (channelId, message, key, threadTs) =>
      call('post', channelId, message.kind, () => {
        const ts = `${++seq}.000100`;
        posts.push({ channelId, ts, key, message, threadTs });
        return { ts };
      }),
    findPosted: (channelId, key) => Promise.resolve({ ok: true, value: posts.find((p) => p.channelId === channelId && p.key === key) ?? null }),
    update: (channelId, ts, message) =>
      call('update', channelId, `${ts} ${message.kind}`, () => {
        updates.push({ channelId, ts, message });
        return null;
      }),
    postEphemeral: (channelId, user, message) => call('postEphemeral', channelId, `${user} ${message.kind}`, () => null),
    pin: (channelId, ts) => call('pin', channelId, ts, () => null),
    bookmark: (channelId, title, url) => call('bookmark', channelId, `${title} ${url}`, () => ({ id: `Bk${++seq}` })),
    editBookmark: (channelId, bookmarkId, title, url) => call('editBookmark', channelId, `${bookmarkId} ${title} ${url}`, () => null),
    uploadFile: (channelId, file) => call('uploadFile', channelId, file.title, () => ({ fileId: `F${++seq}`, permalink: null })),
    lookupUserByEmail: () => Promise.resolve({ ok: true, value: null }),
    fetchMessage(channelId, ts) {
      const found = messages.get(`${channelId}/${ts}`);
      if (!found) return Promise.resolve({ ok: false, error: 'message_not_found' });
      return call('fetchMessage', channelId, ts, () => ({ ...found, permalink: `https://slack.test/archives/${channelId}/p${ts.replace('.', '')}` }));
    },
  };
}
