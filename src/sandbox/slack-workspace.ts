/**
 * A Slack workspace in memory that answers Slack's Web API (`POST <base>/<method>`) the way Slack
 * does, so the real `WebClient` (Bolt's) can be pointed at it. One implementation serves two
 * masters: the sandbox (mounted on Warroom's own port under `/sandbox/api/`) and the tests' Slack
 * fake (`test/fakes/slack-api-fake.ts`, which puts it on a server of its own).
 *
 * It enforces Slack's documented rules (auth, channel-name rules, `name_taken`, membership,
 * `already_in_channel`, Block Kit limits, 429 + `Retry-After`) and can inject faults at run time:
 * rate limits, per-method quotas (N calls per window), 5xx answers and latency.
 *
 * Answers follow Slack's shapes (see Slack's OpenAPI examples): HTTP 200 with `{ ok: true, … }` or
 * `{ ok: false, error }`; HTTP 429 with `Retry-After` and `{"ok":false,"error":"ratelimited"}`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

export const SLACK_WORKSPACE_DEFAULT_TOKEN = 'xoxb-test-token';

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

export interface RateLimitRule {
  /** Value of the `Retry-After` header (whole seconds, as Slack sends it). */
  readonly retryAfterSeconds: number;
  /** When set, each 429 draws its `Retry-After` from retryAfterSeconds..maxRetryAfterSeconds (seeded). */
  readonly maxRetryAfterSeconds?: number;
  /** Chance that a matching call is limited, drawn from the seeded generator (default 1). */
  readonly probability?: number;
  /** How many 429 answers to give before the rule expires (default: until cleared). */
  readonly count?: number;
}

/**
 * A per-method call budget, the way Slack's tiers work: `calls` answered per fixed window of
 * `windowSeconds`; once they are used up, every call is a 429 whose `Retry-After` is the rest of
 * the window (whole seconds, rounded up). A window starts at the first counted call after the
 * previous one ended. Calls answered 429 (by this rule or any other) or 5xx do not count.
 */
export interface QuotaRule {
  readonly calls: number;
  readonly windowSeconds: number;
}

export interface FailRule {
  readonly status: 500 | 502 | 503 | 504;
  /** How many calls get the failure (default 1). */
  readonly count?: number;
  /** Body to send (default a short JSON error). */
  readonly body?: string;
  /** Carry the call out first, then answer with the failure: the work is done but its answer is lost. */
  readonly afterApplying?: boolean;
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
  /** Seed a message written by someone else. */
  addMessage(channelId: string, input: AddMessageInput): WorkspaceMessage;
  addUser(user: WorkspaceUser): void;

  /** Forget channels, messages, views, calls, violations, faults and latency; keep the users from options. */
  reset(): void;
}

// ---------------------------------------------------------------------------------------------
// State

