/** The workspace's public face: its options, what it records, and the snapshots tests and the sandbox page read. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FailRule, QuotaRule, RateLimitRule } from '../faults.js';

export interface WorkspaceUser {
  readonly id: string;
  readonly email?: string;
  readonly name?: string;
  readonly realName?: string;
  readonly isBot?: boolean;
}

export interface SlackWorkspaceOptions {
  /** The pre-signed URL files.getUploadURLExternal hands out for a file (served by `handle` as `/upload/<id>`). */
  readonly uploadUrl: (fileId: string) => string;
  /** The only token accepted (default `xoxb-test-token`). */
  readonly token?: string;
  /** The bot's user id (default `UBOT`). */
  readonly botUserId?: string;
  /** The bot id (default `BBOT`). */
  readonly botId?: string;
  /**
   * Socket Mode: the app-level token (`xapp-…`, scope connections:write) that `apps.connections.open`
   * accepts, and the WebSocket URL it hands out (each call gets a fresh `ticket`). Without them the
   * app has no Socket Mode and every app-level token is `invalid_auth`.
   */
  readonly socketMode?: { readonly appToken: string; readonly url: () => string };
  /** Workspace id (default `TFAKE`). */
  readonly teamId?: string;
  /** Workspace subdomain for permalinks (default `warroom-fake`). */
  readonly teamDomain?: string;
  /**
   * The workspace's users. When given, unknown user ids are `user_not_found` (invite, users.info,
   * postEphemeral); when absent, any id shaped like a Slack user id (`U…`/`W…`) is accepted.
   */
  readonly knownUsers?: readonly WorkspaceUser[];
  /** Seed for the `probability` of rate limits (default 1). */
  readonly seed?: number;
  /** Delay every answer by this many milliseconds (default 0). */
  readonly latencyMs?: number;
  /** Model the `chat:write.public` scope: the bot may post to public channels it is not in (default false). */
  readonly chatWritePublic?: boolean;
  /** Channel ids count up from this number (default 0): a workspace made anew after a restart must not hand out ids stored before it. */
  readonly firstChannelNumber?: number;
}

export interface RecordedCall {
  /** Arrival order, starting at 1. */
  readonly seq: number;
  readonly method: string;
  /** Arguments as parsed from the form or JSON body (form values are strings; `blocks`/`view` stay as sent). */
  readonly args: Readonly<Record<string, unknown>>;
  readonly token: string | null;
  readonly contentType: string | null;
  /** Arrival time, epoch milliseconds. */
  readonly at: number;
  /** HTTP status answered; null while the answer is pending (latency) or if the connection died first. */
  readonly status: number | null;
  /** `ok` of the answer body, null for non-JSON or pending answers. */
  readonly ok: boolean | null;
  /** Slack error code of the answer (`name_taken`, `ratelimited`…), if any. */
  readonly error: string | null;
  /** True when the call arrived before the `Retry-After` last given for its method had passed. */
  readonly early: boolean;
  /** The `Retry-After` this call was answered with (a 429), else null. */
  readonly retryAfterSeconds: number | null;
}

export interface RateLimitViolation {
  readonly method: string;
  /** Sequence number of the offending call (see `calls()`). */
  readonly seq: number;
  /** Arrival time of the offending call, epoch milliseconds. */
  readonly at: number;
  /** The `Retry-After` that was ignored. */
  readonly retryAfterSeconds: number;
  /** When that 429 was sent, epoch milliseconds. */
  readonly limitedAt: number;
  /** How much too early the call came. */
  readonly earlyByMs: number;
}

export interface WorkspaceBookmark {
  readonly id: string;
  readonly title: string;
  readonly type: string;
  readonly link: string;
  readonly emoji: string | null;
  readonly createdBy: string;
}

export interface WorkspaceChannel {
  readonly id: string;
  readonly name: string;
  readonly isPrivate: boolean;
  readonly isIm: boolean;
  readonly isArchived: boolean;
  readonly creator: string;
  /** Epoch seconds. */
  readonly created: number;
  readonly members: readonly string[];
  readonly topic: string;
  readonly purpose: string;
  readonly bookmarks: readonly WorkspaceBookmark[];
}

export interface WorkspaceReaction {
  readonly name: string;
  readonly users: readonly string[];
}

export interface WorkspaceMessage {
  readonly channel: string;
  readonly ts: string;
  /** Author: the bot user for messages posted through the API. */
  readonly user: string;
  readonly botId: string | null;
  readonly text: string;
  /** Parsed Block Kit blocks, or null when the message has none. */
  readonly blocks: readonly unknown[] | null;
  readonly attachments: readonly unknown[] | null;
  readonly threadTs: string | null;
  /** How many successful `chat.update` calls changed it. */
  readonly edits: number;
  readonly pinned: boolean;
  readonly reactions: readonly WorkspaceReaction[];
}

/** Slack's answer to what a person did to a message, with the message as it is afterwards. */
export type PersonActOutcome = { readonly ok: true; readonly message: WorkspaceMessage } | { readonly ok: false; readonly error: string };

export interface WorkspaceEphemeral {
  readonly channel: string;
  readonly user: string;
  readonly messageTs: string;
  readonly text: string;
  readonly blocks: readonly unknown[] | null;
  readonly threadTs: string | null;
}

