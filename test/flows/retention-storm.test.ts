/**
 * The retention job beside a webhook storm: a running Warroom prunes a backlog of expired rows
 * every few milliseconds while a few hundred Alertmanager deliveries arrive through HTTP. Every
 * delivery is stored and attached, no alert or incident is lost, and the backlog is gone.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startWarroom, type RunningWarroom } from '../../src/main.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { testConfig } from '../helpers/test-config.js';
import { request, waitFor, type Answer } from '../helpers/http.js';
import { alertmanagerDelivery } from '../helpers/provider-payloads.js';
import { rowCounts, seedDeliveries, seedIncident } from '../helpers/retention-rows.js';
import { inParallel } from '../helpers/in-parallel.js';

const TOKEN = 'am-token';
const STORM = 300;
const GROUPS = 10;
const IN_FLIGHT = 30;
let db: TestDatabase;
let warroom: RunningWarroom;
let base: string;

before(async () => {
  db = await createTestDatabase();
  // A backlog the job needs many batches for, so its rounds overlap the storm.
  await seedDeliveries(db.knex, 'expired-', 5000, 30);
  for (let i = 0; i < 20; i++) await seedIncident(db.knex, { createdDaysAgo: 200, resolvedDaysAgo: 150, taskDoneDaysAgo: 150 });
  const config = testConfig({ DATABASE_URL: db.url, ALERTMANAGER_WEBHOOK_TOKEN: TOKEN });
  warroom = await startWarroom(
    { ...config, port: 0, host: '127.0.0.1', settings: { ...config.settings, retention: { ...config.settings.retention, incidentsDays: 100 } } },
    silentLogger(),
    { retentionEveryMs: 20 },
  );
  base = `http://127.0.0.1:${warroom.port}`;
  await warroom.ready;
});
after(async () => {
  await warroom.stop();
  await db.close();
});

const storedCount = async (where: string): Promise<number> => (await rowCounts(db.knex, ['deliveries'], () => where)).deliveries;

test('a storm beside the retention job: every delivery stored and attached, every alert on its incident, the backlog gone', async () => {
  const send = (i: number) =>
    request(base, '/webhooks/alertmanager', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(alertmanagerDelivery({ groupKey: `storm-${i % GROUPS}`, alerts: [{ fingerprint: `fp-${i}`, status: 'firing', labels: { alertname: `Storm${i % GROUPS}`, instance: `host-${i}` } }] })),
    });
  // 300 deliveries, 30 in flight at a time: a storm for the job to run beside, without 300 connects at
  // once hitting the client's 10 s connect timeout on a loaded 2-core machine ("fetch failed").
  const answers: Answer[] = [];
  await inParallel(Array.from({ length: STORM }, (_, i) => i), IN_FLIGHT, async (i) => {
    answers.push(await send(i));
  });
  assert.deepEqual([...new Set(answers.map((a) => a.status))], [202]);

  await waitFor('storm attached', () => storedCount('processed_at is null'), (n) => n === 0, 60_000);
  await waitFor('backlog pruned', () => storedCount("delivery_id like 'expired-%'"), (n) => n === 0, 60_000);
  await waitFor('old incidents pruned', async () => (await rowCounts(db.knex, ['incidents'], () => "status = 'resolved'")).incidents, (n) => n === 0, 60_000);

  // Nothing of the storm went: all of its deliveries are stored, attached, and their alerts sit on open incidents.
  assert.equal(await storedCount('processed_at is not null'), STORM);
  const alerts = await db.knex('alerts as a').join('incidents as i', 'i.id', 'a.incident_id').whereLike('a.fingerprint', 'fp-%').select('a.fingerprint', 'i.status', 'i.id');
  assert.equal(new Set(alerts.map((a: { fingerprint: string }) => a.fingerprint)).size, STORM);
  assert.ok(alerts.every((a: { status: string }) => a.status !== 'resolved'));
  const incidents = await db.knex('incidents').whereNot('status', 'resolved').count<{ n: string }[]>({ n: '*' });
  assert.ok(Number(incidents[0]?.n) >= 1, 'the storm opened its incidents');
  const metrics = (await request(base, '/metrics')).text;
  assert.match(metrics, /^warroom_retention_deleted_total\{table="deliveries"\} 5000$/m);
  assert.match(metrics, /^warroom_retention_deleted_total\{table="incidents"\} 20$/m);
});
