import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { freePort } from '../../src/adapters/postgres/embedded-postgres.js';
import { request, waitFor } from '../helpers/http.js';
import { spawnWarroom, stopWarroom, type WarroomProcess } from '../helpers/warroom-process.js';

const TOKEN = 'restart-test-token';
let dataDir: string | null = null;
const running: WarroomProcess[] = [];
after(async () => {
  for (const p of running) await stopWarroom(p);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

// The quick-start path: `npm start` with no environment but a data directory and a port.
async function start(port: number): Promise<WarroomProcess> {
  const p = spawnWarroom(['serve'], { DATA_DIR: dataDir ?? '', PORT: String(port), HOST: '127.0.0.1', WARROOM_API_TOKEN: TOKEN }, 'bin');
  running.push(p);
  await waitFor('/readyz 200', () => request(p.base, '/readyz'), (r) => r.status === 200, 120_000).catch((err: unknown) => {
    throw new Error(`${String(err)}\n--- output ---\n${p.output().slice(-3000)}`);
  });
  return p;
}

test('an incident written before a restart is returned after it (embedded PostgreSQL in DATA_DIR)', async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'warroom-restart-'));
  const port = await freePort();

  const first = await start(port);
  assert.match(first.output(), /Slack is off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET/);
  const created = await request(first.base, '/api/incidents', { method: 'POST', token: TOKEN, body: JSON.stringify({ title: 'Survives restarts', severity: 'SEV1' }) });
  assert.equal(created.status, 201, created.text);
  assert.equal(await stopWarroom(first), 0, `clean exit expected:\n${first.output().slice(-2000)}`);

  const second = await start(port);
  const list = await request(second.base, '/api/incidents', { token: TOKEN });
  assert.equal(list.status, 200);
  const found = list.json.incidents.find((i: { ref: string }) => i.ref === created.json.ref);
  assert.ok(found, `expected ${created.json.ref} after the restart, got ${JSON.stringify(list.json)}`);
  assert.equal(found.title, 'Survives restarts');
  assert.equal(found.severity, 'SEV1');
  assert.equal(await stopWarroom(second), 0);
});

test('after SIGKILL the next start adopts the running embedded PostgreSQL and stops it on a clean exit', async () => {
  const { readFile } = await import('node:fs/promises');
  const dir = await mkdtemp(join(tmpdir(), 'warroom-kill9-'));
  try {
    const port = await freePort();
    const env = { DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1', WARROOM_API_TOKEN: TOKEN };
    const first = spawnWarroom(['serve'], env);
    running.push(first);
    await waitFor('/readyz 200', () => request(first.base, '/readyz'), (r) => r.status === 200, 60_000);
    const created = await request(first.base, '/api/incidents', { method: 'POST', token: TOKEN, body: JSON.stringify({ title: 'Written before kill -9' }) });
    assert.equal(created.status, 201);
    first.child.kill('SIGKILL');
    await first.exited;
    const pid = Number((await readFile(join(dir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
    assert.doesNotThrow(() => process.kill(pid, 0), 'the orphaned server is still running');

    const second = spawnWarroom(['serve'], env);
    running.push(second);
    await waitFor('/readyz 200 again', () => request(second.base, '/readyz'), (r) => r.status === 200, 60_000);
    assert.match(second.output(), /adopting an embedded PostgreSQL/);
    const found = await request(second.base, `/api/incidents/${created.json.ref}`, { token: TOKEN });
    assert.equal(found.status, 200);
    assert.equal(found.json.title, 'Written before kill -9');
    assert.equal(await stopWarroom(second), 0);
    assert.throws(() => process.kill(pid, 0), 'the adopted server is stopped on a clean exit');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
