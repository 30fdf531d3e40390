/**
 * The CLI beside a running `warroom serve` on the embedded PostgreSQL (DATA_DIR, no DATABASE_URL):
 * exactly one process owns the server; the others connect to it and leave it running.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { freePort } from '../../src/adapters/postgres/embedded-postgres.js';
import { isAlive, OWNER_FILE } from '../../src/adapters/postgres/embedded-postgres-owner.js';
import { request, waitFor } from '../helpers/http.js';
import { spawnWarroom, stopWarroom, type WarroomProcess } from '../helpers/warroom-process.js';

const TOKEN = 'cli-beside-server-token';
const running: WarroomProcess[] = [];
const dirs: string[] = [];
after(async () => {
  for (const p of running) await stopWarroom(p);
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function serve(dataDir: string): Promise<WarroomProcess> {
  const p = spawnWarroom(['serve'], { DATA_DIR: dataDir, PORT: String(await freePort()), HOST: '127.0.0.1', WARROOM_API_TOKEN: TOKEN });
  running.push(p);
  return p;
}

async function ready(p: WarroomProcess): Promise<void> {
  await waitFor('/readyz 200', () => request(p.base, '/readyz'), (r) => r.status === 200, 120_000).catch((err: unknown) => {
    throw new Error(`${String(err)}\n--- output ---\n${p.output().slice(-3000)}`);
  });
}

async function declare(p: WarroomProcess, title: string): Promise<string> {
  const created = await request(p.base, '/api/incidents', { method: 'POST', token: TOKEN, body: JSON.stringify({ title, severity: 'SEV2' }) });
  assert.equal(created.status, 201, `${created.text}\n--- output ---\n${p.output().slice(-3000)}`);
  return created.json.ref as string;
}

async function cli(args: string[], dataDir: string): Promise<{ code: number | string; output: string }> {
  const p = spawnWarroom(args, { DATA_DIR: dataDir });
  const code = await p.exited;
  return { code, output: p.output() };
}

const postmasterPid = async (dataDir: string): Promise<number> => Number((await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);

test('postmortem and migrate beside a running serve leave its database running; the server stays ready', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'warroom-cli-beside-'));
  dirs.push(dataDir);
  const server = await serve(dataDir);
  await ready(server);
  const ref = await declare(server, 'Checkout is down');
  const postmaster = await postmasterPid(dataDir);

  const postmortem = await cli(['postmortem', ref], dataDir);
  assert.equal(postmortem.code, 0, postmortem.output);
  assert.match(postmortem.output, new RegExp(`^# ${ref}: Checkout is down$`, 'm'));
  const migrate = await cli(['migrate'], dataDir);
  assert.equal(migrate.code, 0, migrate.output);
  assert.match(migrate.output, /^Database is up to date\.$/m);

  assert.ok(isAlive(postmaster), 'the server’s PostgreSQL still runs after both commands');
  const readyz = await request(server.base, '/readyz');
  assert.equal(readyz.status, 200, readyz.text);
  await declare(server, 'Declared after the CLI ran');
  for (const run of [postmortem, migrate]) assert.match(run.output, /connecting to the embedded PostgreSQL another Warroom process runs/);

  // The owner still stops its own server on a clean exit, and leaves no owner behind.
  assert.equal(await stopWarroom(server), 0, server.output().slice(-3000));
  assert.ok(!isAlive(postmaster), 'the owner stopped its PostgreSQL');
  assert.ok(!existsSync(join(dataDir, OWNER_FILE)), 'the owner file is removed on a clean exit');
});

test('two serves started at once on one DATA_DIR: one owns the database, the other connects; stopping the guest leaves it running', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'warroom-two-serves-'));
  dirs.push(dataDir);
  const [first, second] = await Promise.all([serve(dataDir), serve(dataDir)]);
  await Promise.all([ready(first), ready(second)]);
  const started = [first, second].filter((p) => p.output().includes('embedded PostgreSQL started'));
  const guests = [first, second].filter((p) => p.output().includes('connecting to the embedded PostgreSQL another Warroom process runs'));
  assert.equal(started.length, 1, `exactly one started the server:\n${first.output().slice(-2000)}\n---\n${second.output().slice(-2000)}`);
  assert.equal(guests.length, 1, 'the other connected to it');
  const [owner] = started;
  const [guest] = guests;
  assert.ok(owner && guest);

  const postmaster = await postmasterPid(dataDir);
  assert.equal(await stopWarroom(guest), 0, guest.output().slice(-3000));
  assert.ok(isAlive(postmaster), 'a guest leaves the server running');
  assert.equal((await request(owner.base, '/readyz')).status, 200);
  await declare(owner, 'Still served by the owner');
  assert.equal(await stopWarroom(owner), 0, owner.output().slice(-3000));
  assert.ok(!isAlive(postmaster), 'the owner stopped it');
});
