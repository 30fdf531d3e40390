/**
 * The outbox checks each task row once, when it is claimed: a kind this release does not know (a
 * newer replica wrote it) or a payload that fails its kind's schema is completed as unusable, with
 * an error log line, and the incident's next task runs. The room's set-up state read back keeps
 * the keys of other releases.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createPostgresIncidentStore } from '../../src/adapters/postgres/postgres-incident-store.js';
import { createPostgresSlackOutbox } from '../../src/adapters/postgres/postgres-slack-outbox.js';
import { createChangeIncident } from '../../src/app/change-incident.js';
import { createRoomWorker, ROOM_WORKER_DEFAULTS } from '../../src/app/room/room-worker.js';
import { createRunRoomTask } from '../../src/app/room/run-room-task.js';
import { createInMemoryChat } from '../fakes/in-memory-chat.js';
import { waitFor } from '../helpers/http.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(async () => {
  await db.close();
});

let incidents = 0;
async function incident(): Promise<number> {
  incidents += 1;
  const now = new Date();
  await db.knex('incidents').insert({ id: incidents, title: 'rows', status: 'investigating', severity: 'SEV2', declared_by: 'U1', created_at: now, updated_at: now, version: 1 });
  return incidents;
}

/** Rows as another release (or a damaged write) left them, queued in this order on one incident. */
async function insertTasks(incidentId: number, rows: { kind: string; payload: unknown }[]): Promise<number[]> {
  const ids: number[] = [];
  for (const row of rows) {
    const inserted = await db.knex('slack_tasks').insert({ incident_id: incidentId, kind: row.kind, payload: JSON.stringify(row.payload), created_at: db.knex.fn.now(), not_before: db.knex.fn.now() }).returning<{ id: number }[]>('id');
    ids.push(inserted[0]!.id);
  }
  return ids;
}

test('a row of an unknown kind or with a bad payload is completed as unusable, logged, and the next task runs', async () => {
  const incidentId = await incident();
  const ids = await insertTasks(incidentId, [
    { kind: 'archive_channel', payload: {} },
    { kind: 'capture_message', payload: { channel: 42, ts: '1.2' } },
    { kind: 'post_timeline', payload: {} },
  ]);
  const store = createPostgresIncidentStore(db.knex);
  const outbox = createPostgresSlackOutbox(db.knex);
  const clock = { now: () => new Date() };
  const log = silentLogger();
  const runTask = createRunRoomTask({
    chat: createInMemoryChat(),
    messageParts: (message) => [message],
    outbox,
    incidents: store,
    changeIncident: createChangeIncident({ store, clock }),
    settings: { channelPrefix: 'inc', stakeholderChannels: [], services: {} },
    findRunbooks: () => Promise.resolve([]),
    pagingStatus: () => Promise.resolve([]),
    findCommander: () => Promise.resolve(null),
    postmortem: () => Promise.resolve(null),
    catchUp: () => Promise.reject(new Error('no catch-up in this test')),
    clock,
    log,
  });
  const worker = createRoomWorker({ outbox, runTask, clock, log, telemetry: { roomSetupsStuck: () => undefined } }, ROOM_WORKER_DEFAULTS);
  worker.start();
  try {
    const done = await waitFor(
      'the three tasks are settled',
      () => db.knex('slack_tasks').select('id', 'outcome', 'failures', 'done_at').whereIn('id', ids).orderBy('id') as Promise<{ id: number; outcome: string | null; failures: number; done_at: Date | null }[]>,
      (rows) => rows.every((r) => r.done_at !== null),
    );
    assert.deepEqual(
      done.map((r) => r.failures),
      [0, 0, 0],
      'settled at once: no retry can make them usable',
    );
    assert.equal(done[0]?.outcome, 'unusable: unknown kind "archive_channel"');
    assert.match(done[1]?.outcome ?? '', /^unusable: bad capture_message payload \(channel: .+; by: .+\)$/, 'names each field that is wrong');
    assert.equal(done[2]?.outcome, 'no channel', 'the next task of the incident ran');
  } finally {
    await worker.stop();
  }
  const logged = log.lines.filter((l) => l.msg === 'slack task unusable; completed without running');
  assert.deepEqual(
    logged.map((l) => [l.level, (l.obj as { kind: string }).kind]),
    [
      ['error', 'archive_channel'],
      ['error', 'capture_message'],
    ],
  );
});

test('the set-up state read back keeps keys of other releases and drops a value of the wrong type', async () => {
  const incidentId = await incident();
  const outbox = createPostgresSlackOutbox(db.knex);
  await db.knex('incidents').where({ id: incidentId }).update({ slack_setup: JSON.stringify({ purpose: true, invited: 'U1', archivedAt: '2026-12-06' }) });
  const { setup } = await outbox.roomState(incidentId);
  assert.deepEqual(setup, { purpose: true, archivedAt: '2026-12-06' });
  await outbox.saveSetup(incidentId, { ...setup, topic: 'SEV2' });
  const row = (await db.knex('incidents').select('slack_setup').where({ id: incidentId }).first()) as { slack_setup: unknown };
  assert.deepEqual(row.slack_setup, { purpose: true, archivedAt: '2026-12-06', topic: 'SEV2' });
});
