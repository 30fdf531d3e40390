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
 *
 * The parts, one concern each, live in `slack-workspace/`: state and its lookups (`state.ts`),
 * one file per group of methods (`methods/`), Block Kit rules, Slack's JSON shapes, snapshots,
 * the call log, the HTTP edge and the dispatcher; the fault rules are `../faults.ts`.
 */
import { createFaultRules } from './faults.js';
import { createCallLog } from './slack-workspace/call-log.js';
import { dispatch, type Dispatch } from './slack-workspace/dispatch.js';
import { appMethods } from './slack-workspace/methods/app.js';
import { channelItemMethods } from './slack-workspace/methods/channel-items.js';
import { chatMethods } from './slack-workspace/methods/chat.js';
import { conversationMethods } from './slack-workspace/methods/conversations.js';
import { fileMethods } from './slack-workspace/methods/files.js';
import { userMethods } from './slack-workspace/methods/users.js';
import { viewMethods } from './slack-workspace/methods/views.js';
import { workspacePersonActs } from './slack-workspace/person-acts.js';
import { workspaceSeeding } from './slack-workspace/seeding.js';
import { workspaceReads } from './slack-workspace/snapshots.js';
import { createWorkspaceState, DEFAULT_TOKEN, type MethodTable } from './slack-workspace/state.js';
import type { SlackWorkspace, SlackWorkspaceOptions } from './slack-workspace/types.js';

export type { FailRule, QuotaRule, RateLimitRule } from './faults.js';
export { slackChannelNameError } from './slack-workspace/methods/conversations.js';
export type * from './slack-workspace/types.js';

export const SLACK_WORKSPACE_DEFAULT_TOKEN = DEFAULT_TOKEN;

/** Every Web API method the workspace knows; any other is `unknown_method`, as Slack answers. */
const METHODS: MethodTable = { ...appMethods, ...conversationMethods, ...chatMethods, ...channelItemMethods, ...viewMethods, ...userMethods, ...fileMethods };

/** A workspace with the bot (and `knownUsers`) in it, and nothing else yet. */
export function createSlackWorkspace(options: SlackWorkspaceOptions): SlackWorkspace {
  const faults = createFaultRules({ seed: options.seed ?? 1, latencyMs: options.latencyMs ?? 0 });
  const ws = createWorkspaceState(options, () => faults.random());
  const log = createCallLog();
  const d: Dispatch = { ws, faults, log, methods: METHODS };
  return {
    handle: (req, res, pathname) => dispatch(d, req, res, pathname),
    botUserId: ws.botUserId,
    token: ws.token,

    rateLimit: (method, rule) => faults.rateLimit(method, rule),
    clearRateLimit: (method) => faults.clearRateLimit(method),
    quota: (method, rule) => faults.quota(method, rule),
    clearQuota: (method) => faults.clearQuota(method),
    failNext: (method, rule) => faults.failNext(method, rule),
    refuseNext: (method, rule) => faults.failNext(method, { status: 200, body: JSON.stringify({ ok: false, error: rule.error }), json: true, count: rule.count ?? 1 }),
    setLatency: (ms) => faults.setLatency(ms),

    calls: (method) => log.calls(method),
    violations: () => log.violations(),
    unknownMethods: () => log.unknownMethods(),
    ...workspaceReads(ws),
    ...workspaceSeeding(ws),
    ...workspacePersonActs(ws),

    reset() {
      ws.clear();
      log.reset();
      faults.reset();
      // Id counters and the ts clock keep going so ids from before a reset never come back.
    },
  };
}
