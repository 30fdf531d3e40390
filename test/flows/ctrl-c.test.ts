/**
 * Ctrl-C at the terminal: the shell runs `warroom serve` as a process group and the terminal sends
 * SIGINT to the whole group. The embedded PostgreSQL must not get it: Warroom drains its requests
 * and workers first and stops the database last.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { freePort } from '../../src/adapters/postgres/embedded-postgres.js';
import { isAlive } from '../../src/adapters/postgres/embedded-postgres-owner.js';
import { request, waitFor } from '../helpers/http.js';
import { spawnWarroom, stopWarroom, type WarroomProcess } from '../helpers/warroom-process.js';

const TOKEN = 'ctrl-c-test-token';
let warroom: WarroomProcess | null = null;
let dataDir: string | null = null;
after(async () => {
  if (warroom) await stopWarroom(warroom);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test('Ctrl-C (SIGINT to the process group): Warroom drains with its database up, stops it last and exits 0', async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'warroom-ctrl-c-'));
  const env = { DATA_DIR: dataDir, PORT: String(await freePort()), HOST: '127.0.0.1', WARROOM_API_TOKEN: TOKEN, SHUTDOWN_DELAY_SECONDS: '1' };
  const p = spawnWarroom(['serve'], env, 'source', { groupLeader: true });
  warroom = p;
  await waitFor('/readyz 200', () => request(p.base, '/readyz'), (r) => r.status === 200, 120_000).catch((err: unknown) => {
    throw new Error(`${String(err)}\n--- output ---\n${p.output().slice(-3000)}`);
  });
  const created = await request(p.base, '/api/incidents', { method: 'POST', token: TOKEN, body: JSON.stringify({ title: 'Declared before Ctrl-C' }) });
  assert.equal(created.status, 201, created.text);
  const postmaster = Number((await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
  assert.ok(p.child.pid !== undefined);

  process.kill(-p.child.pid, 'SIGINT');
  // SHUTDOWN_DELAY_SECONDS: still serving while /readyz says 503; requests there need the database.
  await waitFor('the shutdown delay', () => Promise.resolve(p.output()), (out) => /answers 503 while requests are still served/.test(out), 10_000);
  assert.ok(isAlive(postmaster), `the database is up while Warroom drains:\n${p.output().slice(-2000)}`);
  const during = await request(p.base, `/api/incidents/${created.json.ref}`, { token: TOKEN });
  assert.equal(during.status, 200, `served from the database during the drain: ${during.text}`);

  const code = await Promise.race([p.exited, new Promise((r) => setTimeout(() => r('still running after 30 s'), 30_000).unref())]);
  assert.equal(code, 0, p.output().slice(-3000));
  const lines = p.output().trim().split('\n');
  assert.match(lines.at(-2) ?? '', /"msg":"stopped"/, 'the drain finished');
  assert.match(lines.at(-1) ?? '', /"exitCode":0,"msg":"exiting"/, 'the last line says it ends, and how');
  assert.deepEqual(lines.filter((l) => /"level":"(error|fatal)"/.test(l)), [], 'no errors while stopping');
  assert.ok(!isAlive(postmaster), 'Warroom stopped its database on the way out');
});
