/** Who owns a DATA_DIR's embedded PostgreSQL: one live process at a time, a dead one's place is taken. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { claimOwnership, liveOwner, OWNER_FILE } from '../../src/adapters/postgres/embedded-postgres-owner.js';

const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});
async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'warroom-owner-'));
  dirs.push(dir);
  return dir;
}

/** The pid of a process that has exited (and not yet been reused). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => child.once('exit', r));
  assert.ok(child.pid !== undefined);
  return child.pid;
}

test('the first claim owns; while its owner lives, others are guests; released, it can be claimed again', async () => {
  const dir = await dataDir();
  const first = await claimOwnership(dir);
  assert.equal(first.owner, true);
  assert.deepEqual(await claimOwnership(dir), { owner: false, by: process.pid });
  assert.equal(await liveOwner(dir), process.pid);
  if (first.owner) await first.release();
  assert.equal(await liveOwner(dir), null);
  assert.equal((await claimOwnership(dir)).owner, true);
});

test('claims at the same moment: exactly one owner, on an empty DATA_DIR and over a dead owner', async () => {
  const empty = await dataDir();
  const onEmpty = await Promise.all(Array.from({ length: 8 }, () => claimOwnership(empty)));
  assert.equal(onEmpty.filter((c) => c.owner).length, 1);

  const orphaned = await dataDir();
  await writeFile(join(orphaned, OWNER_FILE), JSON.stringify({ pid: await deadPid(), startedAt: null }));
  const overDead = await Promise.all(Array.from({ length: 8 }, () => claimOwnership(orphaned)));
  assert.equal(overDead.filter((c) => c.owner).length, 1, 'one newcomer adopts');
  assert.equal(JSON.parse(await readFile(join(orphaned, OWNER_FILE), 'utf8')).pid, process.pid);
});

test('a dead owner, or a live pid that started at another time (a reused pid), is replaced', async () => {
  const dir = await dataDir();
  await writeFile(join(dir, OWNER_FILE), JSON.stringify({ pid: await deadPid(), startedAt: null }));
  assert.equal(await liveOwner(dir), null);
  assert.equal((await claimOwnership(dir)).owner, true);

  const reused = await dataDir();
  await writeFile(join(reused, OWNER_FILE), JSON.stringify({ pid: process.pid, startedAt: '1' }));
  assert.equal(await liveOwner(reused), null, 'this process did not start at tick 1');
  assert.equal((await claimOwnership(reused)).owner, true);
});
