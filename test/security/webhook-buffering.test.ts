/**
 * Unauthenticated callers cannot make Warroom buffer webhook bodies, and authenticated ones can
 * hold only WEBHOOK_LARGE_BODY_CONCURRENCY bodies over 1 MiB at once. Warroom runs as a real
 * child process; its memory is read from /proc/<pid>/status while 50 anonymous 16 MiB posts run.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { freePort } from '../../src/adapters/postgres/embedded-postgres.js';
import { request, waitFor } from '../helpers/http.js';
import { alertmanagerDelivery } from '../helpers/provider-payloads.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { spawnWarroom, stopWarroom, type WarroomProcess } from '../helpers/warroom-process.js';
import { upload, type UploadResult } from './upload.js';

const MIB = 1024 * 1024;
const TOKEN = 'alertmanager-buffering-token';
const SLOTS = 2;
const ANONYMOUS_POSTS = 50;
const RSS_GROWTH_LIMIT_BYTES = 32 * 1000 * 1000;

let db: TestDatabase;
let bot: WarroomProcess;
let url: string;

before(async () => {
  db = await createTestDatabase({ migrate: false });
  const port = await freePort();
  bot = spawnWarroom(['serve'], {
    DATABASE_URL: db.url,
    PORT: String(port),
    HOST: '127.0.0.1',
    ALERTMANAGER_WEBHOOK_TOKEN: TOKEN,
    OPSGENIE_WEBHOOK_TOKEN: 'opsgenie-buffering-token',
    DATADOG_WEBHOOK_TOKEN: 'datadog-buffering-token',
    PAGERDUTY_WEBHOOK_SECRETS: 'pagerduty-buffering-secret',
    WEBHOOK_LARGE_BODY_CONCURRENCY: String(SLOTS),
  });
  await waitFor('/readyz 200', () => request(bot.base, '/readyz'), (r) => r.status === 200, 120_000).catch((err: unknown) => {
    throw new Error(`${String(err)}\n${bot.output()}`);
  });
  url = `${bot.base}/webhooks/alertmanager`;
});

after(async () => {
  await stopWarroom(bot);
  await db.close();
});

function rssBytes(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) * 1024;
}

/** A valid Alertmanager delivery padded with whitespace to `totalBytes`. */
function largeDelivery(groupKey: string, totalBytes: number): { prefix: Buffer; totalBytes: number } {
  const prefix = Buffer.from(JSON.stringify(alertmanagerDelivery({ groupKey, alerts: [{ status: 'firing', labels: { alertname: 'Big', service: 'checkout' } }] })));
  return { prefix, totalBytes };
}

const auth = { authorization: `Bearer ${TOKEN}` };

async function largeBodiesBuffering(): Promise<number> {
  const metrics = await request(bot.base, '/metrics');
  return Number(/^warroom_webhook_large_bodies_buffering (\d+)$/m.exec(metrics.text)?.[1] ?? NaN);
}

test(`${ANONYMOUS_POSTS} concurrent anonymous 16 MiB posts are refused with 401 and Warroom's memory barely moves`, async () => {
  const pid = bot.child.pid ?? 0;
  // The refusal's code path runs once before the baseline, so the figure is the posts', not the JIT's.
  for (let i = 0; i < 3; i++) assert.equal((await upload(url, { headers: {}, totalBytes: 16 * MIB }).result).status, 401, 'warm-up');
  const baseline = rssBytes(pid);
  let peak = baseline;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, rssBytes(pid));
      await new Promise((r) => setImmediate(r));
    }
  })();
  const posts: Promise<UploadResult>[] = [];
  for (let i = 0; i < ANONYMOUS_POSTS; i++) {
    // Half declare their length, half stream it chunked; a third of them carry a wrong token.
    const headers = i % 3 === 0 ? { authorization: 'Bearer not-the-token' } : {};
    posts.push(upload(url, { headers, totalBytes: 16 * MIB, chunked: i % 2 === 1 }).result);
  }
  const results = await Promise.all(posts);
  sampling = false;
  await sampler;
  peak = Math.max(peak, rssBytes(pid));
  const growth = peak - baseline;
  const sent = results.reduce((sum, r) => sum + r.bytesSent, 0);
  console.log(`[security] ${ANONYMOUS_POSTS} anonymous 16 MiB posts: statuses ${JSON.stringify(countBy(results.map((r) => r.error ?? String(r.status))))}; RSS ${mb(baseline)} → peak ${mb(peak)} (+${mb(growth)}); ${mb(sent)} handed to sockets before the answers`);
  assert.deepEqual(results.map((r) => r.error ?? r.status), results.map(() => 401), 'every anonymous post is refused with 401');
  assert.ok(growth <= RSS_GROWTH_LIMIT_BYTES, `RSS grew by ${mb(growth)} (limit ${mb(RSS_GROWTH_LIMIT_BYTES)})`);
  assert.ok(results.every((r) => r.connection === 'close'), 'the connection of a refused post is closed, not kept for its unread body');
});