export interface WorkspaceView {
  readonly id: string;
  readonly kind: 'modal' | 'home';
  /** How it was shown: `views.open` / `views.push` for modals, `views.publish` for home tabs. */
  readonly via: 'open' | 'push' | 'publish';
  readonly triggerId: string | null;
  /** For home tabs: whose home tab. */
  readonly userId: string | null;
  readonly externalId: string | null;
  /** The view as last sent (parsed). */
  readonly view: Readonly<Record<string, unknown>>;
  readonly hash: string;
  /** How many times `views.update` / `views.publish` replaced it. */
  readonly updates: number;
}

export interface WorkspaceFile {
  readonly id: string;
  readonly title: string;
  readonly filename: string;
  /** The channel it was shared into by files.completeUploadExternal. */
  readonly channel: string;
  readonly bytes: Buffer;
  readonly permalink: string;
}

export interface AddChannelInput {
  readonly id?: string;
  readonly name: string;
  readonly members?: readonly string[];
  readonly isPrivate?: boolean;
  readonly isArchived?: boolean;
  readonly creator?: string;
  readonly topic?: string;
  readonly purpose?: string;
}

export interface AddMessageInput {
  readonly user: string;
  readonly text: string;
  readonly blocks?: readonly unknown[];
  readonly threadTs?: string;
}

export interface SlackWorkspace {
  /**
   * Answers one HTTP request: `pathname` is `/api/<method>` or `/upload/<file id>` relative to
   * where the workspace is mounted (the query string is read from `req.url`).
   */
  readonly handle: (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<void>;
  readonly botUserId: string;
  readonly token: string;

  /** Answer 429 to calls of `method` (or every method: `'*'`); a method rule wins over `'*'`. */
  rateLimit(method: string, rule: RateLimitRule): void;
  /** Remove the rate-limit rule of `method`, or every rule. Retry-After windows already given still count. */
  clearRateLimit(method?: string): void;
  /** Give `method` a budget of `calls` per `windowSeconds` (see QuotaRule); checked after failNext and rateLimit. */
  quota(method: string, rule: QuotaRule): void;
  /** Remove the quota of `method`, or every quota. Retry-After windows already given still count. */
  clearQuota(method?: string): void;
  /** Answer the next `count` calls of `method` (or `'*'`) with an HTTP 5xx. */
  failNext(method: string, rule: FailRule): void;
  /** Answer the next `count` calls of `method` (or `'*'`) with Slack's own refusal, HTTP 200 `{ ok: false, error }` (e.g. `internal_error`). */
  refuseNext(method: string, rule: { readonly error: string; readonly count?: number }): void;
  /** Delay every answer by `ms` (the call is carried out on arrival; only the answer waits). */
  setLatency(ms: number): void;

  calls(method?: string): RecordedCall[];
  /** Calls inside a Retry-After given for their method (for chat.postMessage: their method in their channel). */
  violations(): RateLimitViolation[];
  /** Methods called that the workspace (and Slack) do not know. */
  unknownMethods(): string[];
  channels(): WorkspaceChannel[];
  channel(id: string): WorkspaceChannel | undefined;
  channelByName(name: string): WorkspaceChannel | undefined;
  messages(channelId: string): WorkspaceMessage[];
  message(channelId: string, ts: string): WorkspaceMessage | undefined;
  ephemerals(channelId?: string): WorkspaceEphemeral[];
  views(): WorkspaceView[];
  users(): WorkspaceUser[];
  /**
   * Files shared into channels (or into `channelId`) through the external upload flow:
   * files.getUploadURLExternal, `POST /upload/<file id>` on this server (recorded in calls() as
   * method `upload`; faults and rate limits set for `upload` apply), files.completeUploadExternal.
   */
  files(channelId?: string): WorkspaceFile[];

  /** Seed an existing channel (e.g. a stakeholder channel); the bot is a member only if listed. */
  addChannel(input: AddChannelInput): WorkspaceChannel;
  /** A workspace admin deletes the channel: from then on Slack answers `channel_not_found` for its id. */
  deleteChannel(channelId: string): void;
  /** Someone archives the channel: it stays (read-only), and writes to it are refused (`is_archived`, `is_inactive`…). */
  archiveChannel(channelId: string): void;
  /** Seed a message written by someone else. */
  addMessage(channelId: string, input: AddMessageInput): WorkspaceMessage;
  addUser(user: WorkspaceUser): void;
  /** `user` reacts to a message from their client (reactions.add's rules, with them as the reactor). */
  reactAs(input: { readonly channel: string; readonly ts: string; readonly user: string; readonly name: string }): PersonActOutcome;
  /** `user` pins a message from their client (pins.add's rules). */
  pinAs(input: { readonly channel: string; readonly ts: string; readonly user: string }): PersonActOutcome;
  /** `user` joins a public channel from their client (Slack then sends member_joined_channel); false when they cannot. */
  joinAs(input: { readonly channel: string; readonly user: string }): boolean;

  /** Forget channels, messages, views, calls, violations, faults and latency; keep the users from options. */
  reset(): void;
}
