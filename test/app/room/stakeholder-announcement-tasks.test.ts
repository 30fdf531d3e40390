/**
 * The announcement tasks called directly with in-memory ports: the stored announcements are edited
 * in place, the escalation is replied in their threads, the resolution goes to every audience, and a
 * retry after a failure repeats nothing already done.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChatUnavailableError } from '../../../src/app/ports/chat.js';
import { roomTask } from '../../../src/app/room/room-task.js';
import { announceEscalation } from '../../../src/app/room/tasks/announce-escalation.js';
import { announceResolution } from '../../../src/app/room/tasks/announce-resolution.js';
import { refreshAnnouncements } from '../../../src/app/room/tasks/refresh-announcements.js';
import { roomHarness, ROOM_SETTINGS, type RoomHarness } from '../../helpers/room-task-harness.js';

const ROOM = 'C0INCIDENT';
const STAKEHOLDERS = ['C0STAKEHOLD', 'C0EXECS'];

async function announced(): Promise<RoomHarness> {
  const h = await roomHarness({ settings: { ...ROOM_SETTINGS, stakeholderChannels: STAKEHOLDERS } });
  const changed = await h.room.changeIncident(h.incident.id, { type: 'set_channel', channelId: ROOM, channelName: 'inc-1-checkout-5xx', actor: 'warroom' });
  assert.ok(changed.ok);
  // As the set-up leaves them: one announcement per stakeholder channel, remembered by purpose.
  for (const [i, channel] of STAKEHOLDERS.entries()) await h.outbox.saveMessage(h.incident.id, `announce:${channel}`, channel, `100.00000${i}`, new Date());
  return h;
}

test('refresh_announcements: every stored announcement is edited in place to the incident as it is now', async () => {
  const h = await announced();
  const raised = await h.room.changeIncident(h.incident.id, { type: 'change_severity', severity: 'SEV1', actor: 'U0ALICE01' });
  assert.ok(raised.ok);
  h.chat.refuseNext('update', 'message_not_found'); // one was deleted by hand: logged, the other still edited
  assert.equal(await refreshAnnouncements(h.claim(roomTask('refresh_announcements')), h.room), '1 of 2 announcement(s) updated');
  assert.deepEqual(
    h.chat.updates.map((u) => [u.channelId, u.ts, u.message.kind, u.message.kind === 'announcement' ? u.message.incident.severity : null]),
    [['C0EXECS', '100.000001', 'announcement', 'SEV1']],
  );
  assert.ok(h.log.lines.some((l) => l.msg === 'could not update the stakeholder announcement there'));
  assert.equal(h.chat.posts.length, 0, 'nothing is posted anew');
});

test('announce_escalation: one reply in each announcement thread; a retry after an outage replies only where it had not', async () => {
  const h = await announced();
  const spec = roomTask('announce_escalation', { from: 'SEV3', to: 'SEV2', at: '2026-12-06T10:05:00.000Z' });
  h.chat.failAttempt(2); // the first thread reply lands, the second call finds Slack unreachable
  await assert.rejects(announceEscalation(h.claim(spec), h.room), ChatUnavailableError);
  assert.equal(await announceEscalation(h.claim(spec, 2), h.room), 'escalation posted in 1 thread(s)');
  assert.deepEqual(
    h.chat.posts.map((p) => [p.channelId, p.threadTs, p.message.kind]),
    [
      ['C0STAKEHOLD', '100.000000', 'announcement_escalated'],
      ['C0EXECS', '100.000001', 'announcement_escalated'],
    ],
  );
});

test('announce_resolution: said in every stakeholder channel and the incident channel, once; not at all once reopened', async () => {
  const h = await announced();
  const resolved = await h.room.changeIncident(h.incident.id, { type: 'resolve', actor: 'U0ALICE01' });
  assert.ok(resolved.ok, JSON.stringify(resolved));
  const spec = roomTask('announce_resolution');
  assert.equal(await announceResolution(h.claim(spec), h.room), 'resolution announced');
  assert.equal(await announceResolution(h.claim(spec, 2), h.room), 'resolution announced');
  assert.deepEqual(
    h.chat.posts.map((p) => [p.channelId, p.message.kind]),
    [...STAKEHOLDERS, ROOM].map((c) => [c, 'resolution']),
  );
  const reopened = await h.room.changeIncident(h.incident.id, { type: 'reopen', actor: 'U0ALICE01' });
  assert.ok(reopened.ok, JSON.stringify(reopened));
  assert.equal(await announceResolution(h.claim(spec, 1, 7), h.room), 'reopened before the resolution was announced');
  assert.equal(h.chat.posts.length, 3);
});
