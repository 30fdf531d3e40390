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
}

/** Starts the fake on 127.0.0.1 with a free port. */
export async function startSlackFake(options: SlackFakeOptions = {}): Promise<SlackFake> {
  let fake: FakeServer | null = null;
  const workspace = createSlackWorkspace({ ...options, uploadUrl: (fileId) => `http://127.0.0.1:${fake?.port ?? 0}/upload/${fileId}` });
  fake = await startFakeServer('slack', (req, res) => workspace.handle(req, res, new URL(req.url ?? '/', 'http://127.0.0.1').pathname));
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
  };
}
