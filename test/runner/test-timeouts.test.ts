/**
 * `npm test` cannot hang: a stuck test fails within its timeout, and the output names it. A handle the
 * stuck test leaves open (its interval) kept the file's process alive until `--test-timeout` (10 min in
 * `npm test`) on Node 20, 22 and 24 alike; the lingering-handle guard (test/runner/lingering-handles.ts)
 * ends it once its tests and hooks are done.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { SOURCE_EXTENSION } from '../helpers/warroom-cli-entry.js';
import { REPO_ROOT } from '../helpers/warroom-process.js';
import { runnerFlags } from './runner-flags.js';

test('a hanging test fails within the default timeout and is named, with the runner flags npm test uses', () => {
  const started = Date.now();
  const run = spawnSync(
    process.execPath,
    [...runnerFlags(), `test/fixtures/runner/hanging.fixture${SOURCE_EXTENSION}`],
    { cwd: REPO_ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', WARROOM_TEST_TIMEOUT_MS: '1500', WARROOM_TEST_EXIT_GRACE_MS: '1000' },
      // SIGKILL: the runner catches SIGTERM and exits with a status, which would hide the hang.
      timeout: 50_000, killSignal: 'SIGKILL' },
  );
  const output = `${run.stdout}\n${run.stderr}`;
  assert.equal(run.signal, null, `the run was killed after ${Date.now() - started} ms instead of ending by itself:\n${output}`);
  assert.notEqual(run.status, 0, output);
  // TAP (Node 20 and 22 off a terminal) or spec (Node 24's default everywhere).
  assert.match(output, /(not ok \d+ - |✖ )never finishes[\s\S]*test timed out after 1500ms/, output);
  assert.match(output, /(^ok \d+ - |✔ )finishes at once/m, output);
});

test('a test that sets its own timeout keeps it', async () => {
  const { withDefaultTimeout } = await import('./test-timeouts.js');
  const seen: unknown[][] = [];
  const register = (...args: unknown[]) => seen.push(args);
  const fn = () => undefined;
  withDefaultTimeout(register, 5, 'test')('own', { timeout: 99 }, fn);
  withDefaultTimeout(register, 5, 'test')('plain', fn);
  withDefaultTimeout(register, 5, 'test')(fn);
  withDefaultTimeout(register, 5, 'hook')(fn);
  assert.deepEqual(seen, [['own', { timeout: 99 }, fn], ['plain', { timeout: 5 }, fn], [{ timeout: 5 }, fn], [fn, { timeout: 5 }]]);
});
