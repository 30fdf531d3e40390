/**
 * `warroom serve` without any Slack credential, as `npm start` on a fresh clone: sandbox mode by
 * default, said in the first log line, on 127.0.0.1, the page answering, and a clean stop.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { freePort } from '../../src/adapters/postgres/embedded-postgres.js';
import { request, waitFor } from '../helpers/http.js';
import { spawnWarroom, stopWarroom, type WarroomProcess } from '../helpers/warroom-process.js';

let dataDir: string | null = null;
let warroom: WarroomProcess | null = null;
after(async () => {
  if (warroom) await stopWarroom(warroom);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test('without Slack credentials `serve` starts the sandbox on 127.0.0.1 and says so first', async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'warroom-sandbox-'));
  const port = await freePort();
  // WARROOM_SANDBOX empty counts as unset: the default, auto.
  const p = spawnWarroom(['serve'], { DATA_DIR: dataDir, PORT: String(port), WARROOM_SANDBOX: '' });
  warroom = p;
  await waitFor('/sandbox 200', () => request(p.base, '/sandbox'), (r) => r.status === 200, 120_000).catch((err: unknown) => {
    throw new Error(`${String(err)}\n--- output ---\n${p.output().slice(-3000)}`);
  });
  const lines = p.output().split('\n').filter((l) => l.startsWith('{'));
  const first = JSON.parse(lines[0] ?? '{}');
  assert.match(String(first.msg), /^SANDBOX MODE/, `the first log line says it is a sandbox: ${lines[0]}`);
  assert.equal(first.url, `http://127.0.0.1:${port}/sandbox`, 'and where to open it');
  assert.ok(lines.some((l) => l.includes(`"msg":"Warroom listening on http://127.0.0.1:${port}"`)), `bound to 127.0.0.1:\n${p.output().slice(-2000)}`);
  assert.equal(await stopWarroom(p), 0, `clean exit expected:\n${p.output().slice(-2000)}`);
});
