/**
 * One hot alert key (issue 22): the deliveries of one grouping key are attached together — one
 * transaction, one lock — and leave exactly the rows and timeline lines that attaching them one by
 * one leaves, including a resolve in the middle that closes the incident and a trigger after it
 * that opens the next.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parsePagerDutyDelivery } from '../../src/adapters/pagerduty/parse.js';
import { createPostgresAlertStore } from '../../src/adapters/postgres/postgres-alert-store.js';
import { createPostgresDeliveryStore } from '../../src/adapters/postgres/postgres-delivery-store.js';
import { createAttachDelivery } from '../../src/app/attach-delivery.js';
import { createAttachWorker, unitsByKey } from '../../src/app/attach-worker.js';
import type { AlertStore } from '../../src/app/ports/alerts.js';
import type { Clock } from '../../src/app/ports/runtime.js';
import type { DeliveryStore, PendingDelivery } from '../../src/app/ports/webhooks.js';
import { createTelemetry } from '../../src/ingress/http/telemetry.js';
import { waitFor } from '../helpers/http.js';
import { pagerDutyEvent } from '../helpers/provider-payloads.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { testConfig } from '../helpers/test-config.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const clock: Clock = { now: () => new Date() };
let db: TestDatabase;
let deliveries: DeliveryStore;
let settings: ReturnType<typeof testConfig>['settings'];

before(async () => {
  db = await createTestDatabase();
  const config = testConfig({ DATABASE_URL: db.url });
  // autoResolve on: a resolve in the middle of a key's deliveries closes its incident.
  settings = { ...config.settings, autoResolve: true };
  deliveries = createPostgresDeliveryStore(db.knex);
});
after(() => db.close());

/** The AlertStore on PostgreSQL, counting the transactions it runs. */
function countingStore(): { store: AlertStore; transactions: () => number } {
  const real = createPostgresAlertStore(db.knex);
  let n = 0;
  return {
    store: {
      inTransaction: (work) => {
        n += 1;
        return real.inTransaction(work);
      },
    },
    transactions: () => n,
  };
}

const EVENTS: readonly { type: string; status?: string; content?: string }[] = [
  { type: 'incident.triggered' },
  { type: 'incident.triggered' },
  { type: 'incident.acknowledged', status: 'acknowledged' },
  { type: 'incident.annotated', content: 'rolling back' },
  { type: 'incident.unacknowledged', status: 'triggered' },
  { type: 'incident.resolved', status: 'resolved' },
  { type: 'incident.triggered' },
  { type: 'incident.triggered' },
];

async function store(prefix: string, key: string): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, e] of EVENTS.entries()) {
    const raw = Buffer.from(JSON.stringify(pagerDutyEvent({ eventId: `${prefix}-${i}`, type: e.type, incidentId: key, title: 'Hot key', ...(e.status ? { status: e.status } : {}), ...(e.content ? { content: e.content } : {}) })));
    const parsed = parsePagerDutyDelivery(raw, {});
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
    assert.equal(await deliveries.record('pagerduty', parsed.delivery, raw, new Date()), 'stored');
    ids.push(`${prefix}-${i}`);
  }
  return ids;
}

/** What attaching left for a key: its incidents in order, each with its alerts and timeline lines. */
async function outcome(key: string): Promise<unknown> {
  const incidents: { id: number; status: string; title: string }[] = await db
    .knex('incidents')
    .whereExists(db.knex('alerts').select(db.knex.raw('1')).whereRaw('alerts.incident_id = incidents.id').andWhere({ provider: 'pagerduty', grouping_key: key }))
    .orderBy('id')
    .select('id', 'status', 'title');
  return Promise.all(
    incidents.map(async (i) => ({
      status: i.status,
      title: i.title,
      alerts: (await db.knex('alerts').where({ incident_id: i.id }).orderBy('fingerprint').select('fingerprint', 'status', 'occurrences')).map((a: { fingerprint: string }) => ({ ...a, fingerprint: a.fingerprint.replaceAll(key, '<key>') })),
      timeline: (await db.knex('timeline_events').where({ incident_id: i.id }).orderBy('id').select('kind', 'actor', 'text')).map((e: { kind: string; actor: string; text: string }) => `${e.kind} ${e.actor}: ${e.text.replaceAll(key, '<key>')}`),
    })),
  );
}

