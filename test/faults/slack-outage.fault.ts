/**
 * Fault 2: the Slack fake refuses connections while 20 incidents open (SEV1–SEV4, from
 * Alertmanager). Webhooks still answer 202 and timelines are complete; when Slack returns, the
 * channels appear in severity order with no duplicate channel or message.
 *
 * Time is compressed: the outage lasts 45 s instead of 5 minutes. What matters for the outcome is
 * already reached by then: the room worker's pause between probes has hit its 30 s ceiling (1, 2,
 * 4, 8, 16, 30 s), which is where it stays for any longer outage.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startSlackFake, type SlackFake } from '../fakes/slack-api-fake.js';
import { request, waitFor } from '../helpers/http.js';
import { alertmanagerDelivery } from '../helpers/provider-payloads.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { stopWarroom, type WarroomProcess } from '../helpers/warroom-process.js';
import { postFresh, report, seededRandom, sleep, startReplica } from './fault-kit.js';

const HOOK = 'am-outage-token';
const API = 'outage-api-token';
const INCIDENTS = 20;
const OUTAGE_MS = 45_000;
const LEVELS = ['critical', 'error', 'warning', 'info'] as const; // → SEV1 … SEV4 (warroom.yml below)
let db: TestDatabase;
let fake: SlackFake;
let dir: string;
let bot: WarroomProcess;

before(async () => {
  db = await createTestDatabase();
  fake = await startSlackFake();
  fake.addChannel({ id: 'C0STAKE', name: 'stakeholders', members: [fake.botUserId] });
  dir = await mkdtemp(join(tmpdir(), 'warroom-slack-outage-'));
  await writeFile(join(dir, 'warroom.yml'), ['stakeholderChannels: ["C0STAKE"]', 'alertSeverity:', '  alertmanager: { critical: SEV1, error: SEV2, warning: SEV3, info: SEV4 }', ''].join('\n'));
  bot = await startReplica({ DATABASE_URL: db.url, WARROOM_API_TOKEN: API, ALERTMANAGER_WEBHOOK_TOKEN: HOOK, WARROOM_CONFIG: join(dir, 'warroom.yml'), SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: 'outage-signing', SLACK_API_URL: fake.url });
});
after(async () => {
  await stopWarroom(bot);
  await fake.close();
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

test('Slack down while 20 incidents open: webhooks answer 202, timelines complete; then channels in severity order, no duplicates', async () => {
  const random = seededRandom(5);
  await fake.stop();
  const outageStarted = Date.now();
  // Arrival order is shuffled, so severity order afterwards is Warroom's doing, not the senders'.
  const levels = Array.from({ length: INCIDENTS }, (_, i) => LEVELS[i % 4] as (typeof LEVELS)[number]).sort(() => random() - 0.5);
  const answers: number[] = [];
  for (const [i, level] of levels.entries()) {
    const body = JSON.stringify(alertmanagerDelivery({ groupKey: `outage-${i}`, alerts: [{ fingerprint: `fp-outage-${i}`, status: 'firing', labels: { alertname: `Outage${i}`, severity: level } }] }));
    answers.push((await postFresh(bot.base, '/webhooks/alertmanager', { 'content-type': 'application/json', authorization: `Bearer ${HOOK}` }, body)).status);
    await sleep(OUTAGE_MS / INCIDENTS / 2);
  }
  assert.deepEqual(answers, Array.from({ length: INCIDENTS }, () => 202), 'every webhook answered 202 while Slack was down');

  const incidents = await waitFor('20 incidents with their timelines', async () => {
    const r = await request(bot.base, '/api/incidents?limit=100', { token: API });
    return (r.json?.incidents ?? []) as { ref: string; severity: string; channelId: string | null }[];
  }, (list) => list.length === INCIDENTS, 30_000);
  for (const incident of incidents) {
    const timeline = await request(bot.base, `/api/incidents/${incident.ref}/timeline`, { token: API });
    const kinds = (timeline.json.events as { kind: string }[]).map((e) => e.kind);
    assert.deepEqual(kinds, ['incident_declared', 'alert_received'], `${incident.ref}: the timeline is complete while Slack is down`);
    assert.equal(incident.channelId, null, `${incident.ref}: no channel yet`);
  }
  const remaining = OUTAGE_MS - (Date.now() - outageStarted);
  if (remaining > 0) await sleep(remaining);
  assert.ok(bot.alive(), 'the process lives through the outage');

  await fake.start();
  const back = Date.now();
  await waitFor('every room set up after Slack returns', () => Promise.resolve(fake.channels().filter((c) => /^inc-\d+-/.test(c.name) && fake.messages(c.id).some((m) => m.pinned)).length), (n) => n === INCIDENTS, 120_000);
  const settled = Date.now();
  await sleep(2000); // late duplicates would land now

  const severityOf = new Map(incidents.map((i) => [Number(i.ref.replace('INC-', '')), i.severity]));
  const created = fake.calls('conversations.create').filter((c) => c.ok === true).map((c) => severityOf.get(Number(/^inc-(\d+)-/.exec(String(c.args.name))?.[1])) ?? '?');
  const channels = fake.channels().filter((c) => /^inc-\d+-/.test(c.name));
  const ownMessages = channels.map((c) => fake.messages(c.id).filter((m) => m.user === fake.botUserId).length);
  const announcements = incidents.map((i) => fake.messages('C0STAKE').filter((m) => m.text.includes(`${i.ref} `)).length);
  report('Slack outage', {
    incidents: INCIDENTS,
    webhooks202: answers.filter((s) => s === 202).length,
    outage_s: (back - outageStarted) / 1000,
    rooms_after_return_s: (settled - back) / 1000,
    createOrder: created.join(','),
    channels: channels.length,
    duplicates: ownMessages.reduce((a, n) => a + n - 1, 0) + announcements.reduce((a, n) => a + n - 1, 0),
  });
  assert.equal(created.length, INCIDENTS, 'exactly one successful conversations.create per incident');
  assert.deepEqual(created, [...created].sort(), `channels were created in severity order: ${created.join(',')}`);
  assert.equal(channels.length, INCIDENTS, 'no duplicate channel');
  assert.deepEqual(ownMessages, channels.map(() => 1), 'one summary per channel, no duplicate message');
  assert.deepEqual(announcements, incidents.map(() => 1), 'one announcement per incident');
  for (const incident of incidents) {
    const kinds = ((await request(bot.base, `/api/incidents/${incident.ref}/timeline`, { token: API })).json.events as { kind: string }[]).map((e) => e.kind);
    assert.deepEqual(kinds, ['incident_declared', 'alert_received', 'channel_created'], `${incident.ref}: the channel is on the timeline once`);
  }
});