test('an authenticated 16 MiB post is stored (202)', async () => {
  const body = largeDelivery('{}:{alertname="Big16"}', 16 * MIB);
  const result = await upload(url, { headers: auth, ...body }).result;
  assert.equal(result.error ?? result.status, 202);
});

test(`with ${SLOTS} large bodies being read, another large post gets 503 + Retry-After before its body is read`, async () => {
  // Slow uploads the test controls hold every slot: 64 KiB sent of 2 MiB declared, then paused.
  const holders = [0, 1].map((i) => upload(url, { headers: auth, ...largeDelivery(`{}:{alertname="Slow${i}"}`, 2 * MIB), pauseAfter: 64 * 1024 }));
  await Promise.all(holders.map((h) => h.paused));
  await waitFor('every slot taken', largeBodiesBuffering, (n) => n === SLOTS);

  const declared = await upload(url, { headers: auth, ...largeDelivery('{}:{alertname="Refused"}', 2 * MIB) }).result;
  assert.equal(declared.error ?? declared.status, 503, 'a declared large body beyond the slots');
  assert.equal(declared.retryAfter, '5');
  const chunked = await upload(url, { headers: auth, ...largeDelivery('{}:{alertname="RefusedChunked"}', 2 * MIB), chunked: true }).result;
  assert.equal(chunked.error ?? chunked.status, 503, 'a chunked body once it passes 1 MiB');
  assert.equal(chunked.retryAfter, '5');
  // A small delivery needs no slot.
  const small = await request(bot.base, '/webhooks/alertmanager', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(alertmanagerDelivery({ groupKey: '{}:{alertname="Small"}', alerts: [{ status: 'firing', labels: { alertname: 'Small' } }] })) });
  assert.equal(small.status, 202, 'a small delivery while the slots are full');

  for (const h of holders) h.resume();
  assert.deepEqual((await Promise.all(holders.map((h) => h.result))).map((r) => r.error ?? r.status), [202, 202], 'the slow uploads finish and are stored');
  await waitFor('the slots are free again', largeBodiesBuffering, (n) => n === 0);
  const retried = await upload(url, { headers: auth, ...largeDelivery('{}:{alertname="Refused"}', 2 * MIB) }).result;
  assert.equal(retried.error ?? retried.status, 202, 'the refused delivery retried once a slot is free');
});

test('each provider refuses a request that cannot authenticate before its body is sent', async () => {
  const cases: readonly { provider: string; what: string; headers: Record<string, string> }[] = [
    { provider: 'opsgenie', what: 'no token', headers: {} },
    { provider: 'datadog', what: 'a wrong token', headers: { authorization: 'Bearer datadog-wrong-token' } },
    { provider: 'alertmanager', what: 'another scheme', headers: { authorization: `Basic ${TOKEN}` } },
    // PagerDuty signs the body, so it can refuse early only a missing or malformed signature.
    { provider: 'pagerduty', what: 'no signature', headers: {} },
    { provider: 'pagerduty', what: 'a malformed signature', headers: { 'x-pagerduty-signature': 'v1=not-hex' } },
  ];
  for (const { provider, what, headers } of cases) {
    // 64 KiB of a 512 KiB body, then the upload waits: only an answer that does not wait for the
    // body can arrive. (The timer only unsticks the code before the fix, which read the body first.)
    const u = upload(`${bot.base}/webhooks/${provider}`, { headers, totalBytes: 512 * 1024, pauseAfter: 64 * 1024 });
    const unstick = setTimeout(() => u.resume(), 10_000);
    const result = await u.result;
    clearTimeout(unstick);
    u.resume();
    assert.equal(result.error ?? result.status, 401, `${provider} with ${what}`);
    assert.ok(result.bytesSent < 512 * 1024, `${provider} with ${what}: answered after ${result.bytesSent} bytes of the body, before the rest was sent`);
  }
});

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}
