// A room set-up through a long Slack outage followed by Slack refusing conversations.create:
// the outage probes are not failures of the task, and a set-up never gives up while its incident is open.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startWarroom, type RunningWarroom } from '../../src/main.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-api-fake.js';
import { silentLogger, type RecordingLogger } from '../helpers/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { testConfig } from '../helpers/test-config.js';
import { request, waitFor } from '../helpers/http.js';

const API = 'api-token';
const OUTAGE_PROBES = 20;
let db: TestDatabase;
let fake: SlackFake;
let warroom: RunningWarroom;
let log: RecordingLogger;
let base: string;

before(async () => {
  db = await createTestDatabase({ migrate: false });
  fake = await startSlackFake();
  const config = testConfig({ DATABASE_URL: db.url, WARROOM_API_TOKEN: API, SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: fake.url });
  log = silentLogger();
  // Minutes of outage and back-off played in about a second: the same doubling, shorter steps.
  const roomWorker = { firstOutagePauseMs: 5, maxOutagePauseMs: 20, firstRetryMs: 20, maxRetryMs: 100, stuckAfterFailures: 2 };
  warroom = await startWarroom({ ...config, port: 0, host: '127.0.0.1' }, log, { roomWorker });
  base = `http://127.0.0.1:${warroom.port}`;
  await warroom.ready;
});
after(async () => {
  await warroom.stop();
  await fake.close();
  await db.close();
});

const stuckGauge = async () => {
  const metrics = await request(base, '/metrics');
  const line = /^warroom_room_setups_stuck (\d+)$/m.exec(metrics.text);
  return line ? Number(line[1]) : null;
};

test(`Slack down for ${OUTAGE_PROBES} probes, then conversations.create answers internal_error: the set-up is reported stuck, keeps trying, and the incident gets its channel`, async () => {
  await fake.stop();
  // Slack keeps the refusal while it is down; it applies from the first call after it is back.
  fake.refuseNext('conversations.create', { error: 'internal_error', count: 1000 });
  const declared = await request(base, '/api/incidents', { method: 'POST', token: API, body: JSON.stringify({ title: 'Set-up through an outage', severity: 2 }) });
  assert.equal(declared.status, 201, declared.text);
  const ref = (declared.json as { ref: string }).ref;
  const probes = () => log.lines.filter((l) => l.msg === 'Slack unavailable; every task waits in the outbox').length;
  await waitFor(`${OUTAGE_PROBES} outage probes`, () => Promise.resolve(probes()), (n) => n >= OUTAGE_PROBES, 30_000);
  await fake.start();

  await waitFor('the stuck gauge', stuckGauge, (n) => n === 1, 30_000);
  const stuck = log.lines.find((l) => l.level === 'warn' && /room set-up .*stuck/.test(l.msg ?? ''));
  assert.ok(stuck, 'a warn line says the room set-up is stuck');
  assert.equal((stuck.obj as { ref?: string }).ref, ref);
  assert.ok(((stuck.obj as { failures?: number }).failures ?? 0) >= 2);
  assert.match(String((stuck.obj as { err?: string }).err), /internal_error/);
  const refused = fake.calls('conversations.create').length;
  assert.ok(refused >= 2, `Slack refused conversations.create ${refused} times`);

  fake.refuseNext('conversations.create', { error: 'internal_error', count: 0 }); // Slack is healthy again
  const channel = await waitFor(
    `the room of ${ref}`,
    () => Promise.resolve(fake.channels().find((c) => c.name.startsWith(`inc-${ref.slice(4)}-`))),
    (c) => c !== undefined && fake.messages(c.id).some((m) => m.pinned),
    30_000,
  );
  assert.ok(channel);
  const found = await warroom.queries.get(ref);
  assert.ok(found.ok);
  assert.equal(found.value.incident.channelId, channel.id, 'the incident records its channel');
  await waitFor('the stuck gauge back to 0', stuckGauge, (n) => n === 0, 30_000);
  assert.equal(log.lines.filter((l) => l.msg === 'slack task failed for good').length, 0);
});
