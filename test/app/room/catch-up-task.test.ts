/**
 * The catch_up room task with in-memory ports: sent to the person alone; a Slack outage is retried;
 * a person who left the channel meanwhile ends the task (no retry can reach them); two joins that
 * raced each other send one.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChatUnavailableError } from '../../../src/app/ports/chat.js';
import type { SlackTaskSpec } from '../../../src/app/ports/room.js';
import { createCatchUps } from '../../../src/app/room/catch-ups.js';
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

test('catch_up: two joins that both read the timeline before either was saved queue two tasks; only the earlier join is answered', async () => {
  const h = await harnessWithRoom();
  const queued: SlackTaskSpec[] = [];
  // The seam: each join's timeline read waits until both joins have read, so neither sees the other.
  let reads = 0;
  let bothRead: () => void = () => undefined;
  const barrier = new Promise<void>((resolve) => (bothRead = resolve));
  let tick = 0;
  const catchUps = createCatchUps({
    store: {
      find: (id) => h.store.find(id),
      evidence: (id) => h.store.evidence(id),
      followUps: (ids) => h.store.followUps(ids),
      async timeline(id) {
        const events = await h.store.timeline(id);
        if (++reads === 2) bothRead();
        await barrier;
        return events;
      },
      append: (id, events, tasks = []) => {
        queued.push(...tasks);
        return h.store.append(id, events);
      },
    },
    settings: { severities: { SEV1: { updateEveryMinutes: 15 }, SEV2: { updateEveryMinutes: 30 }, SEV3: { updateEveryMinutes: 60 }, SEV4: { updateEveryMinutes: 0 } } },
    clock: { now: () => new Date(Date.UTC(2026, 11, 6, 10, 5, tick++)) },
  });
  await Promise.all([catchUps.memberJoined(h.incident.id, JOINER, false), catchUps.memberJoined(h.incident.id, JOINER, false)]);
  assert.equal(queued.length, 2, 'the race queued a task for each join');
  const outcomes = [];
  for (const [i, spec] of queued.entries()) outcomes.push(await catchUp(h.claim(spec as SlackTaskSpec<'catch_up'>, 1, i + 1), h.room));
  assert.deepEqual(outcomes, ['catch-up sent', 'an earlier join had its catch-up']);
  assert.equal(h.chat.calls.filter((c) => c.op === 'postEphemeral').length, 1, 'one catch-up reached the person');
});
