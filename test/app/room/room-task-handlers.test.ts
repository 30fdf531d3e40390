/**
 * Room-task handlers called directly with in-memory ports (no database, no HTTP): each one's
 * payload reaches Slack as typed, and a retry after a failure repeats nothing already done.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChatUnavailableError } from '../../../src/app/ports/chat.js';
import { type UnusableSlackTask } from '../../../src/app/ports/room.js';
import { roomTask } from '../../../src/app/room/room-task.js';
import { createRunRoomTask } from '../../../src/app/room/run-room-task.js';
import { postPostmortem } from '../../../src/app/room/tasks/post-postmortem.js';
import { stakeholderUpdate } from '../../../src/app/room/tasks/stakeholder-update.js';
import { roomHarness, type RoomHarness } from '../../helpers/room-task-harness.js';

const ROOM = 'C0INCIDENT';

async function withChannel(h: RoomHarness): Promise<void> {
  const changed = await h.room.changeIncident(h.incident.id, { type: 'set_channel', channelId: ROOM, channelName: 'inc-1-checkout-5xx', actor: 'warroom' });
  assert.ok(changed.ok);
}

test('post_postmortem: the draft is recorded once by the person who asked, even when the first post failed', async () => {
  const h = await roomHarness({ postmortem: '# INC-1 postmortem' });
  await withChannel(h);
  const spec = roomTask('post_postmortem', { by: 'U0ASKER' });
  h.chat.refuseNext('post', 'not_in_channel');
  await assert.rejects(postPostmortem(h.claim(spec), h.room), /posting the postmortem failed: not_in_channel/);
  assert.equal(await postPostmortem(h.claim(spec, 2), h.room), 'postmortem posted');
  const drafted = (await h.store.timeline(h.incident.id)).filter((e) => e.kind === 'postmortem_drafted');
  assert.deepEqual(
    drafted.map((e) => [e.actor, e.data.task]),
    [['U0ASKER', 1]],
  );
  assert.deepEqual(
    h.chat.posts.map((p) => [p.channelId, p.message.kind, p.message.kind === 'postmortem' ? p.message.markdown : null]),
    [[ROOM, 'postmortem', '# INC-1 postmortem']],
  );
});

test('stakeholder_update: posted to the stakeholders and the room; a retry after the room post failed posts only there', async () => {
  const h = await roomHarness();
  await withChannel(h);
  const at = '2026-12-06T09:45:00.000Z';
  const spec = roomTask('stakeholder_update', { text: 'Checkout is failing in eu-west-1.', by: 'U0WRITER', at });
  h.chat.failAttempt(2); // the stakeholder channel's post succeeds, the room's does not
  await assert.rejects(stakeholderUpdate(h.claim(spec), h.room), ChatUnavailableError);
  assert.equal(await stakeholderUpdate(h.claim(spec, 2), h.room), 'update posted');
  assert.deepEqual(
    h.chat.posts.map((p) => p.channelId),
    ['C0STAKEHOLD', ROOM],
  );
  for (const { message } of h.chat.posts) {
    assert.ok(message.kind === 'stakeholder_update');
    assert.deepEqual([message.text, message.by, message.at.toISOString()], ['Checkout is failing in eu-west-1.', 'U0WRITER', at]);
  }
});

test('the dispatcher runs each kind with its handler, and settles a row it cannot use without running anything', async () => {
  const h = await roomHarness();
  await withChannel(h);
  const run = createRunRoomTask(h.room);
  assert.equal(await run(h.claim(roomTask('post_timeline'))), 'timeline posted');
  const unusable: UnusableSlackTask = { ...h.claim(roomTask('post_timeline'), 1, 2), kind: 'unusable', storedKind: 'archive_channel', problem: 'unknown kind "archive_channel"' };
  assert.equal(await run(unusable), 'unusable: unknown kind "archive_channel"');
  assert.equal(h.chat.posts.length, 1, 'only the timeline was posted');
  const logged = h.log.lines.find((l) => l.msg === 'slack task unusable; completed without running');
  assert.equal(logged?.level, 'error');
  assert.deepEqual(logged?.obj, { taskId: 2, incidentId: h.incident.id, kind: 'archive_channel', problem: 'unknown kind "archive_channel"' });
});
