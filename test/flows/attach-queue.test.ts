/**
 * The deliveries table is the attach queue: a delivery stored but not attached (the process died
 * after the commit, the database restarted mid-attach) is found by any replica's attach worker;
 * attaching twice has no second effect; a delivery that keeps failing waits without blocking others.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parsePagerDutyDelivery } from '../../src/adapters/pagerduty/parse.js';
import { createPostgresAlertStore } from '../../src/adapters/postgres/postgres-alert-store.js';
import { createPostgresDeliveryStore } from '../../src/adapters/postgres/postgres-delivery-store.js';
import { createAttachDelivery, type AttachDelivery } from '../../src/app/attach-delivery.js';
import { createAttachWorker, type AttachWorker } from '../../src/app/attach-worker.js';
import type { Clock } from '../../src/app/ports/runtime.js';
import type { DeliveryStore, ParsedDelivery } from '../../src/app/ports/webhooks.js';
import { createReceiveDelivery } from '../../src/app/receive-delivery.js';
import { createTelemetry } from '../../src/ingress/http/telemetry.js';
import { waitFor } from '../helpers/http.js';
import { pagerDutyEvent } from '../helpers/provider-payloads.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { testConfig } from '../helpers/test-config.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const clock: Clock = { now: () => new Date() };
let db: TestDatabase;
let deliveries: DeliveryStore;
let attachDelivery: AttachDelivery;
const workers: AttachWorker[] = [];

before(async () => {
  db = await createTestDatabase();
  const config = testConfig({ DATABASE_URL: db.url });
  deliveries = createPostgresDeliveryStore(db.knex);
  attachDelivery = createAttachDelivery({ alerts: createPostgresAlertStore(db.knex), clock, settings: config.settings, log: silentLogger() });
});
after(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await db.close();
});

/** An attach worker as src/main.ts starts it, stopped after the file. */
function startWorker(attach: AttachDelivery = attachDelivery, idlePollMs = 100, log = silentLogger()): AttachWorker {
  const worker = createAttachWorker({ deliveries, attachDelivery: attach, telemetry: createTelemetry(), log }, { concurrency: 4, idlePollMs });
  workers.push(worker);
  worker.start();
  return worker;
}

async function stopWorker(worker: AttachWorker): Promise<void> {
  await worker.stop();
  workers.splice(workers.indexOf(worker), 1);
}

/** A PagerDuty delivery as the webhook ingress would have parsed it. */
function pagerDuty(eventId: string, incidentId: string, title: string): { delivery: ParsedDelivery; raw: Buffer } {
  const raw = Buffer.from(JSON.stringify(pagerDutyEvent({ eventId, type: 'incident.triggered', incidentId, title, priority: 'P2' })));
  const parsed = parsePagerDutyDelivery(raw, {});
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
  assert.equal(parsed.delivery.signals.length, 1);
  return { delivery: parsed.delivery, raw };
}

interface DeliveryRow {
  processed_at: Date | null;
  attach_attempts: number;
  attach_after: Date | null;
  attach_error: string | null;
}

async function deliveryRow(deliveryId: string): Promise<DeliveryRow> {
  const row: DeliveryRow | undefined = await db.knex('deliveries').where({ provider: 'pagerduty', delivery_id: deliveryId }).first('processed_at', 'attach_attempts', 'attach_after', 'attach_error');
  assert.ok(row, `delivery ${deliveryId} is stored`);
  return row;
}

async function incidentsTracking(key: string): Promise<{ id: number; title: string; status: string }[]> {
  return db.knex('incidents').whereExists(db.knex('alerts').select(db.knex.raw('1')).whereRaw('alerts.incident_id = incidents.id').andWhere({ provider: 'pagerduty', grouping_key: key })).select('id', 'title', 'status');
}

test('a delivery stored before a crash (no worker ran) is attached by the next worker that starts', async () => {
  const { delivery, raw } = pagerDuty('EV-CRASH-1', 'PCRASH1', 'Checkout 5xx after a crash');
  // The crash: the row commits, the process dies before anything attaches it.
  assert.equal(await deliveries.record('pagerduty', delivery, raw, new Date(Date.now() - 5_000)), 'stored');
  assert.equal((await deliveryRow('EV-CRASH-1')).processed_at, null, 'nothing attached it');
  assert.deepEqual(await deliveries.pending(10), [{ provider: 'pagerduty', deliveryId: 'EV-CRASH-1', key: 'PCRASH1' }]);

  const worker = startWorker();
  await waitFor('the stored delivery to be attached', async () => (await deliveryRow('EV-CRASH-1')).processed_at, (at) => at !== null, 20_000);
  await stopWorker(worker);
  const incidents = await incidentsTracking('PCRASH1');
  assert.equal(incidents.length, 1, 'one incident');
  assert.equal(incidents[0]?.title, 'Checkout 5xx after a crash');
  assert.equal(incidents[0]?.status, 'investigating');
  const kinds = await db.knex('timeline_events').where({ incident_id: incidents[0]?.id }).orderBy('id').pluck('kind');
  assert.deepEqual(kinds, ['incident_declared', 'alert_received']);
  assert.deepEqual(await deliveries.pending(10), [], 'nothing is left pending');
});