interface ChannelState {
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

interface MessageState {
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

interface FileState {
  id: string;
  filename: string;
  /** The length announced to files.getUploadURLExternal. */
  length: number;
  bytes: Buffer | null;
  title: string;
  channel: string | null;
  permalink: string;
}

interface ViewState {
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

interface CallState {
  seq: number;
  method: string;
  args: Record<string, unknown>;
  token: string | null;
  contentType: string | null;
  at: number;
  status: number | null;
  ok: boolean | null;
  error: string | null;
  early: boolean;
  retryAfterSeconds: number | null;
}

interface Answer {
  status: number;
  body: string;
  headers: Record<string, string>;
  /** For 429 answers: the Retry-After given. */
  retryAfterSeconds?: number;
}

type Json = Record<string, unknown>;
type Outcome = Json;

const JSON_TYPE = 'application/json; charset=utf-8';

/** Methods called with the app-level token rather than the bot token. */
const APP_LEVEL_METHODS = new Set(['apps.connections.open']);

/** Block types Slack knows (Block Kit reference); anything else is `invalid_blocks`. */
const BLOCK_TYPES = new Set([
  'actions',
  'context',
  'context_actions',
  'divider',
  'file',
  'header',
  'image',
  'input',
  'markdown',
  'rich_text',
  'section',
  'table',
  'video',
]);

// ---------------------------------------------------------------------------------------------
// Small helpers

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A scalar argument as a string (form values are strings already; JSON bodies may send numbers/booleans). */
function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A required string argument: undefined when missing or empty. */
function required(args: Json, name: string): string | undefined {
  const value = str(args[name]);
  return value === undefined || value === '' ? undefined : value;
}

function bool(value: unknown): boolean {
  return value === true || value === 1 || value === 'true' || value === '1';
}

/** Complex arguments (blocks, view…) arrive JSON-stringified in forms, or as JSON values in JSON bodies. */
function jsonArg(value: unknown): { present: false } | { present: true; ok: true; value: unknown } | { present: true; ok: false } {
  if (value === undefined || value === null || value === '') return { present: false };
  if (typeof value !== 'string') return { present: true, ok: true, value };
  try {
    return { present: true, ok: true, value: JSON.parse(value) as unknown };
  } catch {
    return { present: true, ok: false };
  }
}

function chars(text: string): number {
  return [...text].length;
}

function ok(extra: Json = {}): Outcome {
  return { ok: true, ...extra };
}

function fail(error: string, extra: Json = {}): Outcome {
  return { ok: false, error, ...extra };
}

/** Slack's shape for argument-validation errors: the code plus `[ERROR] …` messages in response_metadata. */
function failWithMessages(error: string, messages: readonly string[]): Outcome {
  return { ok: false, error, errors: [...messages], response_metadata: { messages: messages.map((m) => `[ERROR] ${m}`) } };
}

/** Slack's channel-name rules: ≤ 80 characters; lowercase letters, digits, `-` and `_` only (no spaces, periods or capitals). */
export function slackChannelNameError(name: string): string | null {
  if (name.length === 0) return 'invalid_name_required';
  if (chars(name) > 80) return 'invalid_name_maxlength';
  // Letters without an upper case (lowercase, or scripts with no case) and digits are allowed.
  if (!/^[\p{Ll}\p{Lo}\p{Lm}\p{Mn}\p{Mc}\p{Nd}_-]+$/u.test(name)) return 'invalid_name_specials';
  if (/^[-_]+$/.test(name)) return 'invalid_name_punctuation';
  return null;
}

/** The first part of a multipart/form-data body that carries a filename (as `curl -F file=@chart.png` sends it); null if none. */
function multipartFile(body: Buffer, contentType: string): Buffer | null {
  const found = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = found?.[1] ?? found?.[2];
  if (boundary === undefined) return null;
  const delimiter = Buffer.from(`--${boundary}`);
  const next = Buffer.from(`\r\n--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const afterDelimiter = at + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString('latin1') === '--') return null; // closing delimiter
    const headersEnd = body.indexOf('\r\n\r\n', afterDelimiter);
    if (headersEnd < 0) return null;
    const end = body.indexOf(next, headersEnd + 4);
    if (end < 0) return null;
    if (/filename=/i.test(body.subarray(afterDelimiter, headersEnd).toString('utf8'))) return body.subarray(headersEnd + 4, end);
    at = end + 2;
  }
  return null;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function encodeCursor(id: string): string {
  return Buffer.from(`next:${id}`, 'utf8').toString('base64');
}

function decodeCursor(cursor: string): string | null {
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  return text.startsWith('next:') ? text.slice('next:'.length) : null;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

// ---------------------------------------------------------------------------------------------
// Block Kit checks (a subset of Slack's documented limits, with Slack's message style)

function checkTextObject(value: unknown, max: number, pointer: string, errors: string[], plainOnly: boolean): void {
  if (!isObject(value)) {
    errors.push(`must be an object [json-pointer:${pointer}]`);
    return;
  }
  if (value.type !== 'plain_text' && (plainOnly || value.type !== 'mrkdwn')) {
    errors.push(`must be a valid enum value [json-pointer:${pointer}/type]`);
  }
  if (typeof value.text !== 'string' || value.text.length === 0) {
    errors.push(`must be more than 0 characters [json-pointer:${pointer}/text]`);
  } else if (chars(value.text) > max) {
    errors.push(`must be less than ${max + 1} characters [json-pointer:${pointer}/text]`);
  }
}

function checkElements(value: unknown, min: number, max: number, pointer: string, errors: string[]): void {
  if (!Array.isArray(value)) {
    errors.push(`must be an array [json-pointer:${pointer}]`);
    return;
  }
  if (value.length < min) errors.push(`must provide an array with at least ${min} items [json-pointer:${pointer}]`);
  if (value.length > max) errors.push(`must provide an array with no more than ${max} items [json-pointer:${pointer}]`);
}

function checkBlocks(blocks: unknown, maxBlocks: number, pointer: string): string[] {
  const errors: string[] = [];
  if (!Array.isArray(blocks)) return [`must be an array [json-pointer:${pointer}]`];
  if (blocks.length > maxBlocks) errors.push(`must provide an array with no more than ${maxBlocks} items [json-pointer:${pointer}]`);
  const blockIds = new Set<string>();
  blocks.forEach((block: unknown, i) => {
    const p = `${pointer}/${i}`;
    if (!isObject(block) || typeof block.type !== 'string') {
      errors.push(`missing required field: type [json-pointer:${p}]`);
      return;
    }
    if (block.block_id !== undefined) {
      if (typeof block.block_id !== 'string' || block.block_id.length === 0 || block.block_id.length > 255) {
        errors.push(`must be less than 256 characters [json-pointer:${p}/block_id]`);
      } else if (blockIds.has(block.block_id)) {
        errors.push(`duplicate block_id [json-pointer:${p}/block_id]`);
      } else {
        blockIds.add(block.block_id);
      }
    }
    if (!BLOCK_TYPES.has(block.type)) {
      errors.push(`must be a valid enum value [json-pointer:${p}/type]`);
      return;
    }
    switch (block.type) {
      case 'section':
        if (block.text === undefined && block.fields === undefined) {
          errors.push(`must provide at least one of: text, fields [json-pointer:${p}]`);
        }
        if (block.text !== undefined) checkTextObject(block.text, 3000, `${p}/text`, errors, false);
        if (block.fields !== undefined) {
          checkElements(block.fields, 1, 10, `${p}/fields`, errors);
          if (Array.isArray(block.fields)) {
            block.fields.forEach((field: unknown, j) => checkTextObject(field, 2000, `${p}/fields/${j}`, errors, false));
          }
        }
        break;
      case 'header':
        checkTextObject(block.text, 150, `${p}/text`, errors, true);
        break;
      case 'context':
        checkElements(block.elements, 1, 10, `${p}/elements`, errors);
        break;
      case 'actions':
        checkElements(block.elements, 1, 25, `${p}/elements`, errors);
        break;
      case 'input':
        if (typeof block.label === 'undefined') errors.push(`missing required field: label [json-pointer:${p}]`);
        else checkTextObject(block.label, 2000, `${p}/label`, errors, true);
        if (!isObject(block.element)) errors.push(`missing required field: element [json-pointer:${p}]`);
        break;
      default:
        break;
    }
  });
  return errors;
}

function checkView(view: unknown, expected: 'modal' | 'home' | 'any'): string[] {
  if (!isObject(view)) return ['must be an object [json-pointer:/view]'];
  const errors: string[] = [];
  const type = view.type;
  if (type !== 'modal' && type !== 'home') {
    errors.push('must be a valid enum value [json-pointer:/view/type]');
    return errors;
  }
  if (expected !== 'any' && type !== expected) errors.push(`must be ${expected} [json-pointer:/view/type]`);
  if (type === 'modal') {
    if (view.title === undefined) errors.push('missing required field: title [json-pointer:/view]');
    else checkTextObject(view.title, 24, '/view/title', errors, true);
    if (view.submit !== undefined) checkTextObject(view.submit, 24, '/view/submit', errors, true);
    if (view.close !== undefined) checkTextObject(view.close, 24, '/view/close', errors, true);
  }
  if (view.blocks === undefined) errors.push('missing required field: blocks [json-pointer:/view]');
  else errors.push(...checkBlocks(view.blocks, 100, '/view/blocks'));
  if (
    type === 'modal' &&
    view.submit === undefined &&
    Array.isArray(view.blocks) &&
    view.blocks.some((b: unknown) => isObject(b) && b.type === 'input')
  ) {
    errors.push('must provide submit when using input blocks [json-pointer:/view/submit]');
  }
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > 3000) {
    errors.push('must be less than 3001 characters [json-pointer:/view/private_metadata]');
  }
  if (typeof view.callback_id === 'string' && view.callback_id.length > 255) {
    errors.push('must be less than 256 characters [json-pointer:/view/callback_id]');
  }
  if (typeof view.external_id === 'string' && view.external_id.length > 255) {
    errors.push('must be less than 256 characters [json-pointer:/view/external_id]');
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------
// The fake

/** A workspace with the bot (and `knownUsers`) in it, and nothing else yet. */
export function createSlackWorkspace(options: SlackWorkspaceOptions): SlackWorkspace {
  const token = options.token ?? SLACK_WORKSPACE_DEFAULT_TOKEN;
  const botUserId = options.botUserId ?? 'UBOT';
  const botId = options.botId ?? 'BBOT';
  const teamId = options.teamId ?? 'TFAKE';
  const teamDomain = options.teamDomain ?? 'warroom-fake';
  const appId = 'AFAKEAPP';
  let socketTickets = 0;
  const seed = options.seed ?? 1;
  const knownUsersGiven = options.knownUsers !== undefined;

  let random = mulberry32(seed);
  let latencyMs = options.latencyMs ?? 0;
  let channelCounter = options.firstChannelNumber ?? 0;
  let viewCounter = 0;
  let bookmarkCounter = 0;
  let callSeq = 0;
  let lastTsMicros = 0;

  const users = new Map<string, WorkspaceUser>();
  const channels = new Map<string, ChannelState>();
  const ephemerals: WorkspaceEphemeral[] = [];
  const views = new Map<string, ViewState>();
  const files = new Map<string, FileState>();
  let fileCounter = 0;
  const usedTriggerIds = new Set<string>();
  const calls: CallState[] = [];
  const violations: RateLimitViolation[] = [];
  const unknownMethods: string[] = [];
  const rateRules = new Map<string, { retryAfterSeconds: number; maxRetryAfterSeconds: number; probability: number; remaining: number }>();
  const failRules = new Map<string, { status: number; remaining: number; body: string | undefined; json: boolean; afterApplying: boolean }>();
  const quotas = new Map<string, { calls: number; windowMs: number; windowStart: number; used: number }>();
  /** Per method: until when (performance.now() ms) the last Retry-After holds. */
  const retryWindows = new Map<string, { until: number; retryAfterSeconds: number; limitedAt: number }>();

  function seedUsers(): void {
    users.clear();
    users.set(botUserId, { id: botUserId, name: 'warroom', realName: 'Warroom', isBot: true });
    for (const user of options.knownUsers ?? []) users.set(user.id, user);
  }
  seedUsers();

  const nowSeconds = (): number => Math.floor(Date.now() / 1000);

  function nextTs(): string {
    lastTsMicros = Math.max(Date.now() * 1000, lastTsMicros + 1);
    return `${Math.floor(lastTsMicros / 1e6)}.${pad(lastTsMicros % 1e6, 6)}`;
  }

  function nextChannelId(prefix: 'C' | 'D'): string {
    let id: string;
    do {
      channelCounter += 1;
      id = `${prefix}${pad(channelCounter, 8)}`;
    } while (channels.has(id));
    return id;
  }

  function userExists(id: string): boolean {
    if (users.has(id)) return true;
    return !knownUsersGiven && /^[UW][A-Z0-9]{2,}$/.test(id);
  }

  // ---- shapes -------------------------------------------------------------------------------

  function channelJson(ch: ChannelState): Json {
    const isMember = ch.members.has(botUserId);
    if (ch.isIm) {
      const other = [...ch.members].find((m) => m !== botUserId) ?? botUserId;
      return { id: ch.id, created: ch.created, is_im: true, is_org_shared: false, user: other, is_user_deleted: false, priority: 0 };
    }
    return {
      id: ch.id,
      name: ch.name,
      is_channel: true,
      is_group: false,
      is_im: false,
      is_mpim: false,
      is_private: ch.isPrivate,
      created: ch.created,
      creator: ch.creator,
      is_archived: ch.isArchived,
      is_general: false,
      unlinked: 0,
      name_normalized: ch.name,
      is_shared: false,
      is_ext_shared: false,
      is_org_shared: false,
      is_pending_ext_shared: false,
      pending_shared: [],
      context_team_id: teamId,
      is_member: isMember,
      last_read: '0000000000.000000',
      topic: { ...ch.topic },
      purpose: { ...ch.purpose },
      previous_names: [],
      num_members: ch.members.size,
      priority: 0,
    };
  }

  function messageJson(m: MessageState, includeMetadata = false): Json {
    const out: Json = { type: 'message', ts: m.ts, user: m.user, text: m.text, team: teamId };
    if (includeMetadata && m.metadata !== null) out.metadata = clone(m.metadata);
    if (m.botId !== null) {
      out.bot_id = m.botId;
      out.app_id = appId;
      out.bot_profile = { id: m.botId, app_id: appId, name: 'Warroom', deleted: false, team_id: teamId };
    }
    if (m.blocks !== null) out.blocks = clone(m.blocks);
    if (m.attachments !== null) out.attachments = clone(m.attachments);
    if (m.threadTs !== null) out.thread_ts = m.threadTs;
    const replies = [...(channels.get(m.channel)?.messages.values() ?? [])].filter((r) => r.threadTs === m.ts && r.ts !== m.ts);
    if (replies.length > 0) {
      out.thread_ts = m.ts;
      out.reply_count = replies.length;
      out.reply_users = [...new Set(replies.map((r) => r.user))];
      out.latest_reply = replies.at(-1)?.ts;
    }
    if (m.editedTs !== null) out.edited = { user: m.user, ts: m.editedTs };
    if (m.pinned) out.pinned_to = [m.channel];
    if (m.reactions.size > 0) {
      out.reactions = [...m.reactions].map(([name, who]) => ({ name, users: [...who], count: who.length }));
    }
    return out;
  }

  function userJson(u: WorkspaceUser): Json {
    const name = u.name ?? u.id.toLowerCase();
    const realName = u.realName ?? name;
    return {
      id: u.id,
      team_id: teamId,
      name,
      deleted: false,
      real_name: realName,
      tz: 'Etc/UTC',
      tz_label: 'Coordinated Universal Time',
      tz_offset: 0,
      is_admin: false,
      is_owner: false,
      is_bot: u.isBot ?? false,
      is_app_user: false,
      updated: 1_700_000_000,
      profile: {
        real_name: realName,
        real_name_normalized: realName,
        display_name: name,
        display_name_normalized: name,
        ...(u.email !== undefined ? { email: u.email } : {}),
        team: teamId,
      },
    };
  }

  function viewJson(v: ViewState): Json {
    return {
      id: v.id,
      team_id: teamId,
      app_id: appId,
      app_installed_team_id: teamId,
      bot_id: botId,
      type: v.kind,
      callback_id: '',
      private_metadata: '',
      external_id: v.externalId ?? '',
      state: { values: {} },
      clear_on_close: false,
      notify_on_close: false,
      ...clone(v.view),
      hash: v.hash,
      root_view_id: v.rootViewId,
      previous_view_id: v.previousViewId,
    };
  }

  // ---- snapshots ----------------------------------------------------------------------------

  function channelSnapshot(ch: ChannelState): WorkspaceChannel {
    return {
      id: ch.id,
      name: ch.name,
      isPrivate: ch.isPrivate,
      isIm: ch.isIm,
      isArchived: ch.isArchived,
      creator: ch.creator,
      created: ch.created,
      members: [...ch.members],
      topic: ch.topic.value,
      purpose: ch.purpose.value,
      bookmarks: ch.bookmarks.map((b) => ({ ...b })),
    };
  }

  function messageSnapshot(m: MessageState): WorkspaceMessage {
    return {
      channel: m.channel,
      ts: m.ts,
      user: m.user,
      botId: m.botId,
      text: m.text,
      blocks: m.blocks === null ? null : clone(m.blocks),
      attachments: m.attachments === null ? null : clone(m.attachments),
      threadTs: m.threadTs,
      edits: m.edits,
      pinned: m.pinned,
      reactions: [...m.reactions].map(([name, who]) => ({ name, users: [...who] })),
    };
  }

  function viewSnapshot(v: ViewState): WorkspaceView {
    return {
      id: v.id,
      kind: v.kind,
      via: v.via,
      triggerId: v.triggerId,
      userId: v.userId,
      externalId: v.externalId,
      view: clone(v.view),
      hash: v.hash,
      updates: v.updates,
    };
  }

  // ---- lookups with Slack's visibility rules ------------------------------------------------

  /** A channel the bot can see: public channels, and private channels/IMs it is a member of. */
  function visibleChannel(ref: string | undefined): ChannelState | undefined {
    if (ref === undefined) return undefined;
    let ch = channels.get(ref);
    if (ch === undefined) {
      const name = ref.startsWith('#') ? ref.slice(1) : ref;
      ch = [...channels.values()].find((c) => !c.isIm && c.name === name);
    }
    if (ch === undefined) return undefined;
    if ((ch.isPrivate || ch.isIm) && !ch.members.has(botUserId)) return undefined;
    return ch;
  }

  /** `chat.postMessage` to a user id opens (or reuses) the bot's DM with that user. */
  function imWith(userId: string): ChannelState | undefined {
    if (!userExists(userId) || userId === botUserId) return undefined;
    const existing = [...channels.values()].find((c) => c.isIm && c.members.has(userId));
    if (existing) return existing;
    const ch = newChannelState({ id: nextChannelId('D'), name: userId, isPrivate: true, isIm: true, creator: botUserId, members: [botUserId, userId] });
    channels.set(ch.id, ch);
    return ch;
  }

  function newChannelState(input: {
    id: string;
    name: string;
    isPrivate: boolean;
    isIm?: boolean;
    isArchived?: boolean;
    creator: string;
    members: Iterable<string>;
    topic?: string;
    purpose?: string;
  }): ChannelState {
    const created = nowSeconds();
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

  /** Common checks for methods that act in a channel as the bot. */
  function channelForWrite(ref: string | undefined): ChannelState | Outcome {
    const ch = visibleChannel(ref);
    if (ch === undefined) return fail('channel_not_found');
    if (ch.isArchived) return fail('is_archived');
    if (!ch.members.has(botUserId)) return fail('not_in_channel');
    return ch;
  }

  /** Reading history: private channels need membership (else they do not exist), public ones too (`not_in_channel`). */
  function channelForRead(ref: string | undefined): ChannelState | Outcome {
    const ch = visibleChannel(ref);
    if (ch === undefined) return fail('channel_not_found');
    if (!ch.members.has(botUserId)) return fail('not_in_channel');
    return ch;
  }

  /** `oldest` / `latest` / `inclusive` of conversations.history and conversations.replies. */
  function inTimeRange(ts: string, args: Json): boolean {
    const inclusive = bool(args.inclusive);
    const oldest = str(args.oldest);
    const latest = str(args.latest);
    const t = Number(ts);
    if (oldest !== undefined && oldest !== '' && (inclusive ? t < Number(oldest) : t <= Number(oldest))) return false;
    if (latest !== undefined && latest !== '' && (inclusive ? t > Number(latest) : t >= Number(latest))) return false;
    return true;
  }

  function isOutcome(value: ChannelState | Outcome): value is Outcome {
    return !(value as Partial<ChannelState>).messages;
  }

  /** blocks/attachments/text checks shared by postMessage, postEphemeral and update. */
  function messageContent(args: Json): { failed: Outcome } | { failed: null; text: string | undefined; blocks: unknown[] | undefined; attachments: unknown[] | undefined } {
    const blocksArg = jsonArg(args.blocks);
    let blocks: unknown[] | undefined;
    if (blocksArg.present) {
      if (!blocksArg.ok || !Array.isArray(blocksArg.value)) return { failed: fail('invalid_blocks_format') };
      const errors = checkBlocks(blocksArg.value, 50, '/blocks');
      if (errors.length > 0) return { failed: failWithMessages('invalid_blocks', errors) };
      blocks = blocksArg.value as unknown[];
    }
    const attachmentsArg = jsonArg(args.attachments);
    let attachments: unknown[] | undefined;
    if (attachmentsArg.present) {
      if (!attachmentsArg.ok || !Array.isArray(attachmentsArg.value)) return { failed: fail('invalid_attachments') };
      if (attachmentsArg.value.length > 100) return { failed: fail('too_many_attachments') };
      attachments = attachmentsArg.value as unknown[];
    }
    const text = str(args.text);
    if (text !== undefined && chars(text) > 40_000) return { failed: fail('msg_too_long') };
    return { failed: null, text, blocks, attachments };
  }

  // ---- methods ------------------------------------------------------------------------------

  const handlers: Record<string, (args: Json) => Outcome> = {
    'api.test': (args) => ok({ args: { ...args } }),

    'apps.connections.open': () => {
      const socketMode = options.socketMode;
      if (socketMode === undefined) return fail('invalid_auth');
      const url = new URL(socketMode.url());
      url.searchParams.set('ticket', `ticket-${++socketTickets}`);
      url.searchParams.set('app_id', appId);
      return ok({ url: url.toString() });
    },

    'auth.test': () =>
      ok({
        url: `https://${teamDomain}.slack.com/`,
        team: 'Warroom Fake',
        user: 'warroom',
        team_id: teamId,
        user_id: botUserId,
        bot_id: botId,
        is_enterprise_install: false,
      }),