test('deliveries of one key attached in one call leave what one-by-one attaching leaves, across a resolve and a new incident', async () => {
  const one = createAttachDelivery({ alerts: createPostgresAlertStore(db.knex), clock, settings, log: silentLogger() });
  const seq = await store('SEQ', 'PSEQ1');
  for (const id of seq) assert.equal(await one('pagerduty', id), 'attached');
  const counting = countingStore();
  const together = createAttachDelivery({ alerts: counting.store, clock, settings, log: silentLogger() });
  const bat = await store('BAT', 'PBAT1');
  assert.equal(await together('pagerduty', bat), 'attached');
  assert.equal(counting.transactions(), 1, 'one transaction for the eight');

  const expected = (await outcome('PSEQ1')) as { status: string }[];
  assert.deepEqual(
    expected.map((i) => i.status),
    ['resolved', 'investigating'],
    'one by one: the resolve closed the first incident and the trigger after it opened a second',
  );
  assert.deepEqual(await outcome('PBAT1'), expected);
  assert.equal(await together('pagerduty', bat), 'already_processed', 'a second call finds nothing left');
});

test('the worker takes a hot key’s 200 deliveries in a handful of transactions: one incident, every occurrence counted', async () => {
  for (let i = 0; i < 200; i++) {
    const raw = Buffer.from(JSON.stringify(pagerDutyEvent({ eventId: `HOT-${i}`, type: 'incident.triggered', incidentId: 'PHOT1', title: 'Hot key' })));
    const parsed = parsePagerDutyDelivery(raw, {});
    assert.ok(parsed.ok);
    await deliveries.record('pagerduty', parsed.delivery, raw, new Date());
  }
  const counting = countingStore();
  const attachDelivery = createAttachDelivery({ alerts: counting.store, clock, settings, log: silentLogger() });
  const worker = createAttachWorker({ deliveries, attachDelivery, telemetry: createTelemetry(), log: silentLogger() }, { concurrency: 4, idlePollMs: 100 });
  worker.start();
  try {
    await waitFor('the hot key to be attached', async () => Number((await db.knex('deliveries').where('delivery_id', 'like', 'HOT-%').whereNull('processed_at').count<{ n: string }[]>({ n: '*' }).first())?.n), (n) => n === 0, 60_000);
  } finally {
    await worker.stop();
  }
  // One delivery per transaction would be 200; the worker takes the pending rows 100 at a time.
  assert.ok(counting.transactions() <= 4, `${counting.transactions()} transactions`);
  const incidents = await db.knex('incidents').where('grouping_key', 'pagerduty:PHOT1').select('id');
  assert.equal(incidents.length, 1);
  const alert = await db.knex('alerts').where({ provider: 'pagerduty', grouping_key: 'PHOT1' }).first('occurrences');
  assert.equal(alert?.occurrences, 200);
  const received = await db.knex('timeline_events').where({ incident_id: incidents[0]?.id, kind: 'alert_received' }).count<{ n: string }[]>({ n: '*' }).first();
  assert.equal(Number(received?.n), 1, 'one alert_received line for the key');
});

test('the pending rows as units: one key’s deliveries together, in the order of their first; mixed keys one by one', () => {
  const d = (deliveryId: string, key: string | null, provider: PendingDelivery['provider'] = 'pagerduty'): PendingDelivery => ({ provider, deliveryId, key });
  const units = unitsByKey([d('1', 'A'), d('2', null), d('3', 'B'), d('4', 'A'), d('5', 'A', 'opsgenie'), d('6', 'B'), d('7', null)]);
  assert.deepEqual(
    units.map((u) => u.map((x) => x.deliveryId)),
    [['1', '4'], ['2'], ['3', '6'], ['5'], ['7']],
  );
});

test('pending says which key a delivery’s signals share, and null when they carry several', async () => {
  const raw = Buffer.from(JSON.stringify(pagerDutyEvent({ eventId: 'KEY-1', type: 'incident.triggered', incidentId: 'PKEY1' })));
  const parsed = parsePagerDutyDelivery(raw, {});
  assert.ok(parsed.ok);
  const signal = parsed.delivery.signals[0];
  assert.ok(signal);
  await deliveries.record('pagerduty', parsed.delivery, raw, new Date());
  await deliveries.record('pagerduty', { ...parsed.delivery, deliveryId: 'KEY-2', signals: [signal, { ...signal, groupingKey: 'OTHER' }] }, raw, new Date());
  const pending = (await deliveries.pending(1000)).filter((p) => p.deliveryId.startsWith('KEY-'));
  assert.deepEqual(pending, [
    { provider: 'pagerduty', deliveryId: 'KEY-1', key: 'PKEY1' },
    { provider: 'pagerduty', deliveryId: 'KEY-2', key: null },
  ]);
});
