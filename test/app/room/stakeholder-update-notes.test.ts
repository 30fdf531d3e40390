/**
 * StakeholderUpdates with in-memory ports: the draft offers the recent notes without putting them in
 * the text, and only the notes named on submit are added to the update that is recorded and sent.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createStakeholderUpdates } from '../../../src/app/room/stakeholder-updates.js';
import { roomHarness, NOW } from '../../helpers/room-task-harness.js';

const CADENCE = { SEV1: { updateEveryMinutes: 30 }, SEV2: { updateEveryMinutes: 60 }, SEV3: { updateEveryMinutes: 0 }, SEV4: { updateEveryMinutes: 0 } };

test('notes are offered, never drafted, and added to the update only when picked', async () => {
  const h = await roomHarness();
  for (const text of ['action: page the DBA', 'Customers report slow card payments']) assert.ok((await h.room.changeIncident(h.incident.id, { type: 'add_note', text, actor: 'U0ALICE01' })).ok);
  const updates = createStakeholderUpdates({
    store: h.store,
    cadence: { openRooms: () => Promise.resolve([]), scopedIncidents: () => Promise.resolve([]), claimReminder: () => Promise.resolve(false) },
    settings: { severities: CADENCE },
    clock: { now: () => NOW },
    log: h.log,
  });
  const draft = await updates.draft(h.incident.id);
  assert.ok(draft.ok);
  assert.doesNotMatch(draft.value.text, /action:|Customers report/);
  assert.match(draft.value.text, /Next update by 11:00 UTC\./, 'SEV2: every 60 min from now');
  assert.deepEqual(
    draft.value.notes.map((n) => n.text),
    ['Customers report slow card payments', 'action: page the DBA'],
  );

  const picked = draft.value.notes.find((n) => n.text.startsWith('Customers'))?.key ?? '';
  assert.ok((await updates.post(h.incident.id, 'Card payments are slow.', 'U0ALICE01', [picked, 'not-a-note'])).ok);
  const sent = (await h.store.timeline(h.incident.id)).filter((e) => e.kind === 'stakeholder_update').map((e) => e.text);
  assert.deepEqual(sent, ['Card payments are slow.\n\nNotes:\n- 10:00 UTC Customers report slow card payments']);
});
