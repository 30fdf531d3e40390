/**
 * Fault 1: PostgreSQL stops for 10 s in the middle of a storm of 5 000 PagerDuty deliveries
 * (50 incidents). Senders retry on 503 as PagerDuty does. The process never exits, nothing that
 * was accepted is lost or counted twice, and every incident and channel exists soon after recovery.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSlackFake, type SlackFake } from '../fakes/slack-api-fake.js';
import { waitFor } from '../helpers/http.js';
import { pagerDutyEvent, pagerDutySignature } from '../helpers/provider-payloads.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { stopWarroom, type WarroomProcess } from '../helpers/warroom-process.js';
import { inParallel } from '../helpers/in-parallel.js';
import { deliverLikeProvider, report, sleep, startReplica } from './fault-kit.js';

const SECRET = 'pd-storm-secret';
const ALERTS = 5000;
const KEYS = 50;
const OUTAGE_MS = 10_000;
let db: TestDatabase;
let fake: SlackFake;
let bot: WarroomProcess;

before(async () => {
  db = await createTestDatabase({ migrate: false });
  fake = await startSlackFake();
  bot = await startReplica({ DATABASE_URL: db.url, PAGERDUTY_WEBHOOK_SECRETS: SECRET, SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: 'storm-signing', SLACK_API_URL: fake.url });
});
after(async () => {
  await stopWarroom(bot);
  await fake.close();
  await db.close();
});

const count = async (sql: string): Promise<number> => Number((await db.knex.raw<{ rows: { n: string }[] }>(sql)).rows[0]?.n ?? 0);

test('PostgreSQL stopped for 10 s during a 5 000-alert storm: nothing accepted is lost, every incident and channel exists after recovery', async () => {
  const server = db.server;
  assert.ok(server, 'needs the embedded server to stop and start it');
  let accepted = 0;
  const outage: { done: Promise<void> | null } = { done: null };
  let recoveredAt = 0;
  const retriedAnswers = new Map<string, number>();
  const started = Date.now();

  await inParallel(
    Array.from({ length: ALERTS }, (_, i) => i),
    24,
    async (i) => {
      const body = JSON.stringify(pagerDutyEvent({ eventId: `EV-STORM-${i}`, type: 'incident.triggered', incidentId: `PSTORM${i % KEYS}`, title: `Storm ${i % KEYS}`, priority: 'P2' }));
      const outcome = await deliverLikeProvider(() => bot.base, '/webhooks/pagerduty', { 'content-type': 'application/json', 'x-pagerduty-signature': pagerDutySignature(body, SECRET) }, body);
      for (const r of outcome.retries) retriedAnswers.set(r, (retriedAnswers.get(r) ?? 0) + 1);
      accepted += 1;
      if (accepted === 1500 && outage.done === null) {
        // The database goes away in the middle of the storm, and comes back 10 s later.
        outage.done = (async () => {
          await server.stop();
          await sleep(OUTAGE_MS);
          await server.start();
          recoveredAt = Date.now();
        })();
      }
    },
  );
  await outage.done;
  const sentAt = Date.now();
  assert.ok(bot.alive(), `the process exited during the storm:\n${bot.output().slice(-3000)}`);

  // Everything attached, every incident has its channel and its pinned summary.
  await waitFor('every delivery attached and every room set up', async () => ({
    unattached: await count('select count(*) as n from deliveries where processed_at is null'),
    withChannel: await count('select count(*) as n from incidents where channel_id is not null'),
    pinned: fake.channels().filter((c) => fake.messages(c.id).some((m) => m.pinned)).length,
  }), (s) => s.unattached === 0 && s.withChannel === KEYS && s.pinned === KEYS, 180_000);
  const doneAt = Date.now();

  const stored = await count("select count(*) as n from deliveries where provider = 'pagerduty' and delivery_id like 'EV-STORM-%'");
  const incidents = await count('select count(*) as n from incidents');
  const occurrences = await count('select coalesce(sum(occurrences), 0) as n from alerts');
  const alertRows = await count('select count(*) as n from alerts');
  const channels = fake.channels().filter((c) => /^inc-\d+-/.test(c.name));
  const summaries = channels.map((c) => fake.messages(c.id).filter((m) => m.user === fake.botUserId).length);
  report('database outage storm', {
    sent: ALERTS,
    accepted,
    stored,
    lost: ALERTS - stored,
    duplicates: occurrences - stored,
    retriedAnswers: JSON.stringify(Object.fromEntries(retriedAnswers)),
    incidents,
    channels: channels.length,
    storm_s: (sentAt - started) / 1000,
    ready_after_recovery_s: (doneAt - recoveredAt) / 1000,
  });

  assert.equal(accepted, ALERTS, 'every delivery was eventually accepted');
  assert.ok((retriedAnswers.get('503') ?? 0) > 0, `the outage was felt by senders: ${JSON.stringify(Object.fromEntries(retriedAnswers))}`);
  assert.equal(stored, ALERTS, 'every accepted delivery is stored: nothing lost');
  assert.equal(occurrences, ALERTS, 'each delivery counted exactly once on its alert: no duplicates');
  assert.equal(alertRows, KEYS, 'one alert row per PagerDuty incident');
  assert.equal(incidents, KEYS, 'one incident per grouping key');
  assert.equal(channels.length, KEYS, 'one channel per incident, no duplicates');
  assert.deepEqual(summaries, Array.from({ length: KEYS }, () => 1), 'one summary message per channel');
  assert.ok(bot.alive(), 'the process never exited');
});
