/** The lifecycle of the composition root: start in order, stop in reverse, every stop bounded, one stop however often asked. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLifecycle, type Component, type LifecycleOptions } from '../../src/app/lifecycle.js';
import { StartupStoppedError } from '../../src/app/retry-startup-step.js';
import { silentLogger, type RecordingLogger } from '../helpers/silent-logger.js';

/** Any failure is final at once (the budget is spent), so a failing start is not retried for seconds. */
function lifecycleFor(log: RecordingLogger, extra: Partial<LifecycleOptions> = {}) {
  return createLifecycle({ log, graceMs: 5_000, retry: { isOutage: () => false, giveUpAt: 0 }, ...extra });
}

/** A component that writes `start <name>` and `stop <name>` to `events`. */
function recorded(events: string[], name: string, parts: { start?: boolean; failStart?: boolean } = {}): Component {
  const start = parts.start ?? true;
  return {
    name,
    ...(start
      ? {
          start: () => {
            events.push(`start ${name}`);
            if (parts.failStart) throw new Error(`${name} refused`);
          },
        }
      : {}),
    stop: () => {
      events.push(`stop ${name}`);
      return Promise.resolve();
    },
  };
}

test('components start in the order they were added and stop in reverse', async () => {
  const log = silentLogger();
  const events: string[] = [];
  const lifecycle = lifecycleFor(log);
  for (const name of ['database', 'job queue', 'room worker']) lifecycle.add(recorded(events, name));
  await lifecycle.start();
  await lifecycle.stop();
  assert.deepEqual(events, ['start database', 'start job queue', 'start room worker', 'stop room worker', 'stop job queue', 'stop database']);
  assert.equal(log.lines.at(-1)?.msg, 'stopped');
});

test('a start that fails for good stops what already runs (itself included), never what did not start, then rethrows', async () => {
  const log = silentLogger();
  const events: string[] = [];
  const failures: string[] = [];
  const lifecycle = lifecycleFor(log, { onStartFailed: (err) => failures.push(`${(err as Error).message} (said before stopping: ${events.length} events)`) });
  lifecycle.add(recorded(events, 'database', { start: false }));
  lifecycle.add(recorded(events, 'job queue'));
  lifecycle.add(recorded(events, 'Slack connection', { failStart: true }));
  lifecycle.add(recorded(events, 'ready'));
  lifecycle.add(recorded(events, 'requests', { start: false }));
  await assert.rejects(lifecycle.start(), /Slack connection failed: Slack connection refused/);
  assert.deepEqual(events, ['start job queue', 'start Slack connection', 'stop requests', 'stop Slack connection', 'stop job queue', 'stop database']);
  assert.deepEqual(failures, ['Slack connection failed: Slack connection refused (said before stopping: 2 events)']);
  assert.equal(lifecycle.stopping(), true);
});

test('a stop that hangs is given up after the grace; the next ones still run, and the one with a grace of its own gets it whole', async () => {
  const log = silentLogger();
  const events: string[] = [];
  let clock = 0;
  const lifecycle = lifecycleFor(log, { graceMs: 30, now: () => clock });
  const bounds: number[] = [];
  lifecycle.add({ name: 'database', ownGraceMs: 1_000, stop: (withinMs) => (bounds.push(withinMs), events.push('stop database'), Promise.resolve()) });
  lifecycle.add(recorded(events, 'job queue', { start: false }));
  lifecycle.add({
    name: 'room worker',
    // Never settles (a database that is down), and the clock moves past the shared grace meanwhile.
    stop: (withinMs) => (bounds.push(withinMs), events.push('stop room worker'), (clock = 100), new Promise(() => undefined)),
  });
  await lifecycle.stop();
  assert.deepEqual(events, ['stop room worker', 'stop job queue', 'stop database']);
  assert.deepEqual(bounds, [30, 1_000], 'the hanging stop had the shared grace; the database its own');
  assert.ok(log.lines.some((l) => l.level === 'warn' && l.msg === 'stopping: room worker did not finish within the shutdown grace; left to its lease'));
});

test('a stop that throws is logged and the ones after it still run', async () => {
  const log = silentLogger();
  const events: string[] = [];
  const lifecycle = lifecycleFor(log);
  lifecycle.add(recorded(events, 'database', { start: false }));
  lifecycle.add({ name: 'Socket Mode', stop: () => Promise.reject(new Error('socket already closed')) });
  await lifecycle.stop();
  assert.deepEqual(events, ['stop database']);
  assert.ok(log.lines.some((l) => l.level === 'warn' && l.msg === 'stopping: Socket Mode failed'));
});

test('stop is idempotent: every call returns the one stop, each component stops once, beforeStop runs once', async () => {
  const log = silentLogger();
  const events: string[] = [];
  let delays = 0;
  const lifecycle = lifecycleFor(log, { beforeStop: () => (delays++, Promise.resolve()) });
  lifecycle.add(recorded(events, 'database'));
  await lifecycle.start();
  const first = lifecycle.stop();
  assert.equal(lifecycle.stop(), first);
  await first;
  await lifecycle.stop();
  assert.deepEqual(events, ['start database', 'stop database']);
  assert.equal(delays, 1);
  assert.equal(log.lines.filter((l) => l.msg === 'stopped').length, 1);
});

test('a stop during start-up ends it with StartupStoppedError: the rest never starts, what started is stopped', async () => {
  const log = silentLogger();
  const events: string[] = [];
  const lifecycle = lifecycleFor(log);
  let stopping: Promise<void> = Promise.resolve();
  lifecycle.add(recorded(events, 'database'));
  lifecycle.add({ name: 'migrations', start: () => (events.push('start migrations'), (stopping = lifecycle.stop())) });
  lifecycle.add(recorded(events, 'job queue'));
  await assert.rejects(lifecycle.start(), StartupStoppedError);
  await stopping;
  assert.deepEqual(events, ['start database', 'start migrations', 'stop database']);
});
