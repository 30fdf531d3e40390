/** An in-process Warroom on its own database, talking to a Slack fake over HTTP (for room tests). */
import assert from 'node:assert/strict';
import type { Settings } from '../../src/config.js';
import type { Logger } from '../../src/app/ports/runtime.js';
import { startWarroom, type RunningWarroom } from '../../src/main.js';
import { startSlackFake, type SlackFake, type SlackFakeUser } from '../fakes/slack-api-fake.js';
import { request } from './http.js';
import { silentLogger } from './silent-logger.js';
import { slackSender, type SlackSender } from './slack-requests.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { testConfig } from './test-config.js';

const API = 'api-token';
const SIGNING_SECRET = 'secret';

export interface WarroomWithSlackOptions {
  readonly stakeholderChannels?: readonly string[];
  readonly knownUsers?: readonly SlackFakeUser[];
  /** Changes to the test settings (cadences, …), applied after `stakeholderChannels`. */
  readonly settings?: (settings: Settings) => Settings;
  /** Start options (a test clock, short reminder rounds, …). */
  readonly start?: Parameters<typeof startWarroom>[2];
  /** A recording logger when the test reads the log lines. */
  readonly log?: Logger;
  /** More environment variables (WARROOM_API_PRIVATE_TOKEN, a webhook token, …). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface WarroomWithSlack {
  readonly fake: SlackFake;
  readonly warroom: RunningWarroom;
  readonly db: TestDatabase;
  /** Where Warroom answers, e.g. `http://127.0.0.1:41234`. */
  readonly base: string;
  /** The bearer token of Warroom's `/api`. */
  readonly apiToken: string;
  /** Slash commands, events and interactions signed as Slack signs them. */
  readonly slack: SlackSender;
  /** Declares an incident through the HTTP API; its ref. */
  declare(title: string, severity?: number): Promise<string>;
  /** The incident channel of `ref`, once it exists. */
  channelOf(ref: string): ReturnType<SlackFake['channels']>[number] | undefined;
  close(): Promise<void>;
}

export async function startWarroomWithSlack(options: WarroomWithSlackOptions = {}): Promise<WarroomWithSlack> {
  const db = await createTestDatabase();
  const fake = await startSlackFake({ knownUsers: [...(options.knownUsers ?? [{ id: 'U0ALICE01', name: 'alice' }])] });
  const config = testConfig({ DATABASE_URL: db.url, WARROOM_API_TOKEN: API, SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url, ...options.env });
  const stakeholderChannels = [...(options.stakeholderChannels ?? [])];
  const settings = { ...config.settings, stakeholderChannels };
  const warroom = await startWarroom({ ...config, port: 0, host: '127.0.0.1', settings: options.settings ? options.settings(settings) : settings }, options.log ?? silentLogger(), options.start);
  await warroom.ready;
  const base = `http://127.0.0.1:${warroom.port}`;
  return {
    fake,
    warroom,
    db,
    base,
    apiToken: API,
    slack: slackSender(base, SIGNING_SECRET),
    async declare(title, severity = 3) {
      const r = await request(base, '/api/incidents', { method: 'POST', token: API, body: JSON.stringify({ title, severity }) });
      assert.equal(r.status, 201, r.text);
      return (r.json as { ref: string }).ref;
    },
    channelOf: (ref) => fake.channels().find((c) => c.name.startsWith(`inc-${ref.slice(4)}-`)),
    async close() {
      await warroom.stop();
      await fake.close();
      await db.close();
    },
  };
}