    'conversations.create': (args) => {
      const name = str(args.name) ?? '';
      const nameError = slackChannelNameError(name);
      if (nameError !== null) return fail(nameError);
      if ([...channels.values()].some((c) => !c.isIm && c.name === name)) return fail('name_taken');
      const ch = newChannelState({ id: nextChannelId('C'), name, isPrivate: bool(args.is_private), creator: botUserId, members: [botUserId] });
      channels.set(ch.id, ch);
      return ok({ channel: channelJson(ch) });
    },

    'conversations.info': (args) => {
      const ch = visibleChannel(required(args, 'channel'));
      if (ch === undefined) return fail('channel_not_found');
      return ok({ channel: channelJson(ch) });
    },

    'conversations.list': (args) => {
      const types = new Set((str(args.types) ?? 'public_channel').split(',').map((t) => t.trim()).filter((t) => t !== ''));
      for (const t of types) {
        if (!['public_channel', 'private_channel', 'mpim', 'im'].includes(t)) return fail('invalid_types');
      }
      const limit = parseLimit(args.limit, 100);
      if (limit === null) return fail('invalid_limit');
      const excludeArchived = bool(args.exclude_archived);
      const all = [...channels.values()].filter((c) => {
        if (excludeArchived && c.isArchived) return false;
        if (c.isIm) return types.has('im') && c.members.has(botUserId);
        if (c.isPrivate) return types.has('private_channel') && c.members.has(botUserId);
        return types.has('public_channel');
      });
      const page = paginate(all, (c) => c.id, str(args.cursor), limit);
      if (page === null) return fail('invalid_cursor');
      return ok({ channels: page.items.map(channelJson), response_metadata: { next_cursor: page.nextCursor } });
    },

