/** The periodic checks of a replica: no piled-up rounds, and shutdown waits for the round in flight (bounded). */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createTicker } from '../../src/app/ticker.js';
import { silentLogger } from '../helpers/silent-logger.js';

// The ticker's timer is unref'd (it must not keep a stopping process alive): keep the loop alive while these tests wait.
const keepAlive = setInterval(() => undefined, 50);
after(() => clearInterval(keepAlive));

function gate(): { promise: Promise<void>; open(): void } {
  let open = () => undefined as void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

test('a job whose round is still running skips the next rounds instead of piling up', async () => {
  const blocked = gate();
  let started = 0;
  const ticker = createTicker([{ name: 'slow', run: async () => (started++, blocked.promise), failureLevel: 'debug' }], 5, silentLogger());
  ticker.start();
  await new Promise((r) => setTimeout(r, 60)); // ~12 intervals pass while the first round is blocked
  assert.equal(started, 1);
  blocked.open();
  assert.equal(await ticker.stop(1000), true);
});

test('stop() waits for the round in flight before resolving (the pool closes after it)', async () => {
  const blocked = gate();
  let finished = false;
  let began = gate();
  const ticker = createTicker([{ name: 'check', run: async () => (began.open(), await blocked.promise, (finished = true)), failureLevel: 'warn' }], 1, silentLogger());
  ticker.start();
  await began.promise;
  const stopping = ticker.stop(5000);
  setTimeout(() => blocked.open(), 20);
  assert.equal(await stopping, true);
  assert.equal(finished, true, 'the round finished before stop() resolved');
  began = gate();
});

test('stop() gives up on a round that outlives the grace and says so', async () => {
  const began = gate();
  const ticker = createTicker([{ name: 'stuck', run: async () => (began.open(), new Promise(() => undefined)), failureLevel: 'warn' }], 1, silentLogger());
  ticker.start();
  await began.promise;
  assert.equal(await ticker.stop(30), false);
});

test('a failed round is logged at its level and the next round runs', async () => {
  const log = silentLogger();
  let rounds = 0;
  const ticker = createTicker([{ name: 'break-glass check', run: () => (rounds++, Promise.reject(new Error('database is unavailable'))), failureLevel: 'warn' }], 2, log);
  ticker.start();
  while (rounds < 3) await new Promise((r) => setTimeout(r, 5));
  await ticker.stop(1000);
  assert.ok(log.lines.some((l) => l.level === 'warn' && /break-glass check: a round failed/.test(l.msg ?? '')));
});
