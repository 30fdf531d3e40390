/**
 * Stopping the embedded PostgreSQL after it died from outside (OOM killer, an operator's kill):
 * stop() returns. The package waits for the child's 'exit' event, which had already fired, so the
 * promise never settled and a shutting-down Warroom ended with exit code 13 and no last log line.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startEmbeddedPostgres } from '../../src/adapters/postgres/embedded-postgres.js';
import { settledWithin } from '../../src/app/settled-within.js';
import { silentLogger } from '../helpers/silent-logger.js';

let dir = '';
after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('stop() returns when the postmaster was already killed', async () => {
  dir = await mkdtemp(join(tmpdir(), 'warroom-embedded-stop-'));
  const server = await startEmbeddedPostgres({ dataDir: dir, log: silentLogger() });
  const pid = Number(readFileSync(join(dir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
  process.kill(pid, 'SIGKILL');
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  while (alive()) await new Promise((r) => setTimeout(r, 20));
  // Let the child's 'exit' event fire first, as it does when the database dies long before shutdown.
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(await settledWithin([server.stop()], 10_000), true, 'stop() settled');
});
