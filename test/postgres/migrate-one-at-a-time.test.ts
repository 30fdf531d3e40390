/**
 * Pending migrations are applied one transaction each. Applied as one batch transaction (knex's
 * default), a migration that altered timeline_events held that table's lock while the next waited
 * for incidents, and a running older replica that had updated an incident and then recorded its
 * timeline event waited for timeline_events: a lock-order deadlock, retried into the same deadlock
 * for as long as deliveries kept coming (the rolling-upgrade fault test found it). Here the
 * replica's transaction is played by hand, step by step, at exactly that point.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { listMigrationFiles, migrateToLatest, migrateUp, pendingMigrations } from '../../src/adapters/postgres/migrate.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { waitFor } from '../helpers/http.js';

/** The first of two pending migrations that alter timeline_events, then incidents. */
const FIRST_PENDING = '20261207000013_person_names';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase({ migrate: false });
  assert.ok(listMigrationFiles().some((f) => f.startsWith(FIRST_PENDING)), `${FIRST_PENDING} exists`);
  while (!(await pendingMigrations(db.knex))[0]?.startsWith(FIRST_PENDING)) await migrateUp(db.knex);
});
after(async () => {
  await db?.close();
});

test('a replica writing incident then timeline while two migrations alter timeline_events then incidents: both finish, no deadlock', async () => {
  const replica = await db.knex.transaction();
  try {
    // The older replica's change: the incident first (what an UPDATE takes)…
    await replica.raw('lock table incidents in row exclusive mode');
    const migrating = migrateToLatest(db.knex, silentLogger());
    const outcome = migrating.then(
      (applied) => ({ ok: true as const, applied }),
      (err: unknown) => ({ ok: false as const, err }),
    );
    // …the migrations reach the incidents table and wait for the replica.
    await waitFor(
      'a migration waiting for the incidents table',
      async () => (await db.knex.raw(`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query ilike 'alter table "incidents"%'`)).rows[0].n as number,
      (n) => n > 0,
      30_000,
    );
    // …then its timeline event (what an INSERT takes). In one batch transaction this waited for the
    // first migration's lock on timeline_events while that transaction waited for us: 40P01.
    await replica.raw(`set local lock_timeout = '20s'`);
    await replica.raw('lock table timeline_events in row exclusive mode');
    await replica.commit();
    const result = await outcome;
    assert.ok(result.ok, `the migrations finished: ${result.ok ? '' : String(result.err)}`);
    assert.ok(result.applied.some((name) => name.startsWith(FIRST_PENDING)), 'both pending migrations applied');
    assert.deepEqual(await pendingMigrations(db.knex), [], 'none left');
  } finally {
    if (!replica.isCompleted()) await replica.rollback();
  }
});
