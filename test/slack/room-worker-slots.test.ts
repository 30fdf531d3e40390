// The room worker's slots (issue 22) on the real PostgreSQL outbox: different incidents' tasks run
// side by side, one incident's tasks one at a time and in order. The tasks are stand-ins the test
// releases, so each overlap (or its absence) is seen at a known point.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createPostgresSlackOutbox } from '../../src/adapters/postgres/postgres-slack-outbox.js';
import type { SlackOutbox, SlackTask } from '../../src/app/ports/room.js';
import { createRoomWorker, ROOM_WORKER_DEFAULTS } from '../../src/app/room/room-worker.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { waitFor } from '../helpers/http.js';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase({ migrate: true });
});
after(() => db.close());

async function incident(id: number): Promise<void> {
  const now = new Date();
  await db.knex('incidents').insert({ id, title: `slots ${id}`, status: 'investigating', severity: 'SEV2', declared_by: 'U1', created_at: now, updated_at: now, version: 1 });
}

test("one incident's tasks never overlap and keep their order, while another incident's task runs beside them", async () => {
  await incident(1);
  await incident(2);
  const outbox = createPostgresSlackOutbox(db.knex);
  await outbox.enqueue(1, [{ kind: 'post_timeline' }, { kind: 'stakeholder_update', payload: { text: 'second', by: 'U1', at: new Date().toISOString() } }, { kind: 'post_postmortem', payload: { by: 'U1' } }]);
  await outbox.enqueue(2, [{ kind: 'post_timeline' }]);

  const events: string[] = [];
  let releaseFirst!: () => void;
  const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
  // Claims that found nothing while incident 1's first task was held: proof that free slots looked.
  let emptyClaimsWhileHeld = 0;
  let holding = true;
  const counting: SlackOutbox = {
    ...outbox,
    claimNext: async (leaseSeconds) => {
      const task = await outbox.claimNext(leaseSeconds);
      if (task === null && holding) emptyClaimsWhileHeld += 1;
      return task;
    },
  };
  const worker = createRoomWorker(
    {
      outbox: counting,
      runTask: async (task: SlackTask) => {
        const name = `${task.incidentId}:${task.kind}`;
        events.push(`start ${name}`);
        if (name === '1:post_timeline') await firstHeld;
        events.push(`end ${name}`);
        return 'done';
      },
      clock: { now: () => new Date() },
      log: silentLogger(),
      telemetry: { roomSetupsStuck: () => undefined },
    },
    { ...ROOM_WORKER_DEFAULTS, slots: 4 },
  );
  worker.start();
  try {
    await waitFor("incident 2's task ran while incident 1's first task is held", () => Promise.resolve(events), (e) => e.includes('end 2:post_timeline'), 10_000);
    const seen = emptyClaimsWhileHeld;
    worker.wake(); // a free slot looks again, and finds incident 1's next task still behind the running one
    await waitFor('a free slot looked for work again', () => Promise.resolve(emptyClaimsWhileHeld), (n) => n > seen, 10_000);
    assert.deepEqual(events.filter((e) => e.includes(' 1:')), ['start 1:post_timeline'], 'nothing else of incident 1 started while its first task runs');
    holding = false;
    releaseFirst();
    await waitFor("incident 1's tasks all ran", () => Promise.resolve(events), (e) => e.includes('end 1:post_postmortem'), 10_000);
  } finally {
    releaseFirst();
    await worker.stop();
  }
  const ofFirst = events.filter((e) => e.includes(' 1:'));
  assert.deepEqual(ofFirst, [
    'start 1:post_timeline',
    'end 1:post_timeline',
    'start 1:stakeholder_update',
    'end 1:stakeholder_update',
    'start 1:post_postmortem',
    'end 1:post_postmortem',
  ]);
});
