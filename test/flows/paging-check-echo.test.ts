/**
 * The paging canary's test pages come back: PagerDuty and Opsgenie send Warroom the webhooks of
 * the writes on every incident or alert it subscribes to (the fakes in echo mode), the canary's included.
 * Warroom knows them by their key and declares no incident from them.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createOpsgeniePaging } from '../../src/adapters/opsgenie/opsgenie-paging.js';
import { createPagerDutyPaging } from '../../src/adapters/pagerduty/pagerduty-paging.js';
import { createPostgresPagingChecks } from '../../src/adapters/postgres/postgres-paging-checks.js';
import { createPagingCheck } from '../../src/app/paging-check/paging-check.js';
import { createTelemetry } from '../../src/ingress/http/telemetry.js';
import type { OpsgenieFake } from '../fakes/opsgenie-api-fake.js';
import type { PagerDutyFake } from '../fakes/pagerduty-api-fake.js';
import { waitFor } from '../helpers/http.js';
import { PAGING_SECRETS } from '../helpers/paging-config.js';
import { silentLogger } from '../helpers/silent-logger.js';
import type { TestDatabase } from '../helpers/test-database.js';
import { startWarroomWithPaging, type WarroomWithPaging } from '../helpers/warroom-with-paging.js';

let warroomWithPaging: WarroomWithPaging;
let db: TestDatabase;
let pd: PagerDutyFake;
let og: OpsgenieFake;

before(async () => {
  warroomWithPaging = await startWarroomWithPaging({
    pagerduty: { services: ['PCANARY'] },
    opsgenie: { schedules: { ops_canary: ['oncall@example.com'] }, applyDelayMs: 5 },
    echoWebhooks: true,
  });
  ({ db, pd, og } = warroomWithPaging);
});
after(() => warroomWithPaging.close());

test('the webhooks of the test pages (created, noted, resolved, closed) are taken and attached, and declare no incident', async () => {
  pd.autoAcknowledge(20);
  og.autoAcknowledge(20);
  const check = createPagingCheck({
    providers: {
      pagerduty: createPagerDutyPaging({ token: PAGING_SECRETS.pdToken, fromEmail: 'warroom@example.com', apiUrl: pd.url }),
      opsgenie: createOpsgeniePaging({ apiKey: PAGING_SECRETS.ogKey, apiUrl: og.url }),
    },
    clock: { now: () => new Date() },
    log: silentLogger(),
    pollMs: 20,
    store: createPostgresPagingChecks(db.knex),
    telemetry: createTelemetry(),
    outbox: null,
    channel: null,
    plan: { targets: { pagerduty: { service: 'PCANARY' }, opsgenie: { schedule: 'ops_canary' } }, timeoutMs: 5_000, everyMs: null },
  });
  const results = await check.runNow();
  assert.deepEqual(results?.map((r) => [r.provider, r.outcome]), [['opsgenie', 'acknowledged'], ['pagerduty', 'acknowledged']]);
  await og.settled();
  await pd.echoesSettled();
  await og.echoesSettled();
  const echoed = [...pd.echoed(), ...og.echoed()];
  assert.deepEqual(echoed.map((e) => e.event).sort(), ['Close', 'Create', 'incident.annotated', 'incident.resolved', 'incident.triggered']);
  for (const e of echoed) assert.equal(e.status, 202, `the echoed ${e.event} was taken`);
  await waitFor('echoed webhooks attached', () => db.knex('deliveries').whereNull('processed_at').first(), (row) => row === undefined, 15_000);
  assert.equal(Number((await db.knex('deliveries').count({ n: '*' }).first())?.n), echoed.length);
  assert.deepEqual(await db.knex('incidents').select('id', 'title'), []);
  assert.deepEqual(await db.knex('alerts').select('id'), []);
});
