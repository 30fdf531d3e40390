/**
 * Fault 5: SIGTERM to one of two replicas under webhook load. A load balancer in front (here: the
 * test, polling /readyz every 200 ms as a Kubernetes Service does) stops sending to the replica
 * once it answers 503 (SHUTDOWN_DELAY_SECONDS). No request fails; the replica drains and exits 0;
 * what it left (unattached deliveries, Slack work) is finished by the other replica.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSlackFake, type SlackFake } from '../fakes/slack-api-fake.js';
import { request, waitFor } from '../helpers/http.js';
import { pagerDutyEvent, pagerDutySignature } from '../helpers/provider-payloads.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { stopWarroom, type WarroomProcess } from '../helpers/warroom-process.js';
import { inParallel } from '../helpers/in-parallel.js';
import { postFresh, report, startReplica } from './fault-kit.js';

const SECRET = 'pd-sigterm-secret';
const DELIVERIES = 3000;
const KEYS = 30;
let db: TestDatabase;
let fake: SlackFake;
let a: WarroomProcess;
let b: WarroomProcess;

before(async () => {
  db = await createTestDatabase();
  fake = await startSlackFake({ latencyMs: 150 });
  const env = { DATABASE_URL: db.url, PAGERDUTY_WEBHOOK_SECRETS: SECRET, SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: 'sigterm-signing', SLACK_API_URL: fake.url, SHUTDOWN_DELAY_SECONDS: '3', LOG_LEVEL: 'info' };
  [a, b] = await Promise.all([startReplica(env), startReplica(env)]);
});
after(async () => {
  await Promise.all([stopWarroom(a), stopWarroom(b)]);
  await fake.close();
  await db.close();
});

const count = async (sql: string, bindings: unknown[] = []): Promise<number> => Number((await db.knex.raw<{ rows: { n: string }[] }>(sql, bindings as never)).rows[0]?.n ?? 0);

test('SIGTERM under load: no request fails, the replica exits 0, the other one finishes its work', async () => {
  // The load balancer: round robin over the replicas whose last /readyz was 200.
  const ready = new Map([[a.base, true], [b.base, true]]);
  let polling = true;
  const poller = (async () => {
    while (polling) {
      for (const replica of [a, b]) {
        ready.set(replica.base, await request(replica.base, '/readyz').then((r) => r.status === 200, () => false));
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  let turn = 0;
  const pick = () => {
    const up = [a.base, b.base].filter((base) => ready.get(base));
    return up[turn++ % Math.max(1, up.length)] ?? b.base;
  };

  const failures: string[] = [];
  const answeredBy = new Map<string, number>();
  let sent = 0;
  let terminatedAt = 0;
  const exit: { code: Promise<number | string> | null } = { code: null };
  await inParallel(
    Array.from({ length: DELIVERIES }, (_, i) => i),
    16,
    async (i) => {
      const body = JSON.stringify(pagerDutyEvent({ eventId: `EV-TERM-${i}`, type: 'incident.triggered', incidentId: `PTERM${i % KEYS}`, title: `Term ${i % KEYS}`, priority: 'P2' }));
      const base = pick();
      try {
        const answer = await postFresh(base, '/webhooks/pagerduty', { 'content-type': 'application/json', 'x-pagerduty-signature': pagerDutySignature(body, SECRET) }, body);
        if (answer.status !== 202) failures.push(`${base} answered ${answer.status}: ${answer.body}`);
        answeredBy.set(base, (answeredBy.get(base) ?? 0) + 1);
      } catch (err) {
        failures.push(`${base}: ${(err as { code?: string }).code ?? String(err)}`);
      }
      sent += 1;
      if (sent === 1000 && exit.code === null) {
        terminatedAt = Date.now();
        exit.code = stopWarroom(a, 60_000);
      }
    },
  );
  const exitCode = await exit.code;
  const exitedAt = Date.now();
  polling = false;
  await poller;

  await waitFor('every delivery attached and every room set up by the remaining replica', async () => ({
    unattached: await count('select count(*) as n from deliveries where processed_at is null'),
    rooms: fake.channels().filter((c) => /^inc-\d+-/.test(c.name) && fake.messages(c.id).some((m) => m.pinned)).length,
  }), (s) => s.unattached === 0 && s.rooms === KEYS, 180_000);

  const stored = await count("select count(*) as n from deliveries where delivery_id like 'EV-TERM-%'");
  const attachedAfterExit = await count('select count(*) as n from deliveries where processed_at > ?', [new Date(exitedAt)]);
  const channels = fake.channels().filter((c) => /^inc-\d+-/.test(c.name));
  const summaries = channels.map((c) => fake.messages(c.id).filter((m) => m.user === fake.botUserId).length);
  report('SIGTERM under load', {
    sent: DELIVERIES,
    failed: failures.length,
    answeredByA: answeredBy.get(a.base) ?? 0,
    answeredByB: answeredBy.get(b.base) ?? 0,
    stored,
    exitCode: String(exitCode),
    stop_s: (exitedAt - terminatedAt) / 1000,
    attachedByBAfterExit: attachedAfterExit,
    channels: channels.length,
  });
  assert.deepEqual(failures.slice(0, 5), [], `no request failed (${failures.length} did)`);
  assert.equal(exitCode, 0, `the terminated replica drained and exited 0:\n${a.output().slice(-2000)}`);
  assert.ok((answeredBy.get(a.base) ?? 0) > 0 && (answeredBy.get(b.base) ?? 0) > 0, 'both replicas took load');
  assert.equal(stored, DELIVERIES, 'every delivery stored');
  assert.equal(channels.length, KEYS, 'one channel per incident');
  assert.deepEqual(summaries, channels.map(() => 1), 'one summary per channel');
  assert.ok(b.alive(), 'the other replica lives');
});
