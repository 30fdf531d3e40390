/** An in-process Warroom on its own database, talking to a Slack fake over HTTP (for room tests). */
import assert from 'node:assert/strict';
import { startWarroom, type RunningWarroom } from '../../src/main.js';
import { startSlackFake, type SlackFake, type SlackFakeUser } from '../fakes/slack-api-fake.js';
import { request } from './http.js';
import { silentLogger } from './silent-logger.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { testConfig } from './test-config.js';

const API = 'api-token';

export interface WarroomWithSlack {
  readonly fake: SlackFake;
  readonly warroom: RunningWarroom;
  readonly db: TestDatabase;
  /** Declares an incident through the HTTP API; its ref. */
  declare(title: string, severity?: number): Promise<string>;
  /** The incident channel of `ref`, once it exists. */
  channelOf(ref: string): ReturnType<SlackFake['channels']>[number] | undefined;
  close(): Promise<void>;
}

export async function startWarroomWithSlack(options: { stakeholderChannels?: readonly string[]; knownUsers?: readonly SlackFakeUser[] } = {}): Promise<WarroomWithSlack> {
  const db = await createTestDatabase({ migrate: false });
  const fake = await startSlackFake({ knownUsers: [...(options.knownUsers ?? [{ id: 'U0ALICE01', name: 'alice' }])] });
  const config = testConfig({ DATABASE_URL: db.url, WARROOM_API_TOKEN: API, SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: fake.url });
  const stakeholderChannels = [...(options.stakeholderChannels ?? [])];
  const warroom = await startWarroom({ ...config, port: 0, host: '127.0.0.1', settings: { ...config.settings, stakeholderChannels } }, silentLogger());
  await warroom.ready;
  const base = `http://127.0.0.1:${warroom.port}`;
  return {
    fake,
    warroom,
    db,
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
