/**
 * The room set-up handler called directly with in-memory ports: what it stores, and that a set-up
 * cut short at any step (Slack unreachable, or the database down while a step is recorded) resumes
 * on its retry after the steps already done, without a second channel or a second post.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChatUnavailableError } from '../../../src/app/ports/chat.js';
import { DependencyUnavailableError } from '../../../src/app/ports/runtime.js';
import { roomTask } from '../../../src/app/room/room-task.js';
import { setupChannel } from '../../../src/app/room/tasks/setup-channel.js';
import { DECLARER, ON_CALL, ROOM_SETTINGS, roomHarness, type RoomHarness } from '../../helpers/room-task-harness.js';

const SETUP = roomTask('setup_channel');

async function setUpInOneGo(): Promise<RoomHarness> {
  const h = await roomHarness();
  assert.equal(await setupChannel(h.claim(SETUP), h.room), 'room ready');
  return h;
}

test('a set-up stores its steps under the keys the previous release reads, and keeps keys it does not know', async () => {
  const h = await roomHarness();
  // A key a newer replica wrote (rolling upgrade): this release must not drop it when it saves.
  await h.outbox.saveSetup(h.incident.id, { futureStep: { done: true } } as never);
  assert.equal(await setupChannel(h.claim(SETUP), h.room), 'room ready');
  assert.deepEqual(JSON.parse(h.outbox.storedSetup(h.incident.id) ?? 'null'), {
    futureStep: { done: true },
    commanderChecked: true,
    purpose: true,
    topic: `SEV2 · investigating · IC: <@${ON_CALL}> · INC-1`,
    invited: [DECLARER, ON_CALL],
    bookmarks: ['https://runbooks.test/checkout', 'https://grafana.test/d/checkout'],
  });
  assert.deepEqual(
    h.chat.calls.map((c) => c.op),
    ['createChannel', 'setPurpose', 'setTopic', 'invite', 'post', 'pin', 'bookmark', 'bookmark', 'post'],
  );
  const incident = await h.store.find(h.incident.id);
  assert.equal(incident?.roles.commander, ON_CALL);
});

test('Slack unreachable at any call of the set-up: the retry repeats no step that was done', async () => {
  const clean = await setUpInOneGo();
  for (let n = 1; n <= clean.chat.attempted; n++) {
    const h = await roomHarness();
    h.chat.failAttempt(n);
    await assert.rejects(setupChannel(h.claim(SETUP), h.room), ChatUnavailableError, `call ${n} fails`);
    assert.equal(await setupChannel(h.claim(SETUP, 2), h.room), 'room ready', `the retry after call ${n} failed finishes the room`);
    assert.deepEqual(h.chat.calls, clean.chat.calls, `after call ${n} failed, each call took effect once, in order`);
    assert.equal(h.outbox.storedSetup(h.incident.id), clean.outbox.storedSetup(clean.incident.id));
  }
});

test('the database down while a step is recorded: the retry finds its channel and its posts, and ends with the same state', async () => {
  const clean = await setUpInOneGo();
  // Every room-state write of the set-up: each step, the summary and announcement messages, the pin.
  assert.equal(clean.outbox.written, 9);
  for (let n = 1; n <= clean.outbox.written; n++) {
    const h = await roomHarness();
    h.outbox.failWrite(n);
    await assert.rejects(setupChannel(h.claim(SETUP), h.room), DependencyUnavailableError, `write ${n} fails`);
    assert.equal(await setupChannel(h.claim(SETUP, 2), h.room), 'room ready');
    assert.equal(h.chat.channels.size, 1, `one channel after write ${n} failed`);
    assert.deepEqual(
      h.chat.posts.map((p) => `${p.channelId} ${p.message.kind}`),
      clean.chat.posts.map((p) => `${p.channelId} ${p.message.kind}`),
      `after write ${n} failed, the summary and the announcement are each posted once`,
    );
    // A commander assigned before the write failed needs no check on the retry, so it may not be recorded as checked.
    const { commanderChecked: _, ...steps } = JSON.parse(h.outbox.storedSetup(h.incident.id) ?? '{}') as Record<string, unknown>;
    const { commanderChecked: __, ...cleanSteps } = JSON.parse(clean.outbox.storedSetup(clean.incident.id) ?? '{}') as Record<string, unknown>;
    assert.deepEqual(steps, cleanSteps, `after write ${n} failed, every other step is recorded`);
    assert.equal((await h.store.find(h.incident.id))?.roles.commander, ON_CALL);
  }
});

test('a stakeholder channel that cannot be found is skipped, and stays skipped when the set-up runs again', async () => {
  const h = await roomHarness({ settings: { ...ROOM_SETTINGS, stakeholderChannels: ['#nowhere'] } });
  assert.equal(await setupChannel(h.claim(SETUP), h.room), 'room ready');
  assert.deepEqual((JSON.parse(h.outbox.storedSetup(h.incident.id) ?? '{}') as { skipped?: string[] }).skipped, ['announce:#nowhere']);
  const warned = () => h.log.lines.filter((l) => l.msg?.startsWith('could not announce')).length;
  assert.equal(warned(), 1);
  assert.equal(await setupChannel(h.claim(SETUP, 1, 2), h.room), 'room ready');
  assert.equal(warned(), 1, 'not tried again');
  assert.equal(h.chat.posts.length, 1, 'the summary only');
});
