// Room worker slots under Slack's 429s (issue 22): at any slot count, no call reaches Slack inside a
// Retry-After Slack already gave for its limit (the fake records every such call), and every room is
// set up. Real PostgreSQL, the Slack fake over HTTP answering 30 % of calls 429 (seeded), each
// method's calls read one at a time.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startWarroom } from '../../src/main.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-api-fake.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { testConfig } from '../helpers/test-config.js';
import { request, waitFor } from '../helpers/http.js';

const API = 'api-token';
const INCIDENTS = 8;
let db: TestDatabase;
let fake: SlackFake;

before(async () => {
  db = await createTestDatabase({ migrate: false });
  fake = await startSlackFake({ seed: 22 });
  // A call sent while another of its method was in flight arrives after that one's answer: when the
  // answer is a 429, the call lands inside its Retry-After (the window slots open, made certain).
  fake.oneAtATimePerMethod();
  fake.setLatency(50);
});
after(async () => {
  await fake.close();
  await db.close();
});

for (const slots of [1, 4, 8]) {
  test(`${slots} slot(s), ${INCIDENTS} incidents at once, 30 % of calls answered 429: no call inside a Retry-After, every room set up`, async () => {
    const earlier = { calls: fake.calls().length, violations: fake.violations().length };
    const config = testConfig({ DATABASE_URL: db.url, WARROOM_API_TOKEN: API, SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: fake.url, ROOM_WORKER_SLOTS: String(slots) });
    const warroom = await startWarroom({ ...config, port: 0, host: '127.0.0.1' }, silentLogger());
    try {
      await warroom.ready;
      const base = `http://127.0.0.1:${warroom.port}`;
      fake.rateLimit('*', { retryAfterSeconds: 1, maxRetryAfterSeconds: 2, probability: 0.3 });
      const refs = await Promise.all(
        Array.from({ length: INCIDENTS }, async (_, i) => {
          const r = await request(base, '/api/incidents', { method: 'POST', token: API, body: JSON.stringify({ title: `Slots ${slots} burst ${i}`, severity: 2 }) });
          assert.equal(r.status, 201, r.text);
          return (r.json as { ref: string }).ref;
        }),
      );
      const isChannelOf = (ref: string, name: string) => name.startsWith(`inc-${ref.slice(4)}-`);
      await waitFor(
        `rooms of ${refs.join(', ')} set up`,
        () => Promise.resolve(refs.map((ref) => fake.channels().find((c) => isChannelOf(ref, c.name)))),
        (channels) => channels.every((c) => c !== undefined && fake.messages(c.id).some((m) => m.pinned)),
        120_000,
      );
      fake.clearRateLimit();
      assert.ok(fake.calls().slice(earlier.calls).some((c) => c.status === 429), 'the fake did rate-limit');
      assert.deepEqual(fake.violations().slice(earlier.violations), [], 'no call came before the Retry-After given for its limit');
    } finally {
      await warroom.stop();
    }
  });
}
