/**
 * Slack outages on a real PostgreSQL (issue 23), as two replicas (two pools) see them: both record
 * one outage, exactly one closes it and queues the digests with it, for the incidents acted
 * on in the fallback room meanwhile only; an update written during it is found in it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPostgresIncidentStore } from '../../src/adapters/postgres/postgres-incident-store.js';
import { createPostgresSlackOutages } from '../../src/adapters/postgres/postgres-slack-outages.js';
import { decide } from '../../src/core/decide.js';
import { twoReplicasHooks } from '../helpers/two-replicas.js';

const replicas = twoReplicasHooks();

async function incident(title: string, at: Date): Promise<number> {
  const store = createPostgresIncidentStore(replicas.db.knex);
  const declared = decide(null, { type: 'declare', id: await store.allocateId(), title, severity: 'SEV2', services: [], actor: 'warroom' }, at);
  assert.ok(declared.ok);
  await store.insert(declared.incident, declared.events);
  return declared.incident.id;
}

test('two replicas: one outage recorded, closed once, digests queued only for incidents acted on in the fallback room meanwhile', async () => {
  const here = createPostgresSlackOutages(replicas.db.knex);
  const there = createPostgresSlackOutages(replicas.other);
  const start = new Date(Date.now() - 60_000);
  const quiet = await incident('Quiet', new Date(start.getTime() - 60_000));
  const busy = await incident('Busy', new Date(start.getTime() - 60_000));
  await createPostgresIncidentStore(replicas.db.knex).append(busy, [{ at: new Date(start.getTime() + 10_000), kind: 'note_added', actor: 'Grace Hopper', text: 'Rolled back', data: { via: 'fallback_room' } }]);
  await createPostgresIncidentStore(replicas.db.knex).append(quiet, [{ at: new Date(start.getTime() + 10_000), kind: 'note_added', actor: 'api', text: 'Through the API', data: {} }]);

  await Promise.all([here.wentDown(start), there.wentDown(new Date(start.getTime() + 5000))]);
  assert.equal((await replicas.db.knex('slack_outages')).length, 1, 'one outage between them');
  assert.ok(await here.around(new Date(start.getTime() + 20_000)), 'an update written meanwhile is in it (open)');
  assert.equal(await here.around(new Date(start.getTime() - 1000)), null, 'one written before is not');

  const end = new Date(start.getTime() + 30_000);
  const closed = await Promise.all([here.cameBack(end), there.cameBack(end)]);
  assert.equal(closed.filter((c) => c !== null).length, 1, 'exactly one replica closes it');
  assert.equal(closed.find((c) => c !== null)?.startedAt.getTime(), start.getTime(), 'it started when the first replica saw it');
  const digests = await replicas.db.knex('slack_tasks').where({ kind: 'outage_digest' }).select('incident_id', 'payload');
  assert.deepEqual(digests.map((d: { incident_id: number }) => Number(d.incident_id)), [busy], `a digest for the incident acted on in the room, not for ${quiet} (changed through the API only)`);
  assert.deepEqual((digests[0] as { payload: unknown }).payload, { from: start.toISOString(), to: end.toISOString() });
  assert.ok(await there.around(new Date(start.getTime() + 20_000)), 'still found once closed');
  assert.equal(await here.cameBack(new Date()), null, 'nothing open any more');
});
