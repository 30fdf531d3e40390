/**
 * The tests' Slack Web API fake: the workspace of `src/sandbox/slack-workspace.ts` (the
 * same one the sandbox serves, so the two cannot drift) on a real HTTP server of its own on
 * 127.0.0.1, answering `POST /api/<method>` and `POST /upload/<file id>`. The real `WebClient`
 * (Bolt's) is pointed at it with `slackApiUrl: fake.url`.
 *
 * Besides the workspace's rules and faults (rate limits, quotas, 5xx, latency), it can go down
 * and come back on the same port (`stop()` / `start()`): a Slack outage.
 */
import { startFakeServer, type FakeServer } from './fake-server.js';
import {
  createSlackWorkspace,
  SLACK_WORKSPACE_DEFAULT_TOKEN,
  type SlackWorkspace,
  type SlackWorkspaceOptions,
  type WorkspaceChannel,
  type WorkspaceMessage,
  type WorkspaceUser,
} from '../../src/sandbox/slack-workspace.js';

export type { RecordedCall, RateLimitRule, QuotaRule, FailRule, RateLimitViolation } from '../../src/sandbox/slack-workspace.js';
export { slackChannelNameError } from '../../src/sandbox/slack-workspace.js';
export type FakeChannel = WorkspaceChannel;
export type FakeMessage = WorkspaceMessage;
export type SlackFakeUser = WorkspaceUser;
export type SlackFakeOptions = Omit<SlackWorkspaceOptions, 'uploadUrl'>;
export const SLACK_FAKE_DEFAULT_TOKEN = SLACK_WORKSPACE_DEFAULT_TOKEN;

export interface SlackFake extends Omit<SlackWorkspace, 'handle'> {
  /** Base URL for `slackApiUrl`, e.g. `http://127.0.0.1:PORT/api/` (stays the same across stop/start). */
  readonly url: string;
  readonly port: number;
  /** Stop listening and drop open connections: calls are refused. State is kept. */
  stop(): Promise<void>;
  /** Listen again on the same port. */
  start(): Promise<void>;
  readonly listening: boolean;
  /** Stop for good. */
  close(): Promise<void>;
  /**
   * Holds the next calls of `method` (before they are read or recorded) until `count` of them are
   * waiting, then lets them all through: a client that never has `count` calls of it in flight at
   * once stays held. `release()` lets the held calls through early (a test's clean-up).
   */
  holdUntilInFlight(method: string, count: number): CallHold;
  /**
   * From now on, calls of each method arrive one at a time: the next call of a method is read only
   * after the last one was answered. So a call a client sent while another of its method was in
   * flight arrives after that one's answer, as it does at Slack when the answer was a 429 and the
   * second call was still on its way: then it lands inside the Retry-After.
   */
  oneAtATimePerMethod(): void;
}

export interface CallHold {
  /** How many calls this hold has caught (held, or let through once `count` were waiting). */
  held(): number;
  release(): void;
}

/** Starts the fake on 127.0.0.1 with a free port. */
export async function startSlackFake(options: SlackFakeOptions = {}): Promise<SlackFake> {
  let fake: FakeServer | null = null;
  const workspace = createSlackWorkspace({ ...options, uploadUrl: (fileId) => `http://127.0.0.1:${fake?.port ?? 0}/upload/${fileId}` });
  const holds = new Map<string, { count: number; waiting: (() => void)[] }>();
  let oneAtATime = false;
  const lastOfMethod = new Map<string, Promise<void>>();
  const releaseHold = (method: string) => {
    const hold = holds.get(method);
    holds.delete(method);
    for (const go of hold?.waiting ?? []) go();
  };
  fake = await startFakeServer('slack', async (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const hold = holds.get(pathname.replace(/^\/api\//, ''));
    if (hold) {
      const through = new Promise<void>((resolve) => hold.waiting.push(resolve));
      if (hold.waiting.length >= hold.count) releaseHold(pathname.replace(/^\/api\//, ''));
      await through;
    }
    if (!oneAtATime) return workspace.handle(req, res, pathname);
    const before = lastOfMethod.get(pathname) ?? Promise.resolve();
    const mine = before.then(() => workspace.handle(req, res, pathname));
    lastOfMethod.set(pathname, mine.catch(() => undefined));
    await mine;
  });
  const server = fake;
  const { handle: _handle, ...state } = workspace;
  return {
    ...state,
    url: `http://127.0.0.1:${server.port}/api/`,
    port: server.port,
    stop: () => server.stop(),
    start: () => server.start(),
    get listening() {
      return server.listening;
    },
    close: () => server.close(),
    oneAtATimePerMethod() {
      oneAtATime = true;
    },
    holdUntilInFlight(method, count) {
      const hold = { count, waiting: [] as (() => void)[] };
      holds.set(method, hold);
      return { held: () => hold.waiting.length, release: () => (holds.get(method) === hold ? releaseHold(method) : undefined) };
    },
  };
}