    'conversations.members': (args) => {
      const ch = visibleChannel(required(args, 'channel'));
      if (ch === undefined) return fail('channel_not_found');
      const limit = parseLimit(args.limit, 100);
      if (limit === null) return fail('invalid_limit');
      const page = paginate([...ch.members], (m) => m, str(args.cursor), limit);
      if (page === null) return fail('invalid_cursor');
      return ok({ members: page.items, response_metadata: { next_cursor: page.nextCursor } });
    },

    'conversations.setTopic': (args) => setText(args, 'topic'),
    'conversations.setPurpose': (args) => setText(args, 'purpose'),

    'conversations.invite': (args) => {
      const ch = channelForWrite(required(args, 'channel'));
      if (isOutcome(ch)) return ch;
      if (ch.isIm) return fail('method_not_supported_for_channel_type');
      const ids = (str(args.users) ?? '')
        .split(',')
        .map((u) => u.trim())
        .filter((u) => u !== '');
      if (ids.length === 0) return fail('no_user');
      if (ids.length > 1000) return fail('too_many_users');
      if (ids.includes(botUserId)) return fail('cant_invite_self');
      const force = bool(args.force);
      const errors: Json[] = [];
      const toAdd: string[] = [];
      for (const id of new Set(ids)) {
        if (!userExists(id)) errors.push({ user: id, ok: false, error: 'user_not_found' });
        else if (ch.members.has(id)) errors.push({ user: id, ok: false, error: 'already_in_channel' });
        else toAdd.push(id);
      }
      const notFound = errors.filter((e) => e.error === 'user_not_found');
      if (notFound.length > 0 && !force) return fail('user_not_found', { errors: notFound });
      if (toAdd.length === 0) {
        const already = errors.filter((e) => e.error === 'already_in_channel');
        return already.length > 0 ? fail('already_in_channel', { errors: already }) : fail('user_not_found', { errors });
      }
      for (const id of toAdd) ch.members.add(id);
      return ok({ channel: channelJson(ch), ...(force && errors.length > 0 ? { errors } : {}) });
    },

    'conversations.join': (args) => {
      const ch = visibleChannel(required(args, 'channel'));
      if (ch === undefined) return fail('channel_not_found');
      if (ch.isPrivate || ch.isIm) return fail('method_not_supported_for_channel_type');
      if (ch.isArchived) return fail('is_archived');
      if (ch.members.has(botUserId)) {
        return ok({ channel: channelJson(ch), warning: 'already_in_channel', response_metadata: { warnings: ['already_in_channel'] } });
      }
      ch.members.add(botUserId);
      return ok({ channel: channelJson(ch) });
    },

    'conversations.history': (args) => {
      const ch = channelForRead(required(args, 'channel'));
      if (isOutcome(ch)) return ch;
      const limit = parseLimit(args.limit, 100);
      if (limit === null) return fail('invalid_limit');
      // Newest first; thread replies stay in their thread.
      const top = [...ch.messages.values()].filter((m) => m.threadTs === null || m.threadTs === m.ts).reverse();
      const inRange = top.filter((m) => inTimeRange(m.ts, args));
      const page = paginate(inRange, (m) => m.ts, str(args.cursor), limit);
      if (page === null) return fail('invalid_cursor');
      const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
      return ok({ messages: page.items.map((m) => messageJson(m, withMetadata)), has_more: page.nextCursor !== '', response_metadata: { next_cursor: page.nextCursor } });
    },

    'conversations.replies': (args) => {
      const ch = channelForRead(required(args, 'channel'));
      if (isOutcome(ch)) return ch;
      const ts = required(args, 'ts');
      if (ts === undefined) return fail('invalid_arguments');
      const m = ch.messages.get(ts);
      if (m === undefined) return fail('thread_not_found');
      const limit = parseLimit(args.limit, 1000);
      if (limit === null) return fail('invalid_limit');
      // The ts of a reply gives just that reply (as Slack does); a parent's ts gives the whole thread, oldest first.
      const thread =
        m.threadTs !== null && m.threadTs !== m.ts ? [m] : [m, ...[...ch.messages.values()].filter((r) => r.threadTs === ts && r.ts !== ts)];
      const inRange = thread.filter((r) => inTimeRange(r.ts, args));
      const page = paginate(inRange, (r) => r.ts, str(args.cursor), limit);
      if (page === null) return fail('invalid_cursor');
      return ok({ messages: page.items.map((m) => messageJson(m)), has_more: page.nextCursor !== '', response_metadata: { next_cursor: page.nextCursor } });
    },

