/**
 * The catch_up room task with in-memory ports: sent to the person alone; a Slack outage is retried;
 * a person who left the channel meanwhile ends the task (no retry can reach them).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChatUnavailableError } from '../../../src/app/ports/chat.js';
import { roomTask } from '../../../src/app/room/room-task.js';
import { catchUp } from '../../../src/app/room/tasks/catch-up.js';
import { roomHarness } from '../../helpers/room-task-harness.js';

const ROOM = 'C0INCIDENT';
const JOINER = 'U0JOINER1';

async function harnessWithRoom() {
  const h = await roomHarness();
  const changed = await h.room.changeIncident(h.incident.id, { type: 'set_channel', channelId: ROOM, channelName: 'inc-1-checkout-5xx', actor: 'warroom' });
  assert.ok(changed.ok);
  return h;
}

test('catch_up: sent ephemerally to the person who joined; an outage is retried and then it is sent once', async () => {
  const h = await harnessWithRoom();
  const spec = roomTask('catch_up', { user: JOINER });
  h.chat.failNext('postEphemeral');
  await assert.rejects(catchUp(h.claim(spec), h.room), ChatUnavailableError);
  assert.equal(await catchUp(h.claim(spec, 2), h.room), 'catch-up sent');
  assert.deepEqual(
    h.chat.calls.filter((c) => c.op === 'postEphemeral'),
    [{ op: 'postEphemeral', channelId: ROOM, detail: `${JOINER} catch_up` }],
  );
});

test('catch_up: a person who left the channel meanwhile ends the task without a retry', async () => {
  const h = await harnessWithRoom();
  h.chat.refuseNext('postEphemeral', 'user_not_in_channel');
  assert.equal(await catchUp(h.claim(roomTask('catch_up', { user: JOINER })), h.room), 'the person left the channel');
  h.chat.refuseNext('postEphemeral', 'not_in_channel');
  await assert.rejects(catchUp(h.claim(roomTask('catch_up', { user: JOINER }), 2), h.room), /the catch-up failed: not_in_channel/, 'other refusals are retried');
});
