/**
 * The safety net of "persist, then answer": a delivery that was stored but whose attach job was
 * never queued (the process died between the commit and the send, or the queue was unreachable)
 * is found by the sweeper and attached; attaching twice has no second effect.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parsePagerDutyDelivery } from '../../src/adapters/pagerduty/parse.js';
import { createPgBossJobQueue, type PgBossJobQueue } from '../../src/adapters/postgres/pgboss-job-queue.js';
import { createPostgresAlertStore } from '../../src/adapters/postgres/postgres-alert-store.js';
import { createPostgresDeliveryStore } from '../../src/adapters/postgres/postgres-delivery-store.js';
import { createAttachDelivery, type AttachDelivery } from '../../src/app/attach-delivery.js';
import type { Clock, DeliveryStore, JobQueue, ParsedDelivery } from '../../src/app/ports.js';
import { ATTACH_DELIVERY_JOB, createReceiveDelivery } from '../../src/app/receive-delivery.js';
import { createRequeueUnprocessed } from '../../src/app/requeue-unprocessed.js';
import { ALERT_PROVIDERS } from '../../src/core/alert.js';
import { createTelemetry } from '../../src/ingress/http/telemetry.js';
import { waitFor } from '../helpers/http.js';
import { pagerDutyEvent } from '../helpers/provider-payloads.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { testConfig } from '../helpers/test-config.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const clock: Clock = { now: () => new Date() };
let db: TestDatabase;
let jobs: PgBossJobQueue;
let deliveries: DeliveryStore;
let attachDelivery: AttachDelivery;
const attachResults: string[] = [];

before(async () => {
  db = await createTestDatabase();
  const log = silentLogger();
  const config = testConfig({ DATABASE_URL: db.url });
  deliveries = createPostgresDeliveryStore(db.knex);
  attachDelivery = createAttachDelivery({ alerts: createPostgresAlertStore(db.knex), clock, settings: config.settings, log });
  jobs = createPgBossJobQueue({ url: db.url, log, telemetry: createTelemetry() });
  await jobs.start();
  // The worker as src/main.ts registers it.
  await jobs.work(ATTACH_DELIVERY_JOB, async (data) => {
    const provider = ALERT_PROVIDERS.find((p) => p === data.provider);
    if (!provider || typeof data.deliveryId !== 'string') throw new Error(`malformed ${ATTACH_DELIVERY_JOB} job`);
    attachResults.push(`${data.deliveryId}:${await attachDelivery(provider, data.deliveryId)}`);
  });
});
after(async () => {
  await jobs.stop(5000);
  await db.close();
});

/** A PagerDuty delivery as the webhook ingress would have parsed it. */
function pagerDuty(eventId: string, incidentId: string, title: string): { delivery: ParsedDelivery; raw: Buffer } {
  const raw = Buffer.from(JSON.stringify(pagerDutyEvent({ eventId, type: 'incident.triggered', incidentId, title, priority: 'P2' })));
  const parsed = parsePagerDutyDelivery(raw, {});
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
  assert.equal(parsed.delivery.signals.length, 1);
  return { delivery: parsed.delivery, raw };
}

async function deliveryRow(deliveryId: string): Promise<{ processed_at: Date | null; received_at: Date }> {
  const row = await db.knex('deliveries').where({ provider: 'pagerduty', delivery_id: deliveryId }).first('processed_at', 'received_at');
  assert.ok(row, `delivery ${deliveryId} is stored`);
  return row;
}

async function incidentsTracking(key: string): Promise<{ id: number; title: string; status: string }[]> {
  return db.knex('incidents').whereExists(db.knex('alerts').select(db.knex.raw('1')).whereRaw('alerts.incident_id = incidents.id').andWhere({ provider: 'pagerduty', grouping_key: key })).select('id', 'title', 'status');
}

