/**
 * `npm test` reports every test that ran, and a file that leaves a handle open fails by name instead
 * of hanging. With `--test-force-exit` (what `npm test` used before) a file's tail of passing results
 * could vanish from the report at exit 0 (nodejs/node#64833): the 2 000-test fixture came back as 1 997.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { SOURCE_EXTENSION } from '../helpers/warroom-cli-entry.js';
import { REPO_ROOT } from '../helpers/warroom-process.js';
import { describeHandles } from './lingering-handles.js';
import { runnerFlags } from './runner-flags.js';

function runFixture(file: string, env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [...runnerFlags(), file], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    timeout: 120_000,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { ...run, output: `${run.stdout}\n${run.stderr}` };
}

/** Passing results of tests named `quick <n>`, in TAP (Node 20/22) or spec (Node 24). */
function quickPasses(output: string): number {
  return output.match(/^\s*(ok \d+ - |✔ )quick \d+/gm)?.length ?? 0;
}

test('npm test does not use --test-force-exit (it drops results: nodejs/node#64833)', () => {
  assert.ok(!runnerFlags().includes('--test-force-exit'), runnerFlags().join(' '));
  assert.ok(runnerFlags().includes(`./test/runner/lingering-handles${SOURCE_EXTENSION}`), 'the lingering-handle guard is preloaded');
});

test('every one of 2 000 quick tests is reported, three runs in a row', () => {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const run = runFixture(`test/fixtures/runner/clean.fixture${SOURCE_EXTENSION}`);
    assert.equal(run.signal, null, run.output.slice(-2000));
    assert.equal(run.status, 0, run.output.slice(-2000));
    assert.equal(quickPasses(run.output), 2000, `run ${attempt}`);
  }
});

test('a file that leaves a server listening fails, names the server, and still reports all its tests', () => {
  const run = runFixture(`test/fixtures/runner/leaky-server.fixture${SOURCE_EXTENSION}`, { WARROOM_TEST_EXIT_GRACE_MS: '1000' });
  assert.equal(run.signal, null, `killed instead of ending by itself:\n${run.output}`);
  assert.notEqual(run.status, 0, run.output);
  assert.match(run.output, /every test has ended, but the process is still alive 1000 ms later/);
  assert.match(run.output, /Server listening on \{"address":"127\.0\.0\.1","family":"IPv4","port":\d+\}/);
  assert.equal(quickPasses(run.output), 50, run.output);
});

test('handles are described by what they are bound to; the runner pipes are left out', () => {
  const described = describeHandles([
    { fd: 1, constructor: { name: 'Pipe' } },
    { constructor: { name: 'Socket' }, remoteAddress: '127.0.0.1', remotePort: 5432, localPort: 40000 },
    { constructor: { name: 'Timeout' }, _onTimeout: function tick() { return 1; } },
  ]);
  assert.equal(described.length, 2, described.join('\n'));
  assert.equal(described[0], 'Socket to 127.0.0.1:5432 (local port 40000)');
  // The timer's callback source, as the loader compiled it, says what it was for.
  assert.match(described[1] ?? '', /^Timeout: function tick\(\) ?\{/);
});
