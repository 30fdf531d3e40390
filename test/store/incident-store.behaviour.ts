/** One behaviour suite for every IncidentStore implementation (Postgres and the in-memory fake). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decide, type IncidentCommand } from '../../src/core/decide.js';
import type { Incident } from '../../src/core/incident.js';
import { followUpAddedEvent, followUpDoneEvent } from '../../src/core/followup.js';
import { FollowUpNotOpenError, type IncidentStore } from '../../src/app/ports/incidents.js';

const T0 = new Date('2026-11-23T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

async function declare(store: IncidentStore, title = 'Checkout 5xx in eu-west-1'): Promise<Incident> {
  const id = await store.allocateId();
  const d = decide(null, { type: 'declare', id, title, severity: 'SEV2', services: ['checkout'], actor: 'U1' }, T0);
  assert.ok(d.ok);
  await store.insert(d.incident, d.events);
  return d.incident;
}

async function apply(store: IncidentStore, incident: Incident, command: Exclude<IncidentCommand, { type: 'declare' }>, t: number) {
  const d = decide(incident, command, at(t));
  assert.ok(d.ok, d.ok ? '' : d.error.message);
  const saved = await store.update(d.incident, incident.version, d.events);
  return { saved, incident: d.incident, events: d.events };
}

export function incidentStoreBehaviour(name: string, makeStore: () => Promise<IncidentStore>): void {
  describe(`IncidentStore behaviour: ${name}`, () => {
    test('allocates increasing ids', async () => {
      const store = await makeStore();
      const a = await store.allocateId();
      const b = await store.allocateId();
      assert.ok(b > a && a > 0);
    });

    test('an inserted incident reads back equal, with its timeline', async () => {
      const store = await makeStore();
      const incident = await declare(store);
      assert.deepEqual(await store.find(incident.id), incident);
      const events = await store.timeline(incident.id);
      assert.deepEqual(events.map((e) => e.kind), ['incident_declared']);
      assert.equal(events[0]?.at.toISOString(), T0.toISOString());
    });

    test('updates keep roles, events in order, and the new version', async () => {
      const store = await makeStore();
      let incident = await declare(store);
      let r = await apply(store, incident, { type: 'assign_role', role: 'commander', user: 'U7', actor: 'U1' }, 1);
      assert.equal(r.saved, 'ok');
      incident = r.incident;
      r = await apply(store, incident, { type: 'change_severity', severity: 'SEV1', actor: 'U7' }, 2);
      incident = r.incident;
      r = await apply(store, incident, { type: 'assign_role', role: 'commander', user: 'U8', actor: 'U7' }, 3);
      incident = r.incident;
      r = await apply(store, incident, { type: 'assign_role', role: 'comms', user: 'U9', actor: 'U8' }, 4);
      incident = r.incident;
      const found = await store.find(incident.id);
      assert.deepEqual(found, incident);
      assert.deepEqual(found?.roles, { commander: 'U8', comms: 'U9', scribe: null, ops: null });
      assert.equal(found?.severity, 'SEV1');
      assert.equal(found?.version, 5);
      const kinds = (await store.timeline(incident.id)).map((e) => e.kind);
      assert.deepEqual(kinds, ['incident_declared', 'role_assigned', 'severity_changed', 'role_assigned', 'role_assigned']);
      // clearing a role removes its holder
      r = await apply(store, incident, { type: 'assign_role', role: 'comms', user: null, actor: 'U8' }, 5);
      assert.equal((await store.find(incident.id))?.roles.comms, null);
    });

    test('a stale version is refused and changes nothing', async () => {
      const store = await makeStore();
      const incident = await declare(store);
      const first = await apply(store, incident, { type: 'add_note', text: 'first', actor: 'U1' }, 1);
      assert.equal(first.saved, 'ok');
      // a second writer still holding version 1
      const second = await apply(store, incident, { type: 'add_note', text: 'second', actor: 'U2' }, 2);
      assert.equal(second.saved, 'conflict');
      const texts = (await store.timeline(incident.id)).map((e) => e.text);
      assert.equal(texts.length, 2);
      assert.ok(!texts.some((t) => t.includes('second')));
      assert.equal((await store.find(incident.id))?.version, 2);
    });

    test('list filters by open, resolved and status, newest first, with a limit', async () => {
      const store = await makeStore();
      const a = await declare(store, 'A');
      const b = await declare(store, 'B');
      const c = await declare(store, 'C');
      await apply(store, b, { type: 'resolve', actor: 'U1' }, 1);
      await apply(store, c, { type: 'change_status', status: 'identified', actor: 'U1' }, 1);
      const ids = async (status: 'open' | 'all' | 'resolved' | 'identified', limit?: number) =>
        (await store.list(limit === undefined ? { status } : { status, limit })).map((i) => i.id).filter((id) => [a.id, b.id, c.id].includes(id));
      assert.deepEqual(await ids('open'), [c.id, a.id]);
      assert.deepEqual(await ids('resolved'), [b.id]);
      assert.deepEqual(await ids('identified'), [c.id]);
      assert.deepEqual(await ids('all'), [c.id, b.id, a.id]);
      assert.equal((await store.list({ status: 'all', limit: 1 })).length, 1);
    });

    test('a resolved incident keeps resolvedAt and reopens', async () => {
      const store = await makeStore();
      let incident = await declare(store);
      let r = await apply(store, incident, { type: 'resolve', summary: 'rolled back', actor: 'U1' }, 60);
      incident = r.incident;
      assert.equal((await store.find(incident.id))?.resolvedAt?.toISOString(), at(60).toISOString());
      r = await apply(store, incident, { type: 'reopen', actor: 'U1' }, 120);
      const found = await store.find(r.incident.id);
      assert.equal(found?.status, 'investigating');
      assert.equal(found?.resolvedAt, null);
    });

    test('follow-ups are created and closed by their timeline events, in the same write', async () => {
      const store = await makeStore();
      const incident = await declare(store);
      const other = await declare(store, 'Other');
      // An `action:` note creates one (decide adds the event); the plain note does not.
      await apply(store, incident, { type: 'add_note', text: 'action: add a replica-lag alert', actor: 'U1' }, 1);
      const added = followUpAddedEvent({ title: 'Canary deploys', owner: 'U0OWNER07', dueDate: '2026-12-20', source: 'command' }, 'U2', at(2));
      await store.append(incident.id, [{ ...added, names: { U0OWNER07: 'Chloé Martin' } }]);
      await store.append(other.id, [followUpAddedEvent({ title: 'Elsewhere', owner: null, dueDate: null, source: 'modal' }, 'U3', at(3))]);

      const mine = (await store.followUps([incident.id])).get(incident.id) ?? [];
      assert.deepEqual(
        mine.map((f) => [f.title, f.owner, f.ownerName, f.dueDate, f.status, f.createdBy, f.createdAt.toISOString(), f.tracker, f.trackerRef, f.trackerUrl]),
        [
          ['add a replica-lag alert', null, null, null, 'open', 'U1', at(1).toISOString(), null, null, null],
          ['Canary deploys', 'U0OWNER07', 'Chloé Martin', '2026-12-20', 'open', 'U2', at(2).toISOString(), null, null, null],
        ],
        'oldest first, owner name as captured, the due date as a calendar day, tracker fields empty',
      );
      assert.deepEqual([...(await store.followUps([incident.id, other.id, 987654])).keys()].sort(), [incident.id, other.id].sort(), 'incidents without follow-ups are absent');

      const canary = mine[1];
      assert.ok(canary);
      assert.deepEqual(await store.findFollowUp(canary.id), canary);
      await store.append(incident.id, [followUpDoneEvent(canary, 'U8', at(4))]);
      const done = await store.findFollowUp(canary.id);
      assert.deepEqual([done?.status, done?.doneBy, done?.doneAt?.toISOString()], ['done', 'U8', at(4).toISOString()]);

      // A second "done" is refused as a whole: no second event on the timeline.
      const before = (await store.timeline(incident.id)).length;
      await assert.rejects(store.append(incident.id, [followUpDoneEvent(canary, 'U9', at(5))]), FollowUpNotOpenError);
      // ...and so is closing another incident's follow-up through this one.
      const elsewhere = (await store.followUps([other.id])).get(other.id)?.[0];
      assert.ok(elsewhere);
      await assert.rejects(store.append(incident.id, [followUpDoneEvent(elsewhere, 'U9', at(5))]), FollowUpNotOpenError);
      assert.equal((await store.timeline(incident.id)).length, before);
      assert.equal((await store.findFollowUp(canary.id))?.doneBy, 'U8');
      assert.equal((await store.findFollowUp(elsewhere.id))?.status, 'open');
      assert.equal(await store.findFollowUp(987654), null);
    });

    test('unknown ids read as null and empty', async () => {
      const store = await makeStore();
      assert.equal(await store.find(987654), null);
      assert.deepEqual(await store.timeline(987654), []);
    });
  });
}