async function attachJobsQueued(): Promise<number> {
  // pg-boss 10 keeps its jobs in pgboss.job, any state.
  const row = await db.knex.withSchema('pgboss').from('job').where({ name: ATTACH_DELIVERY_JOB }).count<{ n: string }[]>({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

test('a delivery stored without its job (a crash before queueing) is attached once the sweeper re-queues it', async () => {
  const { delivery, raw } = pagerDuty('EV-CRASH-1', 'PCRASH1', 'Checkout 5xx after a crash');
  // The crash: the row commits, the process dies before jobs.send.
  const crashedAt = new Date(Date.now() - 5_000);
  assert.equal(await deliveries.record('pagerduty', delivery, raw, crashedAt), 'stored');

  assert.equal((await deliveryRow('EV-CRASH-1')).processed_at, null, 'nothing attached it');
  assert.equal(await attachJobsQueued(), 0, 'no job was ever queued for it');
  assert.deepEqual(await incidentsTracking('PCRASH1'), []);
  assert.deepEqual(await deliveries.unprocessed(0, 10), [{ provider: 'pagerduty', deliveryId: 'EV-CRASH-1' }]);

  const requeueUnprocessed = createRequeueUnprocessed({ deliveries, jobs, olderThanSeconds: 0 });
  assert.equal(await requeueUnprocessed(), 1);

  const processed = await waitFor('the re-queued delivery to be attached', async () => (await deliveryRow('EV-CRASH-1')).processed_at, (at) => at !== null, 20_000);
  assert.ok(processed instanceof Date);
  assert.deepEqual(attachResults, ['EV-CRASH-1:attached']);
  assert.equal(await attachJobsQueued(), 1, 'the sweeper queued exactly one job');
  const incidents = await incidentsTracking('PCRASH1');
  assert.equal(incidents.length, 1);
  assert.equal(incidents[0]?.title, 'Checkout 5xx after a crash');
  assert.equal(incidents[0]?.status, 'investigating');
  const kinds = await db.knex('timeline_events').where({ incident_id: incidents[0]?.id }).orderBy('id').pluck('kind');
  assert.deepEqual(kinds, ['incident_declared', 'alert_received']);

  assert.deepEqual(await deliveries.unprocessed(0, 10), [], 'nothing is left for the sweeper');
  assert.equal(await requeueUnprocessed(), 0, 'a second sweep queues nothing');
});

test('when queueing fails the delivery is still stored, and the sweeper attaches it', async () => {
  const log = silentLogger();
  const brokenQueue: JobQueue = {
    send: () => Promise.reject(new Error('queue unreachable')),
    work: () => Promise.reject(new Error('queue unreachable')),
  };
  const receive = createReceiveDelivery({ deliveries, jobs: brokenQueue, clock: { now: () => new Date(Date.now() - 5_000) }, log });
  const { delivery, raw } = pagerDuty('EV-NOQUEUE-1', 'PNOQUEUE1', 'Search down while the queue is down');
  assert.equal(await receive('pagerduty', delivery, raw), 'stored', 'the sender still gets its 202');
  assert.ok(
    log.lines.some((l) => l.level === 'warn' && /sweeper/.test(l.msg ?? '')),
    'the failure to queue is logged',
  );
  assert.equal((await deliveryRow('EV-NOQUEUE-1')).processed_at, null);

  assert.equal(await createRequeueUnprocessed({ deliveries, jobs, olderThanSeconds: 0 })(), 1);
  await waitFor('the delivery to be attached', async () => (await deliveryRow('EV-NOQUEUE-1')).processed_at, (at) => at !== null, 20_000);
  assert.equal((await incidentsTracking('PNOQUEUE1')).length, 1);
});

test('a sweeper with olderThanSeconds leaves a delivery that is younger alone', async () => {
  const { delivery, raw } = pagerDuty('EV-FRESH-1', 'PFRESH1', 'Fresh');
  assert.equal(await deliveries.record('pagerduty', delivery, raw, new Date()), 'stored');
  assert.equal(await createRequeueUnprocessed({ deliveries, jobs, olderThanSeconds: 3600 })(), 0, 'its own job may still be on the way');
  assert.deepEqual(await deliveries.unprocessed(3600, 10), []);
  // Attach it here so it does not linger for the tests below.
  assert.equal(await attachDelivery('pagerduty', 'EV-FRESH-1'), 'attached');
});

test('attaching the same delivery twice: the second call is already_processed and adds nothing', async () => {
  const { delivery, raw } = pagerDuty('EV-TWICE-1', 'PTWICE1', 'Twice');
  assert.equal(await deliveries.record('pagerduty', delivery, raw, new Date()), 'stored');
  assert.equal(await attachDelivery('pagerduty', 'EV-TWICE-1'), 'attached');
  const countEvents = async () => Number((await db.knex('timeline_events').count<{ n: string }[]>({ n: '*' }).first())?.n);
  const countIncidents = async () => Number((await db.knex('incidents').count<{ n: string }[]>({ n: '*' }).first())?.n);
  const eventsBefore = await countEvents();
  const incidentsBefore = await countIncidents();
  const processedBefore = (await deliveryRow('EV-TWICE-1')).processed_at;
  assert.ok(processedBefore);
  const alertBefore = await db.knex('alerts').where({ provider: 'pagerduty', fingerprint: 'PTWICE1' }).first('occurrences', 'last_seen_at');

  assert.equal(await attachDelivery('pagerduty', 'EV-TWICE-1'), 'already_processed');

  assert.equal(await countEvents(), eventsBefore, 'no timeline events added');
  assert.equal(await countIncidents(), incidentsBefore, 'no incident added');
  assert.deepEqual((await deliveryRow('EV-TWICE-1')).processed_at, processedBefore, 'processed_at unchanged');
  const alertAfter = await db.knex('alerts').where({ provider: 'pagerduty', fingerprint: 'PTWICE1' }).first('occurrences', 'last_seen_at');
  assert.deepEqual(alertAfter, alertBefore, 'the alert is not counted again');
  assert.equal(alertAfter.occurrences, 1);
  const incidents = await incidentsTracking('PTWICE1');
  assert.equal(incidents.length, 1);
  const kinds = await db.knex('timeline_events').where({ incident_id: incidents[0]?.id }).orderBy('id').pluck('kind');
  assert.deepEqual(kinds, ['incident_declared', 'alert_received']);
});

test('two attaches of one delivery at the same moment: one attaches, the other finds it processed', async () => {
  const { delivery, raw } = pagerDuty('EV-RACE-1', 'PRACE1', 'Race');
  assert.equal(await deliveries.record('pagerduty', delivery, raw, new Date()), 'stored');
  const results = await Promise.all([attachDelivery('pagerduty', 'EV-RACE-1'), attachDelivery('pagerduty', 'EV-RACE-1')]);
  assert.deepEqual(results.sort(), ['already_processed', 'attached']);
  const incidents = await incidentsTracking('PRACE1');
  assert.equal(incidents.length, 1);
  const kinds = await db.knex('timeline_events').where({ incident_id: incidents[0]?.id }).orderBy('id').pluck('kind');
  assert.deepEqual(kinds, ['incident_declared', 'alert_received']);
});

test('attaching a delivery that does not exist is already_processed and does nothing', async () => {
  assert.equal(await attachDelivery('pagerduty', 'EV-NEVER-STORED'), 'already_processed');
  assert.equal(await attachDelivery('opsgenie', 'EV-TWICE-1'), 'already_processed', 'delivery ids are per provider');
});
