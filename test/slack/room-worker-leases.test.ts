// The Slack outbox lease while a task runs: renewed by the attempt running it, and only the attempt
// holding it completes or reschedules the task. The real PostgreSQL outbox and room worker; the task
// itself is a stand-in the test releases, so each lease change happens at a known point of its run.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createPostgresSlackOutbox } from '../../src/adapters/postgres/postgres-slack-outbox.js';
import type { SlackTask } from '../../src/app/ports/room.js';
import { createRoomWorker, ROOM_WORKER_DEFAULTS, type RoomWorker } from '../../src/app/room/room-worker.js';
import { silentLogger, type RecordingLogger } from '../helpers/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { waitFor } from '../helpers/http.js';

let db: TestDatabase;
let incidents = 0;
before(async () => {
  db = await createTestDatabase({ migrate: true });
});
after(() => db.close());

interface TaskRow {
  done_at: Date | null;
  outcome: string | null;
  failures: number;
  last_error: string | null;
  lease_still_on: boolean;
}
const row = async (id: number) =>
  (await db.knex('slack_tasks').select('done_at', 'outcome', 'failures', 'last_error', db.knex.raw('leased_until > now() as lease_still_on')).where({ id }).first()) as TaskRow;
/** The lease ran out while the task still runs (a slow Slack, a paused process). */
const expireLease = (id: number) => db.knex('slack_tasks').where({ id }).update({ leased_until: db.knex.raw("now() - interval '1 second'") });

/** A worker whose one task runs until the test settles it. */
async function workerWithHeldTask(leaseSeconds: number): Promise<{ worker: RoomWorker; log: RecordingLogger; task: SlackTask; finish: (outcome: string | Error) => void }> {
  incidents += 1;
  const now = new Date();
  await db.knex('incidents').insert({ id: incidents, title: 'lease', status: 'investigating', severity: 'SEV2', declared_by: 'U1', created_at: now, updated_at: now, version: 1 });
  await createPostgresSlackOutbox(db.knex).enqueue(incidents, [{ kind: 'post_timeline' }]);
  let started!: (task: SlackTask) => void;
  const running = new Promise<SlackTask>((resolve) => (started = resolve));
  let finish!: (outcome: string | Error) => void;
  const settled = new Promise<string>((resolve, reject) => (finish = (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome))));
  const log = silentLogger();
  const worker = createRoomWorker(
    {
      outbox: createPostgresSlackOutbox(db.knex),
      runTask: (task) => {
        started(task);
        return settled;
      },
      clock: { now: () => new Date() },
      log,
      telemetry: { roomSetupsStuck: () => undefined },
    },
    // One slot: the other claims here are the test's "other replica" (a free slot of this worker would be one too).
    { ...ROOM_WORKER_DEFAULTS, leaseSeconds, slots: 1 },
  );
  worker.start();
  return { worker, log, task: await running, finish };
}

test('a task running past its lease keeps it: the running attempt renews it, and another replica cannot claim the task meanwhile', async () => {
  const { worker, task, finish } = await workerWithHeldTask(3);
  await expireLease(task.id);
  await waitFor('the running attempt renews its lease', () => row(task.id), (r) => r.lease_still_on, 10_000);
  const otherReplica = createPostgresSlackOutbox(db.knex);
  assert.equal(await otherReplica.claimNext(60), null, 'the task is not run a second time');
  finish('timeline posted');
  await worker.stop(); // finishes the task in hand
  const done = await row(task.id);
  assert.equal(done.outcome, 'timeline posted');
  assert.ok(done.done_at);
});

test('an attempt whose lease was taken over cannot complete the task: the outcome of the attempt that took it stands', async () => {
  const { worker, log, task, finish } = await workerWithHeldTask(30);
  await expireLease(task.id);
  const otherReplica = createPostgresSlackOutbox(db.knex);
  const takenOver = await otherReplica.claimNext(60);
  assert.equal(takenOver?.id, task.id, 'the other replica took the expired lease');
  await otherReplica.complete(takenOver, 'timeline posted by the other replica');
  finish('timeline posted by the first attempt');
  await worker.stop();
  assert.equal((await row(task.id)).outcome, 'timeline posted by the other replica');
  assert.ok(log.lines.some((l) => l.level === 'warn' && /lost its lease/.test(l.msg ?? '')), 'the first attempt says it lost its lease');
});

test('an attempt whose lease was taken over cannot reschedule the task or count a failure: the new holder keeps it', async () => {
  const { worker, log, task, finish } = await workerWithHeldTask(30);
  await expireLease(task.id);
  const takenOver = await createPostgresSlackOutbox(db.knex).claimNext(60);
  assert.equal(takenOver?.id, task.id);
  finish(new Error('posting the timeline failed: internal_error'));
  await worker.stop();
  const after = await row(task.id);
  assert.equal(after.lease_still_on, true, "the new holder's lease is untouched");
  assert.equal(after.failures, 0, 'no failure counted by the attempt that lost the lease');
  assert.equal(after.last_error, null);
  assert.equal(after.done_at, null);
  assert.ok(log.lines.some((l) => l.level === 'warn' && /lost its lease/.test(l.msg ?? '')));
});
