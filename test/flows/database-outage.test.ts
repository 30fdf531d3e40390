import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { freePort } from '../../src/adapters/postgres/embedded-postgres.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { request, waitFor } from '../helpers/http.js';
import { alertmanagerDelivery } from '../helpers/provider-payloads.js';
import { spawnWarroom, stopWarroom, type WarroomProcess } from '../helpers/warroom-process.js';

const TOKEN = 'outage-test-token';
let db: TestDatabase;
let bot: WarroomProcess;
let alert = '';
let retried: { status: number } | null = null;

before(async () => {
  db = await createTestDatabase({ migrate: false });
  const port = await freePort();
  bot = spawnWarroom(['serve'], { DATABASE_URL: db.url, PORT: String(port), HOST: '127.0.0.1', WARROOM_API_TOKEN: TOKEN, ALERTMANAGER_WEBHOOK_TOKEN: TOKEN, LOG_LEVEL: 'debug' });
});
after(async () => {
  await stopWarroom(bot);
  await db.close();
});

const declare = (title: string) =>
  request(bot.base, '/api/incidents', { method: 'POST', token: TOKEN, body: JSON.stringify({ title }) });

test('the bot survives its database going away and recovers without a restart', { skip: process.env.TEST_DATABASE_URL ? 'needs the embedded server to stop and start it' : false }, async () => {
  const server = db.server;
  assert.ok(server);
  await waitFor('ready', () => request(bot.base, '/readyz'), (r) => r.status === 200, 120_000);
  assert.equal((await declare('before the outage')).status, 201);

  await server.stop();
  const down = await waitFor('503 while the database is down', () => request(bot.base, '/readyz'), (r) => r.status === 503);
  assert.equal(down.json.dependencies.database.state, 'down');
  const refused = await declare('during the outage');
  assert.equal(refused.status, 503, 'a write that cannot be stored is refused with 503, so the sender retries');
  assert.ok(refused.headers.get('retry-after'));
  alert = JSON.stringify(alertmanagerDelivery({ groupKey: 'outage', alerts: [{ fingerprint: 'f1', status: 'firing', labels: { alertname: 'DuringOutage' } }] }));
  const hook = await request(bot.base, '/webhooks/alertmanager', { method: 'POST', token: TOKEN, body: alert });
  assert.equal(hook.status, 503, 'a webhook that cannot be stored gets 503 so the sender retries');
  assert.equal((await request(bot.base, '/healthz')).status, 200, 'the process lives');
  // Stay down a while: pools and the job queue keep failing in the background meanwhile.
  await new Promise((r) => setTimeout(r, 3000));
  assert.ok(bot.alive(), `the process exited during the outage:\n${bot.output()}`);

  await server.start();
  await waitFor('200 after the database returns', () => request(bot.base, '/readyz'), (r) => r.status === 200, 30_000);
  const created = await waitFor('a write succeeds again', () => declare('after the outage'), (r) => r.status === 201, 30_000);
  const list = await request(bot.base, '/api/incidents', { token: TOKEN });
  const titles = list.json.incidents.map((i: { title: string }) => i.title);
  assert.deepEqual(titles.sort(), ['after the outage', 'before the outage'], 'the refused write left nothing behind');
  assert.equal(created.json.title, 'after the outage');
  // The sender's retry after the outage is stored (202); whether it becomes an incident is the next test.
  retried = await request(bot.base, '/webhooks/alertmanager', { method: 'POST', token: TOKEN, body: alert });
  assert.equal(retried.status, 202);
  assert.ok(bot.alive());
});

// The stored row is the attach queue's entry: the attach worker finds it once the database is back.
test('the retried alert becomes an incident after the outage', async () => {
  assert.equal(retried?.status, 202, 'the retry was stored');
  await waitFor('the retried alert becomes an incident', () => request(bot.base, '/api/incidents', { token: TOKEN }), (r) => r.json.incidents.some((i: { title: string }) => i.title === 'DuringOutage'), 60_000).catch((err: unknown) => {
    throw new Error(`${String(err)}\n--- bot output ---\n${bot.output().slice(-4000)}`);
  });
  assert.equal(await stopWarroom(bot), 0, `clean exit expected:\n${bot.output().slice(-2000)}`);
});
