import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createPgBossJobQueue, type PgBossJobQueue } from '../../src/adapters/postgres/pgboss-job-queue.js';
import { createTelemetry } from '../../src/ingress/http/telemetry.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { waitFor } from '../helpers/http.js';

let db: TestDatabase;
let queue: PgBossJobQueue;
const telemetry = createTelemetry();

before(async () => {
  db = await createTestDatabase();
  queue = createPgBossJobQueue({ url: db.url, log: silentLogger(), telemetry });
  await queue.start();
});
after(async () => {
  await queue.stop(5000);
  await db.close();
});

test('a sent job runs once on a worker, and a failing one is retried', async () => {
  const seen: unknown[] = [];
  await queue.work('test.echo', (data) => {
    seen.push(data);
    return Promise.resolve();
  });
  await queue.send('test.echo', { n: 1 });
  await waitFor('the job to run', () => Promise.resolve(seen.length), (n) => n === 1, 10_000);
  assert.deepEqual(seen, [{ n: 1 }]);

  let attempts = 0;
  await queue.work('test.flaky', () => {
    attempts++;
    return attempts === 1 ? Promise.reject(new Error('Slack said 500')) : Promise.resolve();
  });
  await queue.send('test.flaky', {});
  await waitFor('the retry to succeed', () => Promise.resolve(attempts), (n) => n >= 2, 20_000);

  const metrics = await telemetry.registry.metrics();
  assert.match(metrics, /warroom_jobs_total\{job="test.echo",outcome="completed"\} 1/);
  assert.match(metrics, /warroom_jobs_total\{job="test.flaky",outcome="failed"\} 1/);
  assert.match(metrics, /warroom_jobs_total\{job="test.flaky",outcome="completed"\} 1/);
});

test('a delayed job waits for its start time', async () => {
  const seen: number[] = [];
  const sentAt = Date.now();
  await queue.work('test.later', () => {
    seen.push(Date.now() - sentAt);
    return Promise.resolve();
  });
  await queue.send('test.later', {}, { startAfterSeconds: 2 });
  await waitFor('the delayed job to run', () => Promise.resolve(seen.length), (n) => n === 1, 10_000);
  assert.ok((seen[0] ?? 0) >= 1900, `ran after ${seen[0]} ms, expected at least 2 s`);
});
