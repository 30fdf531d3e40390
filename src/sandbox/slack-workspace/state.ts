/**
 * What the workspace holds (users, channels with their messages, ephemerals, views, files) and the
 * lookups every method shares: Slack's visibility rules (a private channel the bot is not in does
 * not exist for it), ids and message timestamps that never come back, even after a reset.
 */
import { fail, pad, type Json, type Outcome } from './args.js';
import type { SlackWorkspaceOptions, WorkspaceBookmark, WorkspaceEphemeral, WorkspaceUser } from './types.js';
import { isSlackUserId } from '../../core/slack-user-id.js';

export interface ChannelState {
  id: string;
  name: string;
  isPrivate: boolean;
  isIm: boolean;
  isArchived: boolean;
  creator: string;
  created: number;
  members: Set<string>;
  topic: { value: string; creator: string; last_set: number };
  purpose: { value: string; creator: string; last_set: number };
  bookmarks: WorkspaceBookmark[];
  messages: Map<string, MessageState>;
}

export interface MessageState {
  channel: string;
  ts: string;
  user: string;
  botId: string | null;
  text: string;
  blocks: unknown[] | null;
  attachments: unknown[] | null;
  threadTs: string | null;
  edits: number;
  pinned: boolean;
  reactions: Map<string, string[]>;
  editedTs: string | null;
  /** chat.postMessage `metadata` ({ event_type, event_payload }); returned by history only with include_all_metadata. */
  metadata: { event_type: string; event_payload: Json } | null;
}

export interface FileState {
  id: string;
  filename: string;
  /** The length announced to files.getUploadURLExternal. */
  length: number;
  bytes: Buffer | null;
  title: string;
  channel: string | null;
  permalink: string;
}

export interface ViewState {
  id: string;
  kind: 'modal' | 'home';
  via: 'open' | 'push' | 'publish';
  triggerId: string | null;
  userId: string | null;
  externalId: string | null;
  view: Record<string, unknown>;
  hash: string;
  updates: number;
  rootViewId: string;
  previousViewId: string | null;
}


export interface NewChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  isIm?: boolean;
  isArchived?: boolean;
  creator: string;
  members: Iterable<string>;
  topic?: string;
  purpose?: string;
}

/** The workspace's state and shared lookups, handed to every group of methods. */
export interface WorkspaceState {
  readonly options: SlackWorkspaceOptions;
  readonly token: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  readonly teamDomain: string;
  readonly appId: string;
  readonly users: Map<string, WorkspaceUser>;
  readonly channels: Map<string, ChannelState>;
  readonly ephemerals: WorkspaceEphemeral[];
  readonly views: Map<string, ViewState>;
  readonly files: Map<string, FileState>;
  readonly usedTriggerIds: Set<string>;
  /** Id counters: they keep counting across reset() so ids from before it never come back. */
  readonly counters: { view: number; bookmark: number; file: number; socketTickets: number };
  /** The seeded generator (shared with the fault rules, so a seed replays a whole run). */
  random(): number;
  nowSeconds(): number;
  /** A message timestamp: unique and increasing, even within one millisecond. */
  nextTs(): string;
  nextChannelId(prefix: 'C' | 'D'): string;
  userExists(id: string): boolean;
  newChannelState(input: NewChannel): ChannelState;
  /** Forget channels, messages, ephemerals, views and files; users back to those of the options. */
  clear(): void;
}

export function isOutcome(value: ChannelState | Outcome): value is Outcome {
  return !(value as Partial<ChannelState>).messages;
}

export const DEFAULT_TOKEN = 'xoxb-test-token';

