/** An in-process Warroom with configured services, a Slack fake and the HTTP API, for tests of /api changes. */
import { startWarroom, type RunningWarroom } from '../../src/main.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-api-fake.js';
import assert from 'node:assert/strict';
import { request, waitFor, type Answer } from './http.js';
import { pagedService } from './paging-config.js';
import { silentLogger } from './silent-logger.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { testConfig } from './test-config.js';
import { slackSender, type SlackSender } from './slack-requests.js';

export const API_TOKEN = 'api-changes-token';

export interface ApiWithSlack {
  readonly fake: SlackFake;
  readonly warroom: RunningWarroom;
  readonly db: TestDatabase;
  readonly base: string;
  /** Slash commands, events and interactions signed as Slack signs them. */
  readonly slack: SlackSender;
  /** A request to `path` with the API token; `body` is sent as JSON. */
  api(method: string, path: string, body?: unknown): Promise<Answer>;
  /** Declares through the API and waits for its room set-up (the pinned summary), after which nothing else changes it. */
  declareWithRoom(title: string): Promise<{ ref: string; summary: () => { edits: number; blocks: string } }>;
  close(): Promise<void>;
}

/** The stakeholder channel `withStakeholders` adds. */
export const STAKEHOLDER_CHANNEL = 'C0STAKE';

/**
 * `env`: more variables, as a deployment would set them (WARROOM_PUBLIC_URL for the fallback room);
 * `withStakeholders`: a stakeholder channel (STAKEHOLDER_CHANNEL), where announcements and updates go.
 */
export async function startApiWithSlack(services: readonly string[], env: Record<string, string> = {}, options: { withStakeholders?: boolean } = {}): Promise<ApiWithSlack> {
  const db = await createTestDatabase();
  const fake = await startSlackFake({ knownUsers: [{ id: 'U0ALICE01', name: 'alice' }, { id: 'U0BOB0002', name: 'bob' }] });
  const config = testConfig({ DATABASE_URL: db.url, WARROOM_API_TOKEN: API_TOKEN, SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: fake.url, ...env });
  if (options.withStakeholders === true) fake.addChannel({ id: STAKEHOLDER_CHANNEL, name: 'incidents-stakeholders', members: [fake.botUserId] });
  const stakeholders = options.withStakeholders === true ? { stakeholderChannels: [STAKEHOLDER_CHANNEL] } : {};
  const settings = { ...config.settings, ...stakeholders, services: Object.fromEntries(services.map((s) => [s, pagedService({})])) };
  const warroom = await startWarroom({ ...config, port: 0, host: '127.0.0.1', settings }, silentLogger());
  await warroom.ready;
  const base = `http://127.0.0.1:${warroom.port}`;
  const api = (method: string, path: string, body?: unknown): Promise<Answer> =>
    request(base, path, { method, token: API_TOKEN, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
  return {
    fake,
    warroom,
    db,
    base,
    slack: slackSender(base, 'secret'),
    api,
    async declareWithRoom(title) {
      const created = await api('POST', '/api/incidents', { title, severity: 3, services: services.slice(0, 1) });
      assert.equal(created.status, 201, created.text);
      const ref: string = created.json.ref;
      const channel = await waitFor('the incident channel', () => Promise.resolve(fake.channels().find((c) => c.name.startsWith(`inc-${ref.slice(4)}-`))), (c) => c !== undefined, 15_000);
      assert.ok(channel);
      const pinned = () => fake.messages(channel.id).find((m) => m.user === fake.botUserId && m.pinned);
      await waitFor('the summary posted', () => Promise.resolve(pinned()), (m) => m !== undefined, 15_000);
      return { ref, summary: () => ({ edits: pinned()?.edits ?? 0, blocks: JSON.stringify(pinned()?.blocks ?? []) }) };
    },
    async close() {
      await warroom.stop();
      await fake.close();
      await db.close();
    },
  };
}
