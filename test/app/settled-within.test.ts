/** The bound every shutdown step and ticker round waits with. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { settledWithin } from '../../src/app/settled-within.js';

test('settledWithin: true when all settle in time (rejections count as settled), false otherwise', async () => {
  assert.equal(await settledWithin([Promise.resolve(1), Promise.reject(new Error('x'))], 100), true);
  assert.equal(await settledWithin([new Promise(() => undefined)], 10), false);
});