test('a worker stopped before it started (SIGTERM during start-up) never starts afterwards', async () => {
  const worker = createAttachWorker({ deliveries, attachDelivery, telemetry: createTelemetry(), log: silentLogger() }, { concurrency: 4, idlePollMs: 50 });
  await worker.stop();
  worker.start();
  const { delivery, raw } = pagerDuty('EV-LATE-START-1', 'PLATE1', 'Started after stop');
  assert.equal(await deliveries.record('pagerduty', delivery, raw, new Date()), 'stored');
  worker.wake();
  await new Promise((r) => setTimeout(r, 500)); // ten of its polls
  assert.equal((await deliveryRow('EV-LATE-START-1')).processed_at, null, 'the stopped worker took nothing');
  await worker.stop();
  // Leave it to the next test's worker.
});

test('a stored delivery wakes the local worker at once, without waiting for its poll', async () => {
  // A poll of ten minutes: only the wake from receiveDelivery can attach it within the wait below.
  const worker = startWorker(attachDelivery, 600_000);
  await new Promise((r) => setTimeout(r, 200)); // let it go idle
  const receive = createReceiveDelivery({ deliveries, clock, attachWakeUp: worker });
  const { delivery, raw } = pagerDuty('EV-WAKE-1', 'PWAKE1', 'Wake up');
  assert.equal(await receive('pagerduty', delivery, raw), 'stored');
  await waitFor('the woken worker to attach it', async () => (await deliveryRow('EV-WAKE-1')).processed_at, (at) => at !== null, 20_000);
  assert.equal(await receive('pagerduty', delivery, raw), 'duplicate', 'a repeat is a duplicate');
  await stopWorker(worker);
});

test('two workers (two replicas) drain 200 deliveries over 20 keys: each attached once, one incident per key', async () => {
  const a = startWorker();
  const b = startWorker();
  for (let i = 0; i < 200; i++) {
    const { delivery, raw } = pagerDuty(`EV-PAIR-${i}`, `PPAIR${i % 20}`, `Pair ${i % 20}`);
    assert.equal(await deliveries.record('pagerduty', delivery, raw, new Date()), 'stored');
    if (i % 2 === 0) a.wake();
    else b.wake();
  }
  await waitFor('every pair delivery to be attached', async () => Number((await db.knex('deliveries').where('delivery_id', 'like', 'EV-PAIR-%').whereNull('processed_at').count<{ n: string }[]>({ n: '*' }).first())?.n), (n) => n === 0, 60_000);
  await Promise.all([stopWorker(a), stopWorker(b)]);
  for (let k = 0; k < 20; k++) {
    const incidents = await incidentsTracking(`PPAIR${k}`);
    assert.equal(incidents.length, 1, `key PPAIR${k} has one incident`);
    const alert = await db.knex('alerts').where({ provider: 'pagerduty', grouping_key: `PPAIR${k}` }).first('occurrences');
    assert.equal(alert?.occurrences, 10, `key PPAIR${k}: its 10 deliveries were each counted once`);
    const received = await db.knex('timeline_events').where({ incident_id: incidents[0]?.id, kind: 'alert_received' }).count<{ n: string }[]>({ n: '*' }).first();
    assert.equal(Number(received?.n), 1, `key PPAIR${k}: one alert_received line, not one per repeat`);
  }
});

test('a delivery whose attach keeps failing is deferred with its error, and the rows behind it are attached', async () => {
  const log = silentLogger();
  const failing: AttachDelivery = (provider, ids) =>
    [ids].flat().includes('EV-BAD-1') ? Promise.reject(new Error('cannot attach: a bug')) : attachDelivery(provider, ids);
  for (const [id, key] of [['EV-BAD-1', 'PBAD1'], ['EV-AFTER-1', 'PAFTER1'], ['EV-AFTER-2', 'PAFTER2']] as const) {
    const { delivery, raw } = pagerDuty(id, key, `Behind ${id}`);
    assert.equal(await deliveries.record('pagerduty', delivery, raw, new Date()), 'stored');
  }
  const worker = startWorker(failing, 100, log);
  await waitFor('the healthy deliveries to be attached', async () => [(await deliveryRow('EV-AFTER-1')).processed_at, (await deliveryRow('EV-AFTER-2')).processed_at], (r) => r.every((at) => at !== null), 20_000);
  const bad = await waitFor('the failing delivery to be deferred', () => deliveryRow('EV-BAD-1'), (r) => r.attach_attempts >= 1, 20_000);
  await stopWorker(worker);
  assert.equal(bad.processed_at, null, 'it is not marked processed: nothing accepted is dropped');
  assert.equal(bad.attach_error, 'cannot attach: a bug');
  assert.ok(bad.attach_after && bad.attach_after.getTime() > Date.now(), 'it waits before the next try');
  assert.equal(bad.attach_attempts, 1, 'tried once, not in a tight loop');
  assert.ok(!(await deliveries.pending(100)).some((d) => d.deliveryId === 'EV-BAD-1'), 'while it waits it is not pending');
  assert.ok(log.lines.some((l) => l.level === 'error' && /could not attach a delivery/.test(l.msg ?? '')), 'the failure is logged as an error');

  // Once the bug is gone (here: the real attach) and its wait is over, it is attached like any other.
  await db.knex('deliveries').where({ provider: 'pagerduty', delivery_id: 'EV-BAD-1' }).update({ attach_after: new Date(Date.now() - 1000) });
  const healed = startWorker();
  await waitFor('the deferred delivery to be attached', async () => (await deliveryRow('EV-BAD-1')).processed_at, (at) => at !== null, 20_000);
  await stopWorker(healed);
  assert.equal((await incidentsTracking('PBAD1')).length, 1);
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
