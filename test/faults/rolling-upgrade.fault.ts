/**
 * Rolling upgrade and rollback with the real previous release (issue 16). The release recorded last
 * in deploy/releases.txt (its tree from git history) and this checkout take turns on one PostgreSQL:
 * old → new → old → new. Each replica starts beside the one before it, as a rolling deploy does; once
 * it is ready it must see every incident declared so far, traffic moves to it, and the one before
 * is stopped (SIGTERM, exit 0). All the while Alertmanager keeps delivering through the switch, as it
 * does (a 5xx or a refused connection is retried). Nothing is lost: every delivery is stored once,
 * attached, and its alert sits on an incident.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { request, waitFor } from '../helpers/http.js';
import { alertmanagerDelivery } from '../helpers/provider-payloads.js';
import { checkOutRelease, previousRelease, type Release } from '../helpers/release-checkout.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { stopWarroom, type WarroomProcess } from '../helpers/warroom-process.js';
import { deliverLikeProvider, report, startReplica } from './fault-kit.js';

const TOKEN = 'rolling-api-token';
const AM_TOKEN = 'rolling-am-token';
const SENDERS = 4;
const GROUPS = 8;

let db: TestDatabase;
let release: Release;
let old: { root: string; remove(): void };
const running = new Set<WarroomProcess>();

before(async () => {
  release = previousRelease();
  old = checkOutRelease(release);
  // An empty database: the first (old) replica migrates it, as a fresh deploy of that release did.
  db = await createTestDatabase({ migrate: false });
});
after(async () => {
  for (const p of running) await stopWarroom(p);
  await db.close();
  old?.remove();
});

const env = () => ({ DATABASE_URL: db.url, WARROOM_API_TOKEN: TOKEN, ALERTMANAGER_WEBHOOK_TOKEN: AM_TOKEN, SHUTDOWN_DELAY_SECONDS: '1' });
const count = async (sql: string): Promise<number> => Number((await db.knex.raw<{ rows: { n: string }[] }>(sql)).rows[0]?.n ?? 0);

async function start(which: 'old' | 'new'): Promise<WarroomProcess> {
  const replica = await startReplica(env(), which === 'old' ? old.root : undefined);
  running.add(replica);
  return replica;
}

async function refsSeenBy(replica: WarroomProcess): Promise<string[]> {
  const answer = await request(replica.base, '/api/incidents?status=all&limit=500', { token: TOKEN });
  assert.equal(answer.status, 200, answer.text);
  return (answer.json.incidents as { ref: string }[]).map((i) => i.ref);
}

test(`old → new → old → new on one PostgreSQL with deliveries arriving throughout: every replica ready and seeing every incident, nothing lost`, async (t) => {
  t.diagnostic(`previous release ${release.version} (${release.commit.slice(0, 7)}) against this checkout`);
  let target = await start('old');
  const declared: string[] = [];

  // Alertmanager: SENDERS deliveries in flight at any time, each to the current target, retried like Alertmanager does.
  let sending = true;
  let accepted = 0;
  let retried = 0;
  const failures: string[] = [];
  const deliver = async (i: number) => {
    const body = JSON.stringify(alertmanagerDelivery({ groupKey: `rolling-${i % GROUPS}`, alerts: [{ fingerprint: `roll-${i}`, status: 'firing', labels: { alertname: `Rolling${i % GROUPS}`, instance: `host-${i}` } }] }));
    try {
      const outcome = await deliverLikeProvider(() => target.base, '/webhooks/alertmanager', { 'content-type': 'application/json', authorization: `Bearer ${AM_TOKEN}` }, body, 120_000);
      accepted += 1;
      retried += outcome.retries.length;
    } catch (err) {
      failures.push(`delivery ${i}: ${String(err)}`);
    }
  };
  let next = 0;
  const senders = Array.from({ length: SENDERS }, async () => {
    while (sending) await deliver(next++);
  });
  const acceptedAtLeast = (n: number) => waitFor(`${n} deliveries accepted`, () => Promise.resolve(accepted), (a) => a >= n, 120_000);

  const declareOn = async (replica: WarroomProcess, title: string) => {
    const created = await request(replica.base, '/api/incidents', { method: 'POST', token: TOKEN, body: JSON.stringify({ title, severity: 'SEV3' }) });
    assert.equal(created.status, 201, created.text);
    declared.push(created.json.ref as string);
  };
  await declareOn(target, 'Declared on the old release');
  await acceptedAtLeast(40);

  for (const [step, which] of [[1, 'new'], [2, 'old'], [3, 'new']] as const) {
    const replica = await start(which);
    const seen = await refsSeenBy(replica);
    assert.deepEqual(declared.filter((ref) => !seen.includes(ref)), [], `step ${step}: the ${which} replica sees every incident declared so far`);
    await declareOn(replica, `Declared on the ${which} release (step ${step})`);
    const before = accepted;
    const previous = target;
    target = replica;
    assert.equal(await stopWarroom(previous, 60_000), 0, `step ${step}: the replica before stops cleanly\n${previous.output().slice(-2000)}`);
    running.delete(previous);
    await acceptedAtLeast(before + 40);
  }

  sending = false;
  await Promise.all(senders);
  assert.deepEqual(failures, [], 'every delivery was accepted in the end');
  const seen = await refsSeenBy(target);
  assert.deepEqual(declared.filter((ref) => !seen.includes(ref)), [], 'the last replica sees every incident');

  // Nothing lost: each accepted delivery stored once and attached, each alert on an incident.
  await waitFor('every delivery attached', () => count("select count(*) as n from deliveries where provider = 'alertmanager' and processed_at is null"), (n) => n === 0, 120_000);
  assert.equal(await count("select count(*) as n from deliveries where provider = 'alertmanager'"), accepted, 'one stored delivery per accepted one');
  assert.equal(await count("select count(distinct a.fingerprint) as n from alerts a join incidents i on i.id = a.incident_id where a.fingerprint like 'roll-%'"), accepted, 'every alert on an incident');
  report('rolling-upgrade', { release: release.version, deliveries: accepted, retriedAnswers: retried, incidentsDeclared: declared.length });
  assert.equal(await stopWarroom(target, 60_000), 0, target.output().slice(-2000));
  running.delete(target);
});