export function createWorkspaceState(options: SlackWorkspaceOptions, random: () => number): WorkspaceState {
  const botUserId = options.botUserId ?? 'UBOT';
  const knownUsersGiven = options.knownUsers !== undefined;
  const ids = { channel: options.firstChannelNumber ?? 0, lastTsMicros: 0 };
  const users = new Map<string, WorkspaceUser>();
  const channels = new Map<string, ChannelState>();
  const seedUsers = (): void => {
    users.clear();
    users.set(botUserId, { id: botUserId, name: 'warroom', realName: 'Warroom', isBot: true });
    for (const user of options.knownUsers ?? []) users.set(user.id, user);
  };
  seedUsers();
  const nowSeconds = (): number => Math.floor(Date.now() / 1000);

  const state: WorkspaceState = {
    options,
    token: options.token ?? DEFAULT_TOKEN,
    botUserId,
    botId: options.botId ?? 'BBOT',
    teamId: options.teamId ?? 'TFAKE',
    teamDomain: options.teamDomain ?? 'warroom-fake',
    appId: 'AFAKEAPP',
    users,
    channels,
    ephemerals: [],
    views: new Map(),
    files: new Map(),
    usedTriggerIds: new Set(),
    counters: { view: 0, bookmark: 0, file: 0, socketTickets: 0 },
    random,
    nowSeconds,
    nextTs() {
      ids.lastTsMicros = Math.max(Date.now() * 1000, ids.lastTsMicros + 1);
      return `${Math.floor(ids.lastTsMicros / 1e6)}.${pad(ids.lastTsMicros % 1e6, 6)}`;
    },
    nextChannelId(prefix) {
      let id: string;
      do {
        ids.channel += 1;
        id = `${prefix}${pad(ids.channel, 8)}`;
      } while (channels.has(id));
      return id;
    },
    userExists: (id) => users.has(id) || (!knownUsersGiven && isSlackUserId(id)),
    newChannelState: (input) => newChannelState(input, nowSeconds()),
    clear() {
      channels.clear();
      state.ephemerals.length = 0;
      state.views.clear();
      state.files.clear();
      state.usedTriggerIds.clear();
      seedUsers();
    },
  };
  return state;
}

function newChannelState(input: NewChannel, created: number): ChannelState {
  return {
    id: input.id,
    name: input.name,
    isPrivate: input.isPrivate,
    isIm: input.isIm ?? false,
    isArchived: input.isArchived ?? false,
    creator: input.creator,
    created,
    members: new Set(input.members),
    topic: { value: input.topic ?? '', creator: input.topic ? input.creator : '', last_set: input.topic ? created : 0 },
    purpose: { value: input.purpose ?? '', creator: input.purpose ? input.creator : '', last_set: input.purpose ? created : 0 },
    bookmarks: [],
    messages: new Map(),
  };
}

// ---- lookups with Slack's visibility rules ----------------------------------------------------

/** A channel the bot can see: public channels, and private channels/IMs it is a member of. */
export function visibleChannel(ws: WorkspaceState, ref: string | undefined): ChannelState | undefined {
  if (ref === undefined) return undefined;
  let ch = ws.channels.get(ref);
  if (ch === undefined) {
    const name = ref.startsWith('#') ? ref.slice(1) : ref;
    ch = [...ws.channels.values()].find((c) => !c.isIm && c.name === name);
  }
  if (ch === undefined) return undefined;
  if ((ch.isPrivate || ch.isIm) && !ch.members.has(ws.botUserId)) return undefined;
  return ch;
}

/** `chat.postMessage` to a user id opens (or reuses) the bot's DM with that user. */
export function imWith(ws: WorkspaceState, userId: string): ChannelState | undefined {
  if (!ws.userExists(userId) || userId === ws.botUserId) return undefined;
  const existing = [...ws.channels.values()].find((c) => c.isIm && c.members.has(userId));
  if (existing) return existing;
  const ch = ws.newChannelState({ id: ws.nextChannelId('D'), name: userId, isPrivate: true, isIm: true, creator: ws.botUserId, members: [ws.botUserId, userId] });
  ws.channels.set(ch.id, ch);
  return ch;
}

/** Common checks for methods that act in a channel as the bot. */
export function channelForWrite(ws: WorkspaceState, ref: string | undefined): ChannelState | Outcome {
  const ch = visibleChannel(ws, ref);
  if (ch === undefined) return fail('channel_not_found');
  if (ch.isArchived) return fail('is_archived');
  if (!ch.members.has(ws.botUserId)) return fail('not_in_channel');
  return ch;
}

/** Reading history: private channels need membership (else they do not exist), public ones too (`not_in_channel`). */
export function channelForRead(ws: WorkspaceState, ref: string | undefined): ChannelState | Outcome {
  const ch = visibleChannel(ws, ref);
  if (ch === undefined) return fail('channel_not_found');
  if (!ch.members.has(ws.botUserId)) return fail('not_in_channel');
  return ch;
}

/** One group of Slack methods: method name → what it does to the workspace and answers. */
export type MethodTable = Readonly<Record<string, (ws: WorkspaceState, args: Json) => Outcome>>;
