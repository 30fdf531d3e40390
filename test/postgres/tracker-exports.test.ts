/**
 * The follow-up export's outbox (issue 20) on a real PostgreSQL: a follow-up's export row is written
 * with it; two replicas claiming at the same moment (two pools) never both get one; a claim is not
 * taken again before its lease ends; a retry waits for its time; a refused one is never claimed; a
 * `followup_exported` event saves the link and closes the export.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPostgresIncidentStore } from '../../src/adapters/postgres/postgres-incident-store.js';
import { createPostgresTrackerExports } from '../../src/adapters/postgres/postgres-tracker-exports.js';
import { decide } from '../../src/core/decide.js';
import { followUpAddedEvent, followUpExportedEvent } from '../../src/core/followup.js';
import { twoReplicasHooks } from '../helpers/two-replicas.js';

const replicas = twoReplicasHooks();

async function incidentWithFollowUps(titles: readonly string[]): Promise<number> {
  const store = createPostgresIncidentStore(replicas.db.knex);
  const now = new Date();
  const declared = decide(null, { type: 'declare', id: await store.allocateId(), title: 'Checkout 5xx', severity: 'SEV2', services: [], actor: 'U1' }, now);
  assert.ok(declared.ok);
  await store.insert(declared.incident, declared.events);
  await store.append(declared.incident.id, titles.map((title) => followUpAddedEvent({ title, owner: null, dueDate: null, source: 'api' }, 'U1', now)));
  return declared.incident.id;
}

const pending = async () => (await replicas.db.knex('tracker_exports').where({ status: 'pending' }).pluck('followup_id')).map(Number);

test('two replicas claiming at once split the due exports; none is claimed twice, or again before its lease ends', async () => {
  await incidentWithFollowUps(['a', 'b', 'c', 'd', 'e', 'f']);
  const due = await pending();
  assert.equal(due.length, 6, 'each follow-up has its export row');
  const mine = createPostgresTrackerExports(replicas.db.knex);
  const theirs = createPostgresTrackerExports(replicas.other);
  const now = new Date(Date.now() + 1000);
  const [a, b] = await Promise.all([mine.claimDue('github', now, 60_000, 4), theirs.claimDue('github', now, 60_000, 4)]);
  const ids = [...a, ...b].map((c) => c.followUp.id);
  assert.equal(new Set(ids).size, ids.length, 'no export is held by both');
  assert.deepEqual([...ids].sort((x, y) => x - y), due.sort((x, y) => x - y));
  assert.ok([...a, ...b].every((c) => c.attemptsBefore === 0 && c.firstAttemptAt.getTime() === now.getTime()));
  assert.deepEqual(await mine.claimDue('github', new Date(now.getTime() + 30_000), 60_000, 10), [], 'leased: not claimed again');
  const again = await mine.claimDue('github', new Date(now.getTime() + 61_000), 60_000, 10);
  assert.equal(again.length, 6, 'a lease that ended (a dead replica) is claimed again');
  assert.ok(again.every((c) => c.attemptsBefore === 1 && c.firstAttemptAt.getTime() === now.getTime()), 'the retry knows to look first, with the same marker time');
  await replicas.db.knex('tracker_exports').update({ status: 'exported' });
});

test('a retry waits for its time; a refused export is never claimed; a followup_exported event saves the link and closes the export', async () => {
  const incidentId = await incidentWithFollowUps(['retry me', 'refused', 'exported']);
  const exports = createPostgresTrackerExports(replicas.db.knex);
  const now = new Date(Date.now() + 1000);
  const claims = await exports.claimDue('github', now, 60_000, 10);
  const byTitle = (t: string) => claims.find((c) => c.followUp.title === t)?.followUp;
  const [retry, refused, done] = [byTitle('retry me'), byTitle('refused'), byTitle('exported')];
  assert.ok(retry && refused && done);
  await exports.retryAt(retry.id, new Date(now.getTime() + 30_000), 'github is unavailable: 502');
  await exports.markFailed(refused.id, 'github refused the request: 404 Not Found');
  await createPostgresIncidentStore(replicas.db.knex).append(incidentId, [followUpExportedEvent(done, { tracker: 'github', ref: 'acme/ops#7', url: 'https://github.com/acme/ops/issues/7' }, now)]);
  assert.deepEqual(await exports.claimDue('github', new Date(now.getTime() + 10_000), 60_000, 10), [], 'the retry is not due yet');
  const later = await exports.claimDue('github', new Date(now.getTime() + 120_000), 60_000, 10);
  assert.deepEqual(later.map((c) => c.followUp.title), ['retry me'], 'only the retry comes back');
  const saved = await exports.findByRef('github', 'acme/ops#7');
  assert.equal(saved?.id, done.id);
  assert.equal(saved?.trackerUrl, 'https://github.com/acme/ops/issues/7');
  assert.deepEqual((await exports.openExported('github', 10)).map((f) => f.id), [done.id]);
});

test('addMissing writes the export row of each open follow-up without one (an older release\'s), once, also with two replicas at once', async () => {
  const incidentId = await incidentWithFollowUps(['has its row']);
  const now = new Date();
  // What an older release writes: follow-ups without their export rows, one of them done already.
  const [old] = await replicas.db.knex('followups').insert({ incident_id: incidentId, title: 'older release', status: 'open', created_by: 'U1', created_at: now }).returning<{ id: string }[]>('id');
  await replicas.db.knex('followups').insert({ incident_id: incidentId, title: 'done before', status: 'done', created_by: 'U1', created_at: now, done_by: 'U1', done_at: now });
  const before = await replicas.db.knex('tracker_exports').count<{ count: string }[]>('* as count');
  const [mine, theirs] = await Promise.all([createPostgresTrackerExports(replicas.db.knex).addMissing(now), createPostgresTrackerExports(replicas.other).addMissing(now)]);
  assert.equal(mine + theirs, 1, 'one row, written by one of them');
  assert.equal(await createPostgresTrackerExports(replicas.db.knex).addMissing(now), 0, 'idempotent');
  const after = await replicas.db.knex('tracker_exports').count<{ count: string }[]>('* as count');
  assert.equal(Number(after[0]?.count) - Number(before[0]?.count), 1);
  assert.deepEqual(await replicas.db.knex('tracker_exports').where({ followup_id: old?.id }).pluck('status'), ['pending'], 'due for export');
});
