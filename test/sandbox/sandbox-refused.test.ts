/**
 * The sandbox answers without authentication, so `WARROOM_SANDBOX=auto` must not start it on a
 * production database: a `serve` with DATABASE_URL and no Slack credential runs with Slack off,
 * /sandbox is 404, and one log line says why and how to force it.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { freePort } from '../../src/adapters/postgres/embedded-postgres.js';
import { request, waitFor } from '../helpers/http.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { spawnWarroom, stopWarroom, type WarroomProcess } from '../helpers/warroom-process.js';

let db: TestDatabase;
let bot: WarroomProcess;
before(async () => {
  db = await createTestDatabase({ migrate: false });
  // WARROOM_SANDBOX empty counts as unset: the default, auto.
  bot = spawnWarroom(['serve'], { DATABASE_URL: db.url, PORT: String(await freePort()), HOST: '127.0.0.1', WARROOM_SANDBOX: '' });
});
after(async () => {
  await stopWarroom(bot);
  await db.close();
});

test('auto with DATABASE_URL and no Slack credential: no sandbox (404), Slack off, one line saying why and how to force it', async () => {
  await waitFor('ready', () => request(bot.base, '/readyz'), (r) => r.status === 200, 120_000).catch((err: unknown) => {
    throw new Error(`${String(err)}\n--- output ---\n${bot.output().slice(-3000)}`);
  });
  for (const path of ['/sandbox', '/sandbox/state', '/sandbox/api/chat.postMessage']) {
    const answer = await request(bot.base, path);
    assert.equal(answer.status, 404, `${path}: ${answer.status} ${answer.text.slice(0, 200)}`);
  }
  const refused = await request(bot.base, '/slack/events', { method: 'POST', body: 'command=%2Fincident', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(refused.status, 401, 'Slack is off: /slack/events refuses');
  const lines = bot.output().split('\n');
  const why = lines.filter((l) => l.includes('sandbox not started'));
  assert.equal(why.length, 1, `one line says why:\n${bot.output().slice(-3000)}`);
  assert.match(why[0] ?? '', /DATABASE_URL/, 'names the reason');
  assert.match(why[0] ?? '', /WARROOM_SANDBOX=on/, 'says how to force it');
  assert.ok(!lines.some((l) => l.includes('SANDBOX MODE')), 'the sandbox never announced itself');
  assert.ok(lines.some((l) => l.includes('Slack is off')), 'the usual "Slack is off" line');
});
