/**
 * The retention job on a real PostgreSQL: rows past their window go, in small batches; newer rows
 * and everything of open incidents stay; incidents go only when `incidentsDays` is set; one
 * process prunes at a time.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createRetention, type RetentionCounts, type RetentionPolicy } from '../../src/app/retention.js';
import { createPostgresRetention } from '../../src/adapters/postgres/postgres-retention.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { rowCounts, seedDeliveries, seedIncident } from '../helpers/retention-rows.js';

const DEFAULTS: RetentionPolicy = { deliveriesDays: 14, slackTasksDays: 7, incidentDetailsDays: 90, incidentsDays: null };
const CHILDREN = ['timeline_events', 'alerts', 'scope_snapshots', 'room_reminders', 'slack_tasks'] as const;

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(() => db.close());

function retention(policy: RetentionPolicy, deleted: Partial<RetentionCounts> = {}) {
  return createRetention({
    store: createPostgresRetention(db.knex),
    policy,
    clock: { now: () => new Date() },
    log: silentLogger(),
    // Tiny batches: the loop must go round several times.
    batchSize: 2,
    onDeleted: (table, n) => {
      deleted[table] = (deleted[table] ?? 0) + n;
    },
  });
}
const ofIncident = (id: number) => (table: string) => (table === 'incidents' ? `id = ${id}` : `incident_id = ${id}`);

void describe('retention', { concurrency: 1 }, () => {
  let open = 0;
  let closedLongAgo = 0;
  let closedRecently = 0;
  before(async () => {
    await seedDeliveries(db.knex, 'old-', 5, 20);
    await seedDeliveries(db.knex, 'recent-', 3, 1);
    await seedDeliveries(db.knex, 'old-unattached-', 2, null);
    await db.knex('deliveries').where('delivery_id', 'like', 'old-unattached-%').update({ received_at: new Date(Date.now() - 30 * 86_400_000) });
    open = await seedIncident(db.knex, { createdDaysAgo: 200, resolvedDaysAgo: null, taskDoneDaysAgo: 30 });
    closedLongAgo = await seedIncident(db.knex, { createdDaysAgo: 150, resolvedDaysAgo: 100, taskDoneDaysAgo: 100 });
    closedRecently = await seedIncident(db.knex, { createdDaysAgo: 40, resolvedDaysAgo: 30, taskDoneDaysAgo: 3 });
  });

  void test('preview counts what a prune deletes, and deletes nothing', async () => {
    const before = await rowCounts(db.knex, ['deliveries', ...CHILDREN, 'incidents']);
    const counts = await retention(DEFAULTS).preview();
    assert.deepEqual(counts, { deliveries: 5, slack_tasks: 1, scope_snapshots: 1, room_reminders: 1, incidents: 0 });
    assert.deepEqual(await rowCounts(db.knex, ['deliveries', ...CHILDREN, 'incidents']), before);
  });

  void test('a prune deletes what expired, batch after batch, and keeps the rest', async () => {
    const metric: Partial<RetentionCounts> = {};
    const deleted = await retention(DEFAULTS, metric).prune();
    assert.deepEqual(deleted, { deliveries: 5, slack_tasks: 1, scope_snapshots: 1, room_reminders: 1, incidents: 0 });
    assert.deepEqual(metric, { deliveries: 5, slack_tasks: 1, scope_snapshots: 1, room_reminders: 1 });
    // Recent and not yet attached deliveries stay (the latter however old: their alerts are not in yet).
    const left = (await db.knex('deliveries').select('delivery_id').orderBy('delivery_id')).map((r: { delivery_id: string }) => r.delivery_id);
    assert.deepEqual(left, ['old-unattached-1', 'old-unattached-2', 'recent-1', 'recent-2', 'recent-3']);
    // The open incident keeps everything, even its 30-day-old finished task.
    assert.deepEqual(await rowCounts(db.knex, [...CHILDREN, 'incidents'], ofIncident(open)), { timeline_events: 1, alerts: 1, scope_snapshots: 1, room_reminders: 1, slack_tasks: 2, incidents: 1 });
    // Closed 100 days ago: snapshot, reminder and finished task go; the incident, its timeline, alerts and pending task stay.
    assert.deepEqual(await rowCounts(db.knex, [...CHILDREN, 'incidents'], ofIncident(closedLongAgo)), { timeline_events: 1, alerts: 1, scope_snapshots: 0, room_reminders: 0, slack_tasks: 1, incidents: 1 });
    // Closed 30 days ago: inside every window.
    assert.deepEqual(await rowCounts(db.knex, [...CHILDREN, 'incidents'], ofIncident(closedRecently)), { timeline_events: 1, alerts: 1, scope_snapshots: 1, room_reminders: 1, slack_tasks: 2, incidents: 1 });
    assert.deepEqual(await retention(DEFAULTS).prune(), { deliveries: 0, slack_tasks: 0, scope_snapshots: 0, room_reminders: 0, incidents: 0 }, 'a second round finds nothing');
  });

  void test('with incidentsDays, incidents resolved before it go with everything of theirs; open ones stay', async () => {
    const deleted = await retention({ ...DEFAULTS, incidentsDays: 60 }).prune();
    assert.equal(deleted?.incidents, 1);
    assert.deepEqual(await rowCounts(db.knex, [...CHILDREN, 'incidents'], ofIncident(closedLongAgo)), { timeline_events: 0, alerts: 0, scope_snapshots: 0, room_reminders: 0, slack_tasks: 0, incidents: 0 });
    assert.equal((await rowCounts(db.knex, ['incidents'], ofIncident(open))).incidents, 1);
    assert.equal((await rowCounts(db.knex, ['incidents'], ofIncident(closedRecently))).incidents, 1);
  });

  void test('one pruner at a time: while another process holds the lock, a round is skipped', async () => {
    await seedDeliveries(db.knex, 'locked-', 3, 20);
    const store = createPostgresRetention(db.knex);
    let release = (): void => undefined;
    let held = (): void => undefined;
    const isHeld = new Promise<void>((resolve) => (held = resolve));
    const holder = store.whileLocked(() => {
      held();
      return new Promise<void>((resolve) => (release = resolve));
    });
    await isHeld;
    assert.equal(await retention(DEFAULTS).prune(), null);
    assert.equal((await rowCounts(db.knex, ['deliveries'], () => "delivery_id like 'locked-%'")).deliveries, 3, 'nothing deleted by the skipped round');
    release();
    assert.deepEqual(await holder, { ran: true, value: undefined });
    assert.equal((await retention(DEFAULTS).prune())?.deliveries, 3, 'the lock is free again once the holder is done');
  });
});