    'chat.postMessage': (args) => {
      const ref = required(args, 'channel');
      let ch: ChannelState | undefined = visibleChannel(ref);
      if (ch === undefined && ref !== undefined && /^[UW]/.test(ref)) ch = imWith(ref);
      if (ch === undefined) return fail('channel_not_found');
      if (ch.isArchived) return fail('is_archived');
      if (!ch.members.has(botUserId) && !(options.chatWritePublic === true && !ch.isPrivate)) return fail('not_in_channel');
      const content = messageContent(args);
      if (content.failed !== null) return content.failed;
      if ((content.text ?? '') === '' && (content.blocks ?? []).length === 0 && (content.attachments ?? []).length === 0) {
        return fail('no_text');
      }
      const threadTs = required(args, 'thread_ts') ?? null;
      // Slack: metadata is a JSON object with a string event_type and an object event_payload.
      const metadataArg = jsonArg(args.metadata);
      let metadata: MessageState['metadata'] = null;
      if (metadataArg.present) {
        const value = metadataArg.ok ? (metadataArg.value as Json | null) : null;
        if (value === null || typeof value !== 'object' || typeof value.event_type !== 'string' || typeof value.event_payload !== 'object' || value.event_payload === null) {
          return fail('invalid_metadata_format');
        }
        metadata = { event_type: value.event_type, event_payload: clone(value.event_payload as Json) };
      }
      const m: MessageState = {
        channel: ch.id,
        ts: nextTs(),
        user: botUserId,
        botId,
        text: content.text ?? '',
        blocks: content.blocks ?? null,
        attachments: content.attachments ?? null,
        threadTs,
        edits: 0,
        pinned: false,
        reactions: new Map(),
        editedTs: null,
        metadata,
      };
      ch.messages.set(m.ts, m);
      return ok({ channel: ch.id, ts: m.ts, message: messageJson(m) });
    },

    'chat.update': (args) => {
      const ch = visibleChannel(required(args, 'channel'));
      if (ch === undefined) return fail('channel_not_found');
      const ts = required(args, 'ts');
      const m = ts === undefined ? undefined : ch.messages.get(ts);
      if (m === undefined) return fail('message_not_found');
      if (m.user !== botUserId) return fail('cant_update_message');
      if (ch.isArchived) return fail('is_archived');
      const content = messageContent(args);
      if (content.failed !== null) return content.failed;
      if (content.text === undefined && content.blocks === undefined && content.attachments === undefined) return fail('no_text');
      // Slack keeps what is not sent: text-only updates retain the previous blocks, and vice versa.
      if (content.text !== undefined) m.text = content.text;
      if (content.blocks !== undefined) m.blocks = content.blocks;
      if (content.attachments !== undefined) m.attachments = content.attachments;
      m.edits += 1;
      m.editedTs = nextTs();
      return ok({ channel: ch.id, ts: m.ts, text: m.text, message: messageJson(m) });
    },

    'chat.postEphemeral': (args) => {
      const ch = visibleChannel(required(args, 'channel'));
      if (ch === undefined) return fail('channel_not_found');
      if (ch.isArchived) return fail('is_archived');
      if (!ch.members.has(botUserId)) return fail('not_in_channel');
      const user = required(args, 'user');
      if (user === undefined || !userExists(user)) return fail('user_not_found');
      if (!ch.members.has(user)) return fail('user_not_in_channel');
      const content = messageContent(args);
      if (content.failed !== null) return content.failed;
      if ((content.text ?? '') === '' && (content.blocks ?? []).length === 0 && (content.attachments ?? []).length === 0) {
        return fail('no_text');
      }
      const messageTs = nextTs();
      ephemerals.push({
        channel: ch.id,
        user,
        messageTs,
        text: content.text ?? '',
        blocks: content.blocks ?? null,
        threadTs: required(args, 'thread_ts') ?? null,
      });
      return ok({ message_ts: messageTs });
    },

    'chat.getPermalink': (args) => {
      const ch = visibleChannel(required(args, 'channel'));
      if (ch === undefined) return fail('channel_not_found');
      const ts = required(args, 'message_ts');
      if (ts === undefined || !ch.messages.has(ts)) return fail('message_not_found');
      return ok({ channel: ch.id, permalink: `https://${teamDomain}.slack.com/archives/${ch.id}/p${ts.replace('.', '')}` });
    },

    'pins.add': (args) => {
      const ch = channelForWrite(required(args, 'channel'));
      if (isOutcome(ch)) return ch;
      const ts = required(args, 'timestamp');
      if (ts === undefined) return fail('no_item_specified');
      const m = ch.messages.get(ts);
      if (m === undefined) return fail('message_not_found');
      if (m.pinned) return fail('already_pinned');
      if ([...ch.messages.values()].filter((x) => x.pinned).length >= 100) return fail('too_many_pins');
      m.pinned = true;
      return ok();
    },

