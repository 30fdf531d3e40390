#!/usr/bin/env node
/**
 * `npm test` after the build: `npm run lint` and `npm run test:only` side by side, failing if either
 * fails. The test files spend most of their time waiting (on PostgreSQL, fakes, retries), using about
 * half of the two cores, so the minute of type-aware lint fits beside them instead of before them.
 * Lint's output is held until it ends, so it never lands in the middle of the test report.
 *
 * Plain JavaScript: it runs before anything is compiled.
 */
import { spawn } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs `npm run <script>`; resolves with its exit code and, when `hold`, its output. */
function run(script, hold) {
  return new Promise((resolve) => {
    const child = spawn(npm, ['run', '--silent', script], { stdio: hold ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

const lint = run('lint', true);
const tests = await run('test:only', false);
const linted = await lint;
process.stdout.write(`\n--- npm run lint (ran beside the tests): ${linted.code === 0 ? 'passed' : `FAILED (exit ${linted.code})`}\n${linted.output}`);
if (tests.code !== 0) console.error(`npm run test:only failed (exit ${tests.code})`);
process.exit(tests.code !== 0 ? tests.code : linted.code);
