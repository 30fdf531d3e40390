/**
 * The tests' Slack Web API fake: the workspace of `src/ingress/sandbox/slack-workspace.ts` (the
 * same one the sandbox serves, so the two cannot drift) on a real HTTP server of its own on
 * 127.0.0.1, answering `POST /api/<method>` and `POST /upload/<file id>`. The real `WebClient`
 * (Bolt's) is pointed at it with `slackApiUrl: fake.url`.
 *
 * Besides the workspace's rules and faults (rate limits, quotas, 5xx, latency), it can go down
 * and come back on the same port (`stop()` / `start()`): a Slack outage.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createSlackWorkspace,
  SLACK_WORKSPACE_DEFAULT_TOKEN,
  type SlackWorkspace,
  type SlackWorkspaceOptions,
  type WorkspaceChannel,
  type WorkspaceMessage,
  type WorkspaceUser,
} from '../../src/ingress/sandbox/slack-workspace.js';

export type { RecordedCall, RateLimitRule, QuotaRule, FailRule, RateLimitViolation } from '../../src/ingress/sandbox/slack-workspace.js';
export { slackChannelNameError } from '../../src/ingress/sandbox/slack-workspace.js';
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
  let server: Server | null = null;
  let port = 0;
  let closed = false;
  const workspace = createSlackWorkspace({ ...options, uploadUrl: (fileId) => `http://127.0.0.1:${port}/upload/${fileId}` });

  function listen(onPort: number): Promise<void> {
    const s = createServer((req, res) => {
      const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      workspace.handle(req, res, pathname).catch((err: unknown) => {
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`slack fake crashed: ${String(err)}`);
        }
      });
    });
    s.keepAliveTimeout = 1000;
    return new Promise((resolve, reject) => {
      s.once('error', reject);
      s.listen(onPort, '127.0.0.1', () => {
        s.off('error', reject);
        server = s;
        port = (s.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  function shutdown(): Promise<void> {
    const s = server;
    if (s === null) return Promise.resolve();
    server = null;
    return new Promise((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  }

  await listen(0);
  const { handle: _handle, ...state } = workspace;
  return {
    ...state,
    url: `http://127.0.0.1:${port}/api/`,
    port,
    stop: shutdown,
    async start() {
      if (closed) throw new Error('slack fake is closed');
      if (server !== null) return;
      await listen(port);
    },
    get listening() {
      return server !== null;
    },
    async close() {
      closed = true;
      await shutdown();
    },
  };
}