    'bookmarks.add': (args) => {
      const ch = visibleChannel(required(args, 'channel_id'));
      if (ch === undefined) return fail('channel_not_found');
      const title = required(args, 'title');
      const type = required(args, 'type');
      if (title === undefined || type === undefined) return fail('invalid_arguments');
      if (type !== 'link') return fail('invalid_bookmark_type');
      const link = str(args.link) ?? '';
      if (!/^https?:\/\//i.test(link)) return fail('invalid_link');
      if (ch.bookmarks.length >= 100) return fail('too_many_bookmarks');
      bookmarkCounter += 1;
      const emoji = required(args, 'emoji') ?? null;
      if (emoji !== null && !/^:[a-z0-9_+'-]+:$/.test(emoji)) return fail('invalid_emoji');
      const bookmark: WorkspaceBookmark = { id: `Bk${pad(bookmarkCounter, 9)}`, title, type, link, emoji, createdBy: botUserId };
      ch.bookmarks.push(bookmark);
      return ok({
        bookmark: {
          id: bookmark.id,
          channel_id: ch.id,
          title,
          link,
          emoji,
          icon_url: null,
          type,
          entity_id: null,
          date_created: nowSeconds(),
          date_updated: 0,
          rank: 'g',
          last_updated_by_user_id: botUserId,
          last_updated_by_team_id: teamId,
          shortcut_id: null,
          app_id: null,
        },
      });
    },

    'reactions.add': (args) => {
      const ch = visibleChannel(required(args, 'channel'));
      if (ch === undefined) return fail('channel_not_found');
      const ts = required(args, 'timestamp');
      if (ts === undefined) return fail('no_item_specified');
      const name = (required(args, 'name') ?? '').replace(/^:|:$/g, '');
      if (!/^[a-z0-9_+'-]+(::skin-tone-[2-6])?$/.test(name)) return fail('invalid_name');
      const m = ch.messages.get(ts);
      if (m === undefined) return fail('message_not_found');
      const who = m.reactions.get(name) ?? [];
      if (who.includes(botUserId)) return fail('already_reacted');
      if (m.reactions.size >= 50 && !m.reactions.has(name)) return fail('too_many_reactions');
      m.reactions.set(name, [...who, botUserId]);
      return ok();
    },

    'views.open': (args) => openView(args, 'open'),
    'views.push': (args) => openView(args, 'push'),

    'views.update': (args) => {
      const viewId = required(args, 'view_id');
      const externalId = required(args, 'external_id');
      if (viewId === undefined && externalId === undefined) return fail('invalid_arguments');
      const v = viewId !== undefined ? views.get(viewId) : [...views.values()].find((x) => x.externalId === externalId);
      if (v === undefined) return fail('not_found');
      const parsed = parseView(args, v.kind);
      if (parsed.failed !== null) return parsed.failed;
      const hash = required(args, 'hash');
      if (hash !== undefined && hash !== v.hash) return fail('hash_conflict');
      v.view = parsed.view;
      v.updates += 1;
      v.hash = newHash();
      if (typeof parsed.view.external_id === 'string') v.externalId = parsed.view.external_id;
      return ok({ view: viewJson(v) });
    },

    'views.publish': (args) => {
      const userId = required(args, 'user_id');
      if (userId === undefined) return fail('invalid_arguments');
      if (!userExists(userId)) return fail('user_not_found');
      const parsed = parseView(args, 'home');
      if (parsed.failed !== null) return parsed.failed;
      const existing = [...views.values()].find((x) => x.kind === 'home' && x.userId === userId);
      const hash = required(args, 'hash');
      if (existing !== undefined) {
        if (hash !== undefined && hash !== existing.hash) return fail('hash_conflict');
        existing.view = parsed.view;
        existing.updates += 1;
        existing.hash = newHash();
        return ok({ view: viewJson(existing) });
      }
      const v = newView('home', 'publish', null, userId, parsed.view, null);
      return ok({ view: viewJson(v) });
    },

    'users.info': (args) => {
      const id = required(args, 'user');
      const user = id === undefined ? undefined : users.get(id) ?? (userExists(id) ? { id } : undefined);
      if (user === undefined) return fail('user_not_found');
      return ok({ user: userJson(user) });
    },

    'users.lookupByEmail': (args) => {
      const email = required(args, 'email');
      if (email === undefined) return fail('invalid_arguments');
      const user = [...users.values()].find((u) => u.email !== undefined && u.email.toLowerCase() === email.toLowerCase());
      if (user === undefined) return fail('users_not_found');
      return ok({ user: userJson(user) });
    },

    'files.getUploadURLExternal': (args) => {
      const filename = required(args, 'filename');
      if (filename === undefined) return failWithMessages('invalid_arguments', ['missing required field: filename']);
      const lengthText = required(args, 'length');
      if (lengthText === undefined) return failWithMessages('invalid_arguments', ['missing required field: length']);
      const length = Number(lengthText);
      if (!Number.isInteger(length) || length <= 0) return failWithMessages('invalid_arguments', ['must be a positive integer [json-pointer:/length]']);
      fileCounter += 1;
      const id = `F${pad(fileCounter, 10)}`;
      const slug = filename.toLowerCase().replace(/[^a-z0-9._-]+/g, '_');
      const permalink = `https://${teamDomain}.slack.com/files/${botUserId}/${id}/${slug}`;
      files.set(id, { id, filename, length, bytes: null, title: filename, channel: null, permalink });
      // Slack answers a pre-signed URL on its upload host; here it is the workspace's own /upload/<id>.
      return ok({ upload_url: options.uploadUrl(id), file_id: id });
    },

    'files.completeUploadExternal': (args) => {
      const list = jsonArg(args.files);
      if (!list.present) return failWithMessages('invalid_arguments', ['missing required field: files']);
      if (!list.ok || !Array.isArray(list.value) || list.value.length === 0) {
        return failWithMessages('invalid_arguments', ['must provide an array with at least 1 items [json-pointer:/files]']);
      }
      const channelId = required(args, 'channel_id');
      if (channelId === undefined) return failWithMessages('invalid_arguments', ['missing required field: channel_id']);
      const ch = channelForWrite(channelId);
      if (isOutcome(ch)) return ch;
      const picked: { file: FileState; title: string | undefined }[] = [];
      for (const [i, entry] of (list.value as unknown[]).entries()) {
        if (!isObject(entry) || typeof entry.id !== 'string') return failWithMessages('invalid_arguments', [`missing required field: id [json-pointer:/files/${i}]`]);
        const file = files.get(entry.id);
        // A file whose bytes never arrived is not a file Slack can share.
        if (file === undefined || file.bytes === null) return fail('file_not_found');
        picked.push({ file, title: str(entry.title) });
      }
      for (const { file, title } of picked) {
        if (file.channel !== null) continue; // completing again is harmless: the file stays where it was shared
        file.channel = ch.id;
        file.title = title !== undefined && title !== '' ? title : file.filename;
      }
      return ok({ files: picked.map(({ file }) => fileJson(file)) });
    },
  };

  function fileJson(file: FileState): Json {
    const ch = file.channel === null ? undefined : channels.get(file.channel);
    const isPng = /\.png$/i.test(file.filename);
    return {
      id: file.id,
      created: nowSeconds(),
      timestamp: nowSeconds(),
      name: file.filename,
      title: file.title,
      mimetype: isPng ? 'image/png' : 'application/octet-stream',
      filetype: isPng ? 'png' : 'binary',
      pretty_type: isPng ? 'PNG' : 'Binary',
      user: botUserId,
      user_team: teamId,
      editable: false,
      size: file.bytes?.length ?? file.length,
      mode: 'hosted',
      is_external: false,
      external_type: '',
      is_public: ch !== undefined && !ch.isPrivate,
      public_url_shared: false,
      display_as_bot: false,
      username: '',
      url_private: `https://files.slack.com/files-pri/${teamId}-${file.id}/${encodeURIComponent(file.filename)}`,
      url_private_download: `https://files.slack.com/files-pri/${teamId}-${file.id}/download/${encodeURIComponent(file.filename)}`,
      permalink: file.permalink,
      channels: ch !== undefined && !ch.isPrivate ? [ch.id] : [],
      groups: ch !== undefined && ch.isPrivate ? [ch.id] : [],
      ims: [],
      has_rich_preview: false,
    };
  }

  function fileSnapshot(file: FileState): WorkspaceFile {
    return {
      id: file.id,
      title: file.title,
      filename: file.filename,
      channel: file.channel ?? '',
      bytes: Buffer.from(file.bytes ?? Buffer.alloc(0)),
      permalink: file.permalink,
    };
  }

  /** `POST /upload/<file id>`: the bytes, raw or as the file part of a multipart form; Slack answers `OK - <length>`. */
  function storeUpload(req: IncomingMessage, fileId: string, raw: Buffer): Answer {
    const text = (status: number, body: string): Answer => ({ status, body, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    if (req.method !== 'POST') return text(405, 'Method Not Allowed');
    const file = files.get(fileId);
    if (file === undefined) return text(404, 'Not Found');
    if (file.channel !== null) return text(400, 'upload already completed');
    const contentType = req.headers['content-type'] ?? '';
    const bytes = /^multipart\/form-data/i.test(contentType) ? multipartFile(raw, contentType) : raw;
    if (bytes === null) return text(400, 'no file part in the multipart body');
    if (bytes.length !== file.length) return text(400, `length mismatch: files.getUploadURLExternal announced ${file.length} bytes, received ${bytes.length}`);
    file.bytes = Buffer.from(bytes);
    return text(200, `OK - ${bytes.length}`);
  }

  function setText(args: Json, field: 'topic' | 'purpose'): Outcome {
    const ch = channelForWrite(required(args, 'channel'));
    if (isOutcome(ch)) return ch;
    if (ch.isIm) return fail('method_not_supported_for_channel_type');
    const value = str(args[field]) ?? '';
    if (chars(value) > 250) return fail('too_long');
    ch[field] = { value, creator: botUserId, last_set: nowSeconds() };
    return ok({ channel: channelJson(ch) });
  }

  function parseLimit(value: unknown, fallback: number): number | null {
    const text = str(value);
    if (text === undefined || text === '') return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) return null;
    if (n === 0) return fallback;
    return Math.min(n, 1000);
  }

  function paginate<T>(all: readonly T[], key: (item: T) => string, cursor: string | undefined, limit: number): { items: T[]; nextCursor: string } | null {
    let start = 0;
    if (cursor !== undefined && cursor !== '') {
      const id = decodeCursor(cursor);
      const index = id === null ? -1 : all.findIndex((item) => key(item) === id);
      if (index < 0) return null;
      start = index;
    }
    const items = all.slice(start, start + limit);
    const next = all[start + limit];
    return { items, nextCursor: next === undefined ? '' : encodeCursor(key(next)) };
  }

  function newHash(): string {
    return `${nowSeconds()}.${Math.floor(random() * 1e8).toString(36)}${viewCounter}`;
  }

  function newView(kind: 'modal' | 'home', via: ViewState['via'], triggerId: string | null, userId: string | null, view: Json, previous: string | null): ViewState {
    viewCounter += 1;
    const id = `V${pad(viewCounter, 8)}`;
    const v: ViewState = {
      id,
      kind,
      via,
      triggerId,
      userId,
      externalId: typeof view.external_id === 'string' ? view.external_id : null,
      view,
      hash: newHash(),
      updates: 0,
      rootViewId: previous ?? id,
      previousViewId: previous,
    };
    views.set(id, v);
    return v;
  }

  function parseView(args: Json, expected: 'modal' | 'home'): { failed: Outcome } | { failed: null; view: Json } {
    const arg = jsonArg(args.view);
    if (!arg.present) return { failed: failWithMessages('invalid_arguments', ['missing required field: view']) };
    if (!arg.ok) return { failed: failWithMessages('invalid_arguments', ['failed to parse json [json-pointer:/view]']) };
    const errors = checkView(arg.value, expected);
    if (errors.length > 0) return { failed: failWithMessages('invalid_arguments', errors) };
    return { failed: null, view: arg.value as Json };
  }

  function openView(args: Json, via: 'open' | 'push'): Outcome {
    const triggerId = required(args, 'trigger_id');
    if (triggerId === undefined) return fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: trigger_id'] } });
    const parsed = parseView(args, 'modal');
    if (parsed.failed !== null) return parsed.failed;
    if (usedTriggerIds.has(triggerId)) return fail('exchanged_trigger_id');
    const externalId = parsed.view.external_id;
    if (typeof externalId === 'string' && [...views.values()].some((v) => v.externalId === externalId)) return fail('duplicate_external_id');
    usedTriggerIds.add(triggerId);
    const previous = via === 'push' ? ([...views.values()].filter((v) => v.kind === 'modal').at(-1)?.id ?? null) : null;
    const v = newView('modal', via, triggerId, null, parsed.view, previous);
    return ok({ view: viewJson(v) });
  }

  // ---- HTTP ---------------------------------------------------------------------------------

  function jsonAnswer(body: Outcome, status = 200, headers: Record<string, string> = {}): Answer {
    return { status, body: JSON.stringify(body), headers: { 'content-type': JSON_TYPE, ...headers } };
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    return (await readBytes(req)).toString('utf8');
  }

  async function readBytes(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > 10 * 1024 * 1024) throw new Error('body too large');
      chunks.push(buf);
    }
    return Buffer.concat(chunks);
  }

  /** Parses the request; returns the arguments, the token and a Slack error for malformed bodies. */
  function parseRequest(req: IncomingMessage, url: URL, raw: string): { args: Json; token: string | null; error: string | null } {
    const args: Json = {};
    for (const [k, v] of url.searchParams) args[k] = v;
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    let bodyToken: string | null = null;
    let error: string | null = null;
    if (raw.length > 0) {
      if (contentType === 'application/x-www-form-urlencoded') {
        for (const [k, v] of new URLSearchParams(raw)) args[k] = v;
        bodyToken = str(args.token) ?? null;
      } else if (contentType === 'application/json') {
        try {
          const parsed: unknown = JSON.parse(raw);
          if (isObject(parsed)) Object.assign(args, parsed);
          else error = 'invalid_json';
        } catch {
          error = 'invalid_json';
        }
        // Slack ignores a token in a JSON body: JSON requests must authenticate with the header.
      } else if (contentType === '') {
        error = 'missing_post_type';
      } else {
        error = 'invalid_post_type';
      }
    } else if (req.method === 'GET') {
      bodyToken = str(args.token) ?? null;
    }
    const auth = req.headers.authorization;
    const headerToken = auth !== undefined && /^Bearer\s+/i.test(auth) ? auth.replace(/^Bearer\s+/i, '').trim() : null;
    delete args.token;
    return { args, token: headerToken !== null && headerToken !== '' ? headerToken : bodyToken, error };
  }

  function setFault(method: string, count: number, fault: { status: number; body: string | undefined; json: boolean; afterApplying: boolean }): void {
    if (count <= 0) failRules.delete(method);
    else failRules.set(method, { ...fault, remaining: count });
  }

  /** The fault or 429 injected for this call of `method`, if any (failNext, refuseNext, rateLimit). */
  function injectedFault(method: string): Answer | null {
    const fault = failRules.get(method) ?? failRules.get('*');
    if (fault !== undefined && fault.remaining > 0) {
      fault.remaining -= 1;
      if (fault.remaining === 0) failRules.delete(failRules.get(method) === fault ? method : '*');
      const body = fault.body ?? JSON.stringify({ ok: false, error: fault.status === 503 ? 'service_unavailable' : 'fatal_error' });
      return { status: fault.status, body, headers: { 'content-type': fault.json ? JSON_TYPE : 'text/plain; charset=utf-8' } };
    }
    const ruleKey = rateRules.has(method) ? method : rateRules.has('*') ? '*' : null;
    const rule = ruleKey === null ? undefined : rateRules.get(ruleKey);
    if (ruleKey !== null && rule !== undefined && random() < rule.probability) {
      rule.remaining -= 1;
      if (rule.remaining <= 0) rateRules.delete(ruleKey);
      const retryAfterSeconds = rule.retryAfterSeconds + Math.floor(random() * (rule.maxRetryAfterSeconds - rule.retryAfterSeconds + 1));
      return {
        status: 429,
        body: '{"ok":false,"error":"ratelimited"}',
        headers: { 'content-type': 'application/json;charset=utf-8', 'retry-after': String(retryAfterSeconds) },
        retryAfterSeconds,
      };
    }
    const quota = quotas.get(method);
    if (quota !== undefined) {
      const now = performance.now();
      if (now >= quota.windowStart + quota.windowMs) {
        quota.windowStart = now;
        quota.used = 0;
      }
      if (quota.used < quota.calls) {
        quota.used += 1;
      } else {
        const retryAfterSeconds = Math.max(1, Math.ceil((quota.windowStart + quota.windowMs - now) / 1000));
        return {
          status: 429,
          body: '{"ok":false,"error":"ratelimited"}',
          headers: { 'content-type': 'application/json;charset=utf-8', 'retry-after': String(retryAfterSeconds) },
          retryAfterSeconds,
        };
      }
    }
    return null;
  }

  function decide(call: CallState, parseError: string | null): Answer {
    const { method } = call;
    const lostAnswer = failRules.get(method)?.afterApplying === true;
    const injected = injectedFault(method);
    if (injected !== null && !lostAnswer) return injected;
    const handler = handlers[method];
    if (injected !== null && handler !== undefined && parseError === null && call.token === token) {
      handler(call.args);
      return injected;
    }
    if (handler === undefined) {
      unknownMethods.push(method);
      return jsonAnswer(fail('unknown_method'));
    }
    if (parseError !== null) return jsonAnswer(fail(parseError));
    if (call.token === null || call.token === '') return jsonAnswer(fail('not_authed'));
    // Slack's token types: app-level methods take only an app-level token (xapp-), the others refuse it.
    const appLevel = APP_LEVEL_METHODS.has(method);
    if (appLevel !== call.token.startsWith('xapp-')) return jsonAnswer(fail('not_allowed_token_type'));
    if (call.token !== (appLevel ? (options.socketMode?.appToken ?? null) : token)) return jsonAnswer(fail('invalid_auth'));
    return jsonAnswer(handler(call.args));
  }

  function write(res: ServerResponse, call: CallState | null, answer: Answer): void {
    if (call !== null) {
      if (res.destroyed || res.socket === null || res.socket.destroyed) return; // Slack "went down" before answering
      if (answer.status === 429 && answer.retryAfterSeconds !== undefined) {
        call.retryAfterSeconds = answer.retryAfterSeconds;
        // The window starts when the client is told, and is Slack-wide per method (shared by every client).
        retryWindows.set(call.method, {
          until: performance.now() + answer.retryAfterSeconds * 1000,
          retryAfterSeconds: answer.retryAfterSeconds,
          limitedAt: Date.now(),
        });
      }
      call.status = answer.status;
      try {
        const parsed: unknown = JSON.parse(answer.body);
        if (isObject(parsed)) {
          call.ok = typeof parsed.ok === 'boolean' ? parsed.ok : null;
          call.error = typeof parsed.error === 'string' ? parsed.error : null;
        }
      } catch {
        call.error = answer.status >= 400 ? `http_${answer.status}` : null;
      }
    }
    if (res.destroyed) return;
    res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
    res.end(answer.body);
  }

  /** Records a call and notes whether it came before the Retry-After last given for its method. */
  function record(call: CallState, arrivedAt: number): void {
    calls.push(call);
    const window = retryWindows.get(call.method);
    if (window !== undefined && arrivedAt < window.until) {
      call.early = true;
      violations.push({
        method: call.method,
        seq: call.seq,
        at: call.at,
        retryAfterSeconds: window.retryAfterSeconds,
        limitedAt: window.limitedAt,
        earlyByMs: Math.ceil(window.until - arrivedAt),
      });
    }
  }

  /** The upload URL handed out by files.getUploadURLExternal: pre-signed, so no token is needed (one sent is recorded). */
  async function handleUpload(req: IncomingMessage, fileId: string, arrivedAt: number, res: ServerResponse): Promise<void> {
    let raw: Buffer;
    try {
      raw = await readBytes(req);
    } catch {
      write(res, null, { status: 413, body: 'Request Entity Too Large', headers: { 'content-type': 'text/plain' } });
      return;
    }
    const auth = req.headers.authorization;
    const token = auth !== undefined && /^Bearer\s+/i.test(auth) ? auth.replace(/^Bearer\s+/i, '').trim() : null;
    const call = recordCall(req, 'upload', { file_id: fileId, bytes: raw.length }, token, arrivedAt);
    const delay = latencyMs;
    const answer = injectedFault('upload') ?? storeUpload(req, fileId, raw);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    write(res, call, answer);
  }

  /** A call as it arrives: numbered, recorded (and checked against Retry-After), not answered yet. */
  function recordCall(req: IncomingMessage, method: string, args: Record<string, unknown>, token: string | null, arrivedAt: number): CallState {
    callSeq += 1;
    const call: CallState = { seq: callSeq, method, args, token, contentType: req.headers['content-type'] ?? null, at: Date.now(), status: null, ok: null, error: null, early: false, retryAfterSeconds: null };
    record(call, arrivedAt);
    return call;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const arrivedAt = performance.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const upload = /^\/upload\/([A-Za-z0-9]+)$/.exec(pathname);
    if (upload !== null && upload[1] !== undefined) {
      await handleUpload(req, upload[1], arrivedAt, res);
      return;
    }
    const match = /^\/api\/([A-Za-z0-9_.]+)$/.exec(pathname);
    if (match === null || match[1] === undefined) {
      write(res, null, { status: 404, body: 'Not Found', headers: { 'content-type': 'text/plain' } });
      return;
    }
    const method = match[1];
    let raw: string;
    try {
      raw = await readBody(req);
    } catch {
      write(res, null, { status: 413, body: 'Request Entity Too Large', headers: { 'content-type': 'text/plain' } });
      return;
    }
    const parsed = parseRequest(req, url, raw);
    const call = recordCall(req, method, parsed.args, parsed.token, arrivedAt);
    const delay = latencyMs;
    let answer: Answer;
    try {
      answer = decide(call, parsed.error);
    } catch (err) {
      answer = { status: 500, body: `slack workspace crashed: ${String(err)}`, headers: { 'content-type': 'text/plain' } };
    }
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    write(res, call, answer);
  }

  const workspace: SlackWorkspace = {
    handle,
    botUserId,
    token,

    rateLimit(method, rule) {
      if (!Number.isInteger(rule.retryAfterSeconds) || rule.retryAfterSeconds < 0) {
        throw new Error('retryAfterSeconds must be a whole number of seconds (Retry-After is in seconds)');
      }
      const max = rule.maxRetryAfterSeconds ?? rule.retryAfterSeconds;
      if (!Number.isInteger(max) || max < rule.retryAfterSeconds) throw new Error('maxRetryAfterSeconds must be a whole number ≥ retryAfterSeconds');
      rateRules.set(method, {
        retryAfterSeconds: rule.retryAfterSeconds,
        maxRetryAfterSeconds: max,
        probability: rule.probability ?? 1,
        remaining: rule.count ?? Number.POSITIVE_INFINITY,
      });
    },
    clearRateLimit(method) {
      if (method === undefined) rateRules.clear();
      else rateRules.delete(method);
    },
    quota(method, rule) {
      if (!Number.isInteger(rule.calls) || rule.calls < 0) throw new Error('calls must be a whole number');
      if (!(rule.windowSeconds > 0)) throw new Error('windowSeconds must be positive');
      quotas.set(method, { calls: rule.calls, windowMs: rule.windowSeconds * 1000, windowStart: Number.NEGATIVE_INFINITY, used: 0 });
    },
    clearQuota(method) {
      if (method === undefined) quotas.clear();
      else quotas.delete(method);
    },
    failNext(method, rule) {
      setFault(method, rule.count ?? 1, { status: rule.status, body: rule.body, json: rule.body === undefined, afterApplying: rule.afterApplying === true });
    },
    refuseNext(method, rule) {
      setFault(method, rule.count ?? 1, { status: 200, body: JSON.stringify({ ok: false, error: rule.error }), json: true, afterApplying: false });
    },
    setLatency(ms) {
      latencyMs = Math.max(0, ms);
    },

    calls(method) {
      return calls.filter((c) => method === undefined || c.method === method).map((c) => ({ ...c, args: clone(c.args) }));
    },
    violations() {
      return violations.map((v) => ({ ...v }));
    },
    unknownMethods() {
      return [...unknownMethods];
    },
    channels() {
      return [...channels.values()].map(channelSnapshot);
    },
    channel(id) {
      const ch = channels.get(id);
      return ch === undefined ? undefined : channelSnapshot(ch);
    },
    channelByName(name) {
      const ch = [...channels.values()].find((c) => !c.isIm && c.name === name.replace(/^#/, ''));
      return ch === undefined ? undefined : channelSnapshot(ch);
    },
    messages(channelId) {
      const ch = channels.get(channelId);
      return ch === undefined ? [] : [...ch.messages.values()].map(messageSnapshot);
    },
    message(channelId, ts) {
      const m = channels.get(channelId)?.messages.get(ts);
      return m === undefined ? undefined : messageSnapshot(m);
    },
    ephemerals(channelId) {
      return ephemerals.filter((e) => channelId === undefined || e.channel === channelId).map((e) => clone(e));
    },
    views() {
      return [...views.values()].map(viewSnapshot);
    },
    users() {
      return [...users.values()].map((u) => ({ ...u }));
    },
    files(channelId) {
      return [...files.values()].filter((f) => f.channel !== null && (channelId === undefined || f.channel === channelId)).map(fileSnapshot);
    },

    addChannel(input) {
      const id = input.id ?? nextChannelId('C');
      if (channels.has(id)) throw new Error(`channel ${id} exists`);
      if ([...channels.values()].some((c) => !c.isIm && c.name === input.name)) throw new Error(`channel name ${input.name} exists`);
      const ch = newChannelState({
        id,
        name: input.name,
        isPrivate: input.isPrivate ?? false,
        isArchived: input.isArchived ?? false,
        creator: input.creator ?? 'UOWNER',
        members: input.members ?? [],
        ...(input.topic !== undefined ? { topic: input.topic } : {}),
        ...(input.purpose !== undefined ? { purpose: input.purpose } : {}),
      });
      channels.set(id, ch);
      return channelSnapshot(ch);
    },
    deleteChannel(channelId) {
      if (!channels.delete(channelId)) throw new Error(`no channel ${channelId}`);
    },
    addMessage(channelId, input) {
      const ch = channels.get(channelId);
      if (ch === undefined) throw new Error(`no channel ${channelId}`);
      const m: MessageState = {
        channel: channelId,
        ts: nextTs(),
        user: input.user,
        botId: null,
        text: input.text,
        blocks: input.blocks === undefined ? null : clone([...input.blocks]),
        attachments: null,
        threadTs: input.threadTs ?? null,
        edits: 0,
        pinned: false,
        reactions: new Map(),
        editedTs: null,
        metadata: null,
      };
      ch.messages.set(m.ts, m);
      return messageSnapshot(m);
    },
    addUser(user) {
      users.set(user.id, { ...user });
    },

    reset() {
      channels.clear();
      ephemerals.length = 0;
      views.clear();
      files.clear();
      usedTriggerIds.clear();
      calls.length = 0;
      violations.length = 0;
      unknownMethods.length = 0;
      rateRules.clear();
      failRules.clear();
      quotas.clear();
      retryWindows.clear();
      latencyMs = options.latencyMs ?? 0;
      random = mulberry32(seed);
      seedUsers();
      // Id counters and the ts clock keep going so ids from before a reset never come back.
    },
  };
  return workspace;
}
