import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startWarroom, type RunningWarroom } from '../../src/main.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { testConfig } from '../helpers/test-config.js';
import { request, waitFor } from '../helpers/http.js';
import { pagerDutyEvent, pagerDutySignature } from '../helpers/provider-payloads.js';

const SECRET = 'pd-concurrency';
let db: TestDatabase;
const instances: RunningWarroom[] = [];

before(async () => {
  db = await createTestDatabase({ migrate: false });
  const config = testConfig({ DATABASE_URL: db.url, PAGERDUTY_WEBHOOK_SECRETS: SECRET });
  // Two replicas on one database, started together (both run the migrations under the lock).
  instances.push(...(await Promise.all([0, 1].map(() => startWarroom({ ...config, port: 0, host: '127.0.0.1' }, silentLogger())))));
  await Promise.all(instances.map((w) => w.ready));
});
after(async () => {
  for (const w of instances) await w.stop();
  await db.close();
});

test('100 concurrent deliveries with one grouping key, split over two replicas, make exactly one incident', async () => {
  const answers = await Promise.all(
    Array.from({ length: 100 }, (_, i) => {
      const body = JSON.stringify(pagerDutyEvent({ eventId: `EV-STORM-${i}`, type: 'incident.triggered', incidentId: 'PSTORM', title: 'Storm' }));
      const target = instances[i % 2];
      assert.ok(target);
      return request(`http://127.0.0.1:${target.port}`, '/webhooks/pagerduty', {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-pagerduty-signature': pagerDutySignature(body, SECRET) },
      });
    }),
  );
  assert.deepEqual([...new Set(answers.map((a) => a.status))], [202]);
  await waitFor(
    'all 100 deliveries attached',
    async () => Number((await db.knex('deliveries').whereNotNull('processed_at').count<{ n: string }[]>({ n: '*' }))[0]?.n),
    (n) => n === 100,
    60_000,
  );
  const incidents = await db.knex('incidents').select('id', 'grouping_key');
  assert.equal(incidents.length, 1, `expected one incident, got ${JSON.stringify(incidents)}`);
  const alerts = await db.knex('alerts').select('fingerprint', 'occurrences', 'status');
  assert.deepEqual(alerts, [{ fingerprint: 'PSTORM', occurrences: 100, status: 'firing' }]);
  const received = await db.knex('timeline_events').where({ kind: 'alert_received' }).count<{ n: string }[]>({ n: '*' });
  assert.equal(Number(received[0]?.n), 1, 'the storm is one timeline line');
});
