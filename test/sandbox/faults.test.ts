/**
 * The fault rules every simulation shares (src/sandbox/faults.ts): the Slack workspace and the
 * tests' provider fakes inject faults through them, so their order and counting are pinned here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFaultRules, type InjectedFault } from '../../src/sandbox/faults.js';

void test("a key's own script wins over '*', counts down and then lets calls through", () => {
  const faults = createFaultRules();
  faults.failNext('*', { status: 500, count: 1 });
  faults.failNext('chat.postMessage', { status: 503, count: 2, body: 'down' });
  assert.deepEqual(faults.take('chat.postMessage'), { kind: 'fail', status: 503, body: 'down', json: false });
  assert.deepEqual(faults.take('chat.postMessage'), { kind: 'fail', status: 503, body: 'down', json: false });
  assert.deepEqual(faults.take('chat.postMessage'), { kind: 'fail', status: 500, body: undefined, json: true }, "then '*' applies");
  assert.equal(faults.take('chat.postMessage'), null);
  faults.failNext('x', { status: 502, count: 3 });
  faults.failNext('x', { status: 502, count: 0 });
  assert.equal(faults.take('x'), null, 'a count of 0 clears the script');
});

void test('afterApplying marks only its own key as losing the answer', () => {
  const faults = createFaultRules();
  faults.failNext('views.open', { status: 500, afterApplying: true });
  faults.failNext('*', { status: 500, afterApplying: true });
  assert.equal(faults.losesAnswer('views.open'), true);
  assert.equal(faults.losesAnswer('chat.update'), false);
});

void test('rate limits draw Retry-After from the seed: the same seed replays the same run, reset() restarts it', () => {
  const run = (faults: ReturnType<typeof createFaultRules>): (InjectedFault | null)[] => {
    faults.rateLimit('*', { retryAfterSeconds: 1, maxRetryAfterSeconds: 30, probability: 0.5, count: 5 });
    return Array.from({ length: 20 }, () => faults.take('conversations.create'));
  };
  const a = createFaultRules({ seed: 7 });
  const first = run(a);
  assert.deepEqual(run(createFaultRules({ seed: 7 })), first);
  assert.equal(first.filter((f) => f !== null).length, 5, 'count limits the 429s');
  for (const f of first) if (f !== null) assert.ok(f.kind === 'rate_limited' && f.retryAfterSeconds >= 1 && f.retryAfterSeconds <= 30);
  a.reset();
  assert.deepEqual(run(a), first);
  assert.throws(() => a.rateLimit('x', { retryAfterSeconds: 1.5 }), /whole number/);
});

void test('a quota answers 429 for the rest of its window once used up; scripted failures do not use it', () => {
  const faults = createFaultRules();
  faults.quota('conversations.create', { calls: 2, windowSeconds: 60 });
  faults.failNext('conversations.create', { status: 503 });
  assert.equal(faults.take('conversations.create')?.kind, 'fail');
  assert.equal(faults.take('conversations.create'), null);
  assert.equal(faults.take('conversations.create'), null);
  const limited = faults.take('conversations.create');
  assert.ok(limited?.kind === 'rate_limited' && limited.retryAfterSeconds >= 59 && limited.retryAfterSeconds <= 60, JSON.stringify(limited));
  faults.clearQuota();
  assert.equal(faults.take('conversations.create'), null);
});

void test('latency is held back per call and restored by reset()', () => {
  const faults = createFaultRules({ latencyMs: 5 });
  faults.setLatency(-3);
  assert.equal(faults.latencyMs, 0);
  faults.setLatency(40);
  faults.reset();
  assert.equal(faults.latencyMs, 5);
});
