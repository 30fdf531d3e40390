/**
 * The follow-ups use case: two people pressing "Done" on the same follow-up at once (two replicas)
 * record it once. The race is made deterministic by a seam: the use case reads the follow-up while
 * it is still open, and the other "Done" commits between that read and its own write.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDeclareIncident } from '../../src/app/declare-incident.js';
import { createFollowUps } from '../../src/app/followups/follow-ups.js';
import type { IncidentStore } from '../../src/app/ports/incidents.js';
import { createInMemoryIncidentStore } from '../fakes/in-memory-incident-store.js';

const clock = { now: () => new Date('2026-11-23T10:00:00Z') };

test('a "Done" that loses the race to another one answers "done already" and records nothing more', async () => {
  const store = createInMemoryIncidentStore();
  const declared = await createDeclareIncident({ store, clock })({ title: 'Checkout 5xx', severity: 'SEV2', services: [], actor: 'U0ALICE01' });
  assert.ok(declared.ok);
  const incidentId = declared.value.id;
  const other = createFollowUps({ store, clock });
  assert.ok((await other.add(incidentId, { title: 'Canary deploys', owner: null, dueDate: null, source: 'command', actor: 'U0ALICE01' })).ok);
  const [open] = await other.open(incidentId);
  assert.ok(open);

  // The seam: this replica's read happens, then the other replica's "Done" commits, then this write.
  const racing: IncidentStore = {
    ...store,
    findFollowUp: async (id) => {
      const seen = await store.findFollowUp(id);
      assert.ok((await other.complete(id, 'U0BOB0002')).ok, 'the other Done commits first');
      return seen;
    },
  };
  const mine = await createFollowUps({ store: racing, clock }).complete(open.id, 'U0CAROL03');
  assert.deepEqual(mine.ok ? null : mine.error, { code: 'followup.already_done', message: '"Canary deploys" is done already.' });
  const done = (await store.timeline(incidentId)).filter((e) => e.kind === 'followup_done');
  assert.deepEqual(done.map((e) => e.actor), ['U0BOB0002'], 'one followup_done, by whoever committed first');
  assert.equal((await store.findFollowUp(open.id))?.doneBy, 'U0BOB0002');
});
