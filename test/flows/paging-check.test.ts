/**
 * The paging canary (issue 19) through the real PagerDuty and Opsgenie clients over HTTP against
 * their fakes, with the record and the Slack outbox in a real PostgreSQL: acknowledged, timeout,
 * a provider down, and one round at a time across replicas.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createOpsgeniePaging } from '../../src/adapters/opsgenie/opsgenie-paging.js';
import { createPagerDutyPaging } from '../../src/adapters/pagerduty/pagerduty-paging.js';
import { createPostgresPagingChecks } from '../../src/adapters/postgres/postgres-paging-checks.js';
import { createPostgresSlackOutbox } from '../../src/adapters/postgres/postgres-slack-outbox.js';
import { createPagingCheck, type PagingCheck } from '../../src/app/paging-check/paging-check.js';
import { createTelemetry, type HttpTelemetry } from '../../src/ingress/http/telemetry.js';
import { startOpsgenieFake, type OpsgenieFake } from '../fakes/opsgenie-api-fake.js';
import { startPagerDutyFake, type PagerDutyFake } from '../fakes/pagerduty-api-fake.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const PD_TOKEN = 'pd-canary-token';
const OG_KEY = 'og-canary-key';
const TARGETS = { pagerduty: { service: 'PCANARY' }, opsgenie: { schedule: 'ops_canary' } };
let db: TestDatabase;
let pd: PagerDutyFake;
let og: OpsgenieFake;

before(async () => {
  db = await createTestDatabase();
  pd = await startPagerDutyFake({ token: PD_TOKEN, users: [{ id: 'PWARROOM', name: 'Warroom', email: 'warroom@example.com' }], services: ['PCANARY'] });
  og = await startOpsgenieFake({ apiKey: OG_KEY, schedules: { ops_canary: ['oncall@example.com'] }, applyDelayMs: 5 });
});
after(async () => {
  await pd.close();
  await og.close();
  await db.close();
});
beforeEach(async () => {
  pd.autoAcknowledge(null);
  og.autoAcknowledge(null);
  pd.beforeAnswer(null);
  await db.knex('paging_checks').delete();
  await db.knex('slack_tasks').whereNull('incident_id').delete();
});

function canary(options: { timeoutMs?: number; everyMs?: number | null; telemetry?: HttpTelemetry } = {}): PagingCheck {
  return createPagingCheck({
    providers: {
      pagerduty: createPagerDutyPaging({ token: PD_TOKEN, fromEmail: 'warroom@example.com', apiUrl: pd.url }),
      opsgenie: createOpsgeniePaging({ apiKey: OG_KEY, apiUrl: og.url }),
    },
    clock: { now: () => new Date() },
    log: silentLogger(),
    pollMs: 20,
    store: createPostgresPagingChecks(db.knex),
    telemetry: options.telemetry ?? createTelemetry(),
    outbox: createPostgresSlackOutbox(db.knex),
    channel: '#ops',
    plan: { targets: TARGETS, timeoutMs: options.timeoutMs ?? 5_000, everyMs: options.everyMs ?? null },
  });
}

const failureTasks = () => db.knex('slack_tasks').whereNull('incident_id').select('kind', 'payload');
const metricLine = async (telemetry: HttpTelemetry, provider: string, outcome: string) =>
  (await telemetry.registry.metrics()).split('\n').find((l) => l.startsWith(`warroom_paging_check_seconds_count{provider="${provider}",outcome="${outcome}"}`));

describe('warroom paging check', () => {
  test('both providers acknowledge: acknowledged with the time it took, the metric, the record, both test pages resolved, nothing posted', async () => {
    pd.autoAcknowledge(30);
    og.autoAcknowledge(30);
    const telemetry = createTelemetry();
    const results = await canary({ telemetry }).runNow();
    assert.ok(results);
    assert.deepEqual(results.map((r) => [r.provider, r.outcome, r.error]), [['opsgenie', 'acknowledged', null], ['pagerduty', 'acknowledged', null]]);
    for (const r of results) assert.ok(r.seconds >= 0.03 && r.seconds < 5, `${r.provider} took ${r.seconds} s`);
    assert.equal(await metricLine(telemetry, 'pagerduty', 'acknowledged'), 'warroom_paging_check_seconds_count{provider="pagerduty",outcome="acknowledged"} 1');
    assert.equal(await metricLine(telemetry, 'opsgenie', 'acknowledged'), 'warroom_paging_check_seconds_count{provider="opsgenie",outcome="acknowledged"} 1');
    const [paged] = pd.incidents();
    assert.equal(paged?.urgency, 'low');
    assert.equal(paged?.status, 'resolved');
    await og.settled();
    assert.equal(og.alerts()[0]?.status, 'closed');
    assert.equal(og.alerts()[0]?.priority, 'P3', 'a low-urgency page');
    assert.deepEqual((await createPostgresPagingChecks(db.knex).latest()).map((r) => [r.provider, r.outcome]), [['opsgenie', 'acknowledged'], ['pagerduty', 'acknowledged']]);
    assert.deepEqual(await failureTasks(), []);
  });

  test('Opsgenie never acknowledges: timeout, its test page closed anyway, and one failure message naming it queued in the Slack outbox', async () => {
    pd.autoAcknowledge(10);
    const telemetry = createTelemetry();
    const results = await canary({ timeoutMs: 400, telemetry }).runNow();
    assert.deepEqual(results?.map((r) => [r.provider, r.outcome]), [['opsgenie', 'timeout'], ['pagerduty', 'acknowledged']]);
    assert.equal(await metricLine(telemetry, 'opsgenie', 'timeout'), 'warroom_paging_check_seconds_count{provider="opsgenie",outcome="timeout"} 1');
    await og.settled();
    assert.equal(og.alerts().at(-1)?.status, 'closed');
    const tasks = await failureTasks();
    assert.equal(tasks.length, 1);
    assert.equal(tasks[0].kind, 'paging_check_failed');
    assert.equal(tasks[0].payload.channel, '#ops');
    assert.deepEqual(tasks[0].payload.results.map((r: { provider: string; outcome: string }) => [r.provider, r.outcome]), [['opsgenie', 'timeout'], ['pagerduty', 'acknowledged']]);
    // The room worker can claim it although it belongs to no incident.
    const claimed = await createPostgresSlackOutbox(db.knex).claimNext(30);
    assert.equal(claimed?.kind, 'paging_check_failed');
    assert.equal(claimed?.incidentId, 0);
    assert.equal(claimed?.incidentOpen, false);
  });

  test('PagerDuty down: failed with the reason, Opsgenie still checked', async () => {
    og.autoAcknowledge(10);
    await pd.stop();
    try {
      const results = await canary().runNow();
      const byName = Object.fromEntries((results ?? []).map((r) => [r.provider, r]));
      assert.equal(byName.pagerduty?.outcome, 'failed');
      assert.match(byName.pagerduty?.error ?? '', /pagerduty is unavailable|ECONNREFUSED|fetch failed/i);
      assert.equal(byName.opsgenie?.outcome, 'acknowledged');
      assert.equal((await failureTasks()).length, 1);
    } finally {
      await pd.start();
    }
  });

  test('replicas on one database: a round in progress makes the other replica skip; a round done makes it wait for `every`', async () => {
    pd.autoAcknowledge(10);
    og.autoAcknowledge(10);
    const hour = 3_600_000;
    const replicaA = canary({ everyMs: hour });
    const replicaB = canary({ everyMs: hour });
    // Replica A is inside its round: PagerDuty has opened the test incident and holds the answer.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inRound = new Promise<void>((resolve) => (entered = resolve));
    pd.beforeAnswer(async (req) => {
      if (req.method !== 'POST' || req.path !== '/incidents') return;
      entered();
      await held;
    });
    const roundA = replicaA.tick();
    await inRound;
    assert.equal(await replicaB.tick(), null, 'B skips while A holds the lock');
    release();
    assert.equal((await roundA)?.length, 2);
    assert.equal(await replicaB.tick(), null, 'not due: A ran less than an hour ago');
    const posts = () => pd.requests().filter((r) => r.method === 'POST' && r.path === '/incidents').length;
    const before = posts();
    // An hour later (the record says so), B's turn comes.
    await db.knex('paging_checks').update({ started_at: db.knex.raw("started_at - interval '61 minutes'") });
    assert.equal((await replicaB.tick())?.length, 2);
    assert.equal(posts(), before + 1);
  });
});
