/**
 * The paging canary (issue 19) reports JSM Operations like the other providers: the real JSM client
 * over HTTP against the JSM fake (Basic auth for the REST API, GenieKey for the integration API), the
 * record in a real PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createJsmPaging } from '../../src/adapters/jsm/jsm-paging.js';
import { createPostgresPagingChecks } from '../../src/adapters/postgres/postgres-paging-checks.js';
import { createPostgresSlackOutbox } from '../../src/adapters/postgres/postgres-slack-outbox.js';
import { createPagingCheck, type PagingCheck } from '../../src/app/paging-check/paging-check.js';
import { createTelemetry, type HttpTelemetry } from '../../src/ingress/http/telemetry.js';
import { startJsmFake, type JsmFake } from '../fakes/jsm-api-fake.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let db: TestDatabase;
let jsm: JsmFake;

before(async () => {
  db = await createTestDatabase();
  jsm = await startJsmFake({ schedules: { 'sched-canary': ['oncall@example.com'] }, applyDelayMs: 5 });
});
after(async () => {
  await jsm.close();
  await db.close();
});
beforeEach(async () => {
  jsm.autoAcknowledge(null);
  await db.knex('paging_checks').delete();
  await db.knex('slack_tasks').whereNull('incident_id').delete();
});

function canary(telemetry: HttpTelemetry, timeoutMs: number): PagingCheck {
  return createPagingCheck({
    providers: { jsm: createJsmPaging({ cloudId: jsm.cloudId, apiEmail: jsm.apiEmail, apiToken: jsm.apiToken, integrationKey: jsm.integrationKey, apiUrl: jsm.url, timeoutMs: 2_000 }) },
    clock: { now: () => new Date() },
    log: silentLogger(),
    pollMs: 20,
    store: createPostgresPagingChecks(db.knex),
    telemetry,
    outbox: createPostgresSlackOutbox(db.knex),
    channel: '#ops',
    plan: { targets: { jsm: { schedule: 'sched-canary' } }, timeoutMs, everyMs: null },
  });
}

const metricLine = async (telemetry: HttpTelemetry, outcome: string) =>
  (await telemetry.registry.metrics()).split('\n').find((l) => l.startsWith(`warroom_paging_check_seconds_count{provider="jsm",outcome="${outcome}"}`));

describe('warroom paging check through JSM Operations', () => {
  test('JSM acknowledges: acknowledged, the metric, the record, the test alert closed at low priority, nothing posted', async () => {
    jsm.autoAcknowledge(30);
    const telemetry = createTelemetry();
    const results = await canary(telemetry, 5_000).runNow();
    assert.deepEqual(results?.map((r) => [r.provider, r.outcome, r.error]), [['jsm', 'acknowledged', null]]);
    assert.equal(await metricLine(telemetry, 'acknowledged'), 'warroom_paging_check_seconds_count{provider="jsm",outcome="acknowledged"} 1');
    await jsm.settled();
    const [alert] = jsm.alerts();
    assert.equal(alert?.status, 'closed');
    assert.equal(alert?.priority, 'P3', 'a low-urgency page');
    assert.match(alert?.alias ?? '', /^warroom-paging-check-jsm-/);
    assert.deepEqual((await createPostgresPagingChecks(db.knex).latest()).map((r) => [r.provider, r.outcome]), [['jsm', 'acknowledged']]);
    assert.equal((await db.knex('slack_tasks').whereNull('incident_id')).length, 0);
  });

  test('JSM never acknowledges: timeout, the alert closed anyway, one failure message naming JSM', async () => {
    const telemetry = createTelemetry();
    const results = await canary(telemetry, 300).runNow();
    assert.deepEqual(results?.map((r) => [r.provider, r.outcome]), [['jsm', 'timeout']]);
    assert.equal(await metricLine(telemetry, 'timeout'), 'warroom_paging_check_seconds_count{provider="jsm",outcome="timeout"} 1');
    await jsm.settled();
    assert.equal(jsm.alerts().at(-1)?.status, 'closed');
    const tasks = await db.knex('slack_tasks').whereNull('incident_id').select('kind', 'payload');
    assert.equal(tasks.length, 1);
    assert.deepEqual(tasks[0].payload.results.map((r: { provider: string; outcome: string }) => [r.provider, r.outcome]), [['jsm', 'timeout']]);
  });
});
