import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createWakeableSleep } from '../../src/app/wakeable-sleep.js';

/** 'slept' if the sleep resolved before the next turn of the event loop, else 'waiting'. */
const settlesAtOnce = async (sleeping: Promise<void>) => Promise.race([sleeping.then(() => 'slept'), new Promise((r) => setImmediate(() => r('waiting')))]);

test('wake ends a running sleep', async () => {
  const idle = createWakeableSleep();
  const sleeping = idle.sleep(600_000);
  assert.equal(await settlesAtOnce(sleeping), 'waiting', 'asleep before the wake');
  idle.wake();
  assert.equal(await settlesAtOnce(sleeping), 'slept', 'the wake ended it');
});

test('a wake while awake makes the next sleep return at once, once', async () => {
  const idle = createWakeableSleep();
  idle.wake();
  assert.equal(await settlesAtOnce(idle.sleep(600_000)), 'slept', 'the pending wake is not lost');
  const second = idle.sleep(600_000);
  assert.equal(await settlesAtOnce(second), 'waiting', 'it is used up');
  idle.cancel();
  assert.equal(await settlesAtOnce(second), 'slept', 'cancel ends a running sleep');
});

test('cancel with no sleep running leaves nothing behind', async () => {
  const idle = createWakeableSleep();
  idle.cancel();
  const sleeping = idle.sleep(600_000);
  assert.equal(await settlesAtOnce(sleeping), 'waiting', 'the next sleep still sleeps');
  idle.wake();
  await sleeping;
});
