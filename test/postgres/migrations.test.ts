import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { listMigrationFiles, migrateDown, migrateUp, pendingMigrations } from '../../src/adapters/postgres/migrate.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase({ migrate: false });
});
after(() => db.close());

async function tables(): Promise<string[]> {
  const r = await db.knex.raw<{ rows: { table_name: string }[] }>(
    "select table_name from information_schema.tables where table_schema = 'public' and table_name not like 'knex_%' order by 1",
  );
  return r.rows.map((x) => x.table_name);
}

// What each migration adds, in order; the test walks them up and down one at a time.
const ADDS: Record<string, string[]> = {
  '20261123000001_incidents': ['incidents', 'role_assignments', 'timeline_events'],
  '20261123000002_alerts_and_deliveries': ['alerts', 'deliveries'],
  '20261123000003_scope_snapshots': ['scope_snapshots'],
  '20261123000004_slack_outbox': ['slack_messages', 'slack_rate_limits', 'slack_tasks'],
  '20261123000005_room_reminders': ['room_reminders'],
  '20261123000006_pages': ['pages'],
  '20261123000007_delivery_attach_queue': [], // columns on deliveries
  '20261123000008_slack_request_replays': ['slack_request_replays'],
  '20261206000009_slack_task_failures_and_leases': [], // columns on slack_tasks
  '20261206000011_page_intents': [], // columns on pages
  '20261206000012_retention_indexes': [], // indexes for the retention job
  '20261207000013_person_names': [], // a column on timeline_events
  '20261207000014_room_gone': [], // columns on incidents
  '20261208000015_page_people': [], // columns on pages
  '20261208000018_paging_sync': ['note_mirrors'],
  '20261208000019_paging_check': ['paging_checks'], // and a nullable slack_tasks.incident_id
  '20261209000021_bridge': [], // a column on incidents
  '20261210000020_followups': ['followups'],
  '20261210000022_incident_type': [], // a column on incidents; role_assignments takes a type's own roles
  '20261210000023_private_incidents': [], // a column on incidents
  '20261211000024_tracker_exports': ['tracker_exports'],
  '20261211000025_statuspage': ['statuspage_incidents', 'statuspage_sends'],
  '20261211000026_fallback_room': ['slack_outages'],
  '20261211000027_tracker_done': [], // a column on tracker_exports
};

test('the migration list is the expected one, in order', () => {
  assert.deepEqual(
    listMigrationFiles().map((f) => f.replace(/\.(ts|js)$/, '')),
    Object.keys(ADDS),
  );
});

test('each migration goes up and down cleanly, and up again', async () => {
  const expected: string[] = [];
  for (const [name, added] of Object.entries(ADDS)) {
    await migrateUp(db.knex);
    expected.push(...added);
    assert.deepEqual(await tables(), [...expected].sort(), `after up of ${name}`);
    await migrateDown(db.knex);
    assert.deepEqual(await tables(), expected.filter((t) => !added.includes(t)).sort(), `after down of ${name}`);
    await migrateUp(db.knex);
    assert.deepEqual(await tables(), [...expected].sort(), `after second up of ${name}`);
  }
  assert.deepEqual(await pendingMigrations(db.knex), []);
  // All the way down leaves nothing of ours behind (the sequence included).
  for (let i = 0; i < Object.keys(ADDS).length; i++) await migrateDown(db.knex);
  assert.deepEqual(await tables(), []);
  const seq = await db.knex.raw<{ rows: unknown[] }>("select 1 from pg_class where relname = 'incident_ref_seq'");
  assert.equal(seq.rows.length, 0);
});

test('the database refuses what must never double', async () => {
  while ((await pendingMigrations(db.knex)).length > 0) await migrateUp(db.knex);
  const now = new Date();
  const incident = (id: number, extra: Record<string, unknown> = {}) => ({
    id, title: 't', status: 'investigating', severity: 'SEV3', declared_by: 'U1', created_at: now, updated_at: now, version: 1, ...extra,
  });
  await db.knex('incidents').insert(incident(1, { grouping_key: 'k1', channel_id: 'C1' }));
  // one open incident per grouping key
  await assert.rejects(db.knex('incidents').insert(incident(2, { grouping_key: 'k1' })), /incidents_open_grouping_key/);
  // ...but a resolved one does not block a new one
  await db.knex('incidents').where({ id: 1 }).update({ status: 'resolved' });
  await db.knex('incidents').insert(incident(3, { grouping_key: 'k1' }));
  // one channel per incident
  await assert.rejects(db.knex('incidents').insert(incident(4, { channel_id: 'C1' })), /channel_id/);
  // one delivery per (provider, delivery id)
  const delivery = { provider: 'pagerduty', delivery_id: 'd1', received_at: now, event_type: 'incident.triggered', raw: Buffer.from('{}'), signals: '[]', signal_count: 0 };
  await db.knex('deliveries').insert(delivery);
  await assert.rejects(db.knex('deliveries').insert(delivery), /deliveries_pkey/);
  await db.knex('deliveries').insert({ ...delivery, provider: 'opsgenie' });
  // one holder per role
  const role = { incident_id: 3, role: 'commander', user_id: 'U1', assigned_by: 'U1', assigned_at: now };
  await db.knex('role_assignments').insert(role);
  await assert.rejects(db.knex('role_assignments').insert({ ...role, user_id: 'U2' }), /role_assignments_pkey/);
  // one row per alert and incident
  const alert = { incident_id: 3, provider: 'pagerduty', grouping_key: 'k1', fingerprint: 'f1', status: 'firing', title: 't', signal: '{}', first_seen_at: now, last_seen_at: now };
  await db.knex('alerts').insert(alert);
  await assert.rejects(db.knex('alerts').insert(alert), /alerts_incident_id_provider_fingerprint_unique/);
  await assert.rejects(db.knex('alerts').insert({ ...alert, fingerprint: 'f2', status: 'exploded' }), /alerts_status_check/);
  // one page per provider and idempotency key (older rows without a key never collide)
  const page = { incident_id: 3, provider: 'pagerduty', dedup_key: 'INC-3:checkout:0', target: 't', status: 'sending', sent_at: now };
  await db.knex('pages').insert(page);
  await assert.rejects(db.knex('pages').insert(page), /pages_provider_dedup_key_unique/);
  await db.knex('pages').insert([{ ...page, dedup_key: null, reference: 'P1' }, { ...page, dedup_key: null, reference: 'P2' }]);
  // statuses and severities are checked
  await assert.rejects(db.knex('incidents').insert(incident(5, { status: 'exploded' })), /incidents_status_check/);
  await assert.rejects(db.knex('incidents').insert(incident(6, { severity: 'SEV0' })), /incidents_severity_check/);
});
