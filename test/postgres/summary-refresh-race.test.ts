/**
 * The pinned summary never ends on the state before a change: a change that finds a summary
 * refresh already pending (so adds none of its own) must not let another replica claim that
 * refresh before the change commits. The interleaving is forced: the claim runs on a second
 * connection pool (another replica) while the change's transaction is still open.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { updateIncident } from '../../src/adapters/postgres/incident-writes.js';
import { createPostgresIncidentStore } from '../../src/adapters/postgres/postgres-incident-store.js';
import { createPostgresSlackOutbox } from '../../src/adapters/postgres/postgres-slack-outbox.js';
import type { Status } from '../../src/core/status.js';
import { decide } from '../../src/core/decide.js';
import type { SlackTask } from '../../src/app/ports/room.js';
import { twoReplicasHooks } from '../helpers/two-replicas.js';

const replicas = twoReplicasHooks();

/**
 * An incident with a summary refresh pending, and a change to it (status → identified) that
 * commits only after `whileOpen` ran inside its transaction. Answers the statuses each refresh
 * rendered, in order: a run renders the incident as the other replica reads it right after its claim.
 */
async function changeWithPendingRefresh(whileOpen: (claimAndRun: () => Promise<void>) => Promise<void>, claimFirst: boolean): Promise<Status[]> {
  const store = createPostgresIncidentStore(replicas.db.knex);
  const replica = { store: createPostgresIncidentStore(replicas.other), outbox: createPostgresSlackOutbox(replicas.other) };
  const now = new Date();
  const declared = decide(null, { type: 'declare', id: await store.allocateId(), title: 'Checkout 5xx', severity: 'SEV2', services: [], actor: 'U1' }, now);
  assert.ok(declared.ok);
  await store.insert(declared.incident, declared.events);
  await createPostgresSlackOutbox(replicas.db.knex).enqueue(declared.incident.id, [{ kind: 'refresh_summary' }]); // an earlier change's refresh

  const rendered: Status[] = [];
  const run = async (task: SlackTask) => {
    assert.equal(task.kind, 'refresh_summary');
    const incident = await replica.store.find(task.incidentId);
    assert.ok(incident);
    rendered.push(incident.status);
    assert.equal(await replica.outbox.complete(task, 'summary updated'), true, 'this attempt still holds the lease');
  };
  const claimAndRun = async () => {
    const claimed = await replica.outbox.claimNext(60);
    if (claimed) await run(claimed);
  };
  // Claimed before the change starts, but rendered while it is still open (its worst moment).
  const early = claimFirst ? await replica.outbox.claimNext(60) : null;

  const changed = decide(declared.incident, { type: 'change_status', status: 'identified', actor: 'U1' }, now);
  assert.ok(changed.ok);
  await replicas.db.knex.transaction(async (trx) => {
    assert.equal(await updateIncident(trx, changed.incident, declared.incident.version, changed.events, [{ kind: 'refresh_summary' }]), 'ok');
    if (early) await run(early);
    await whileOpen(claimAndRun);
  });
  for (let task = await replica.outbox.claimNext(60); task; task = await replica.outbox.claimNext(60)) await run(task);
  return rendered;
}

test('a refresh claimed between a change and its commit is not the last word: the summary ends on the new state', async () => {
  // Another replica's worker looks for work before the change commits.
  const rendered = await changeWithPendingRefresh((claimAndRun) => claimAndRun(), false);
  assert.ok(rendered.length > 0, 'a refresh ran');
  assert.equal(rendered.at(-1), 'identified', `the last refresh rendered the committed change (rendered in order: ${rendered.join(', ')})`);
});

test('the other order: a refresh claimed before the change runs, and the change adds one that runs after it', async () => {
  const rendered = await changeWithPendingRefresh(() => Promise.resolve(), true);
  assert.deepEqual(rendered, ['investigating', 'identified'], 'the early run rendered the old state, a later one the new');
});
