import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startWarroom, type RunningWarroom } from '../../src/main.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-api-fake.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { testConfig } from '../helpers/test-config.js';
import { waitFor } from '../helpers/http.js';
import { slackSender } from '../helpers/slack-requests.js';
import { createCheckRounds } from '../helpers/check-rounds.js';

const SECRET = 'secret';
let db: TestDatabase;
let fake: SlackFake;
const replicas: RunningWarroom[] = [];
// Compressed time: both replicas read this clock; the test moves it forward.
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };
const rounds = createCheckRounds();

before(async () => {
  db = await createTestDatabase({ migrate: false });
  fake = await startSlackFake({ knownUsers: [{ id: 'U0ALICE01', name: 'alice' }] });
  const config = testConfig({ DATABASE_URL: db.url, SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.url });
  const settings = { ...config.settings, severities: { ...config.settings.severities, SEV2: { updateEveryMinutes: 1 } } };
  for (let i = 0; i < 2; i++) replicas.push(await startWarroom({ ...config, port: 0, host: '127.0.0.1', settings }, silentLogger(), { clock, reminderEveryMs: 100, onCheckRound: rounds.hook(`replica ${i}`) }));
  await Promise.all(replicas.map((r) => r.ready));
});
after(async () => {
  for (const r of replicas) await r.stop();
  await fake.close();
  await db.close();
});

const reminders = (channel: string) => fake.messages(channel).filter((m) => /stakeholder update .* was due/i.test(m.text));
// Both replicas have run the reminder check again since the clock last moved: what they would send is claimed by now.
const settle = () => rounds.passed('stakeholder-update reminders');
// A claimed reminder is an outbox task written in the claim's transaction: counted before the room worker posts it.
const reminderTasks = async () => Number((await db.knex('slack_tasks').where({ kind: 'update_reminder' }).count<{ n: string }[]>({ n: '*' }))[0]?.n);

test('one reminder per overdue period with two replicas; an update moves them; resolve stops them', async () => {
  const slack = slackSender(`http://127.0.0.1:${replicas[0]?.port}`, SECRET);
  const declared = await slack.command('declare Payments latency --sev 2', { user: 'U0ALICE01' });
  const ref = /INC-\d+/.exec(declared.json.text)?.[0] ?? '';
  assert.ok(ref, declared.text);
  const channel = await waitFor('the room', () => Promise.resolve(fake.channels().find((c) => c.name.startsWith(`inc-${ref.slice(4)}-`))), (c) => c !== undefined && fake.messages(c.id).some((m) => m.pinned), 15_000);
  assert.ok(channel, 'room created');
  await slack.command('ic <@U0ALICE01|alice>', { channel: channel.id });

  await settle();
  assert.equal(await reminderTasks(), 0, 'nothing due in the first minute');
  assert.equal(reminders(channel.id).length, 0, 'nothing due in the first minute');

  offsetMs += 61_000; // first overdue period
  await waitFor('first reminder', () => Promise.resolve(reminders(channel.id).length), (n) => n >= 1, 10_000);
  await settle();
  assert.equal(await reminderTasks(), 1, 'exactly one reminder for the period, from two replicas');
  assert.equal(reminders(channel.id).length, 1, 'exactly one reminder for the period, from two replicas');
  assert.match(reminders(channel.id)[0]?.text ?? '', /<@U0ALICE01>/, 'the commander is mentioned');

  offsetMs += 60_000; // the next period, still no update
  await waitFor('second reminder', () => Promise.resolve(reminders(channel.id).length), (n) => n >= 2, 10_000);
  await settle();
  assert.equal(await reminderTasks(), 2, 'one more for the next period');
  assert.equal(reminders(channel.id).length, 2, 'one more for the next period');

  // An update posted late in the period moves the cadence: nothing until a minute after it, although
  // the period counted from the declaration ends meanwhile (that one would remind at +3 min).
  offsetMs += 40_000;
  const posted = await replicas[0]?.queries.get(ref);
  assert.ok(posted?.ok, 'incident found');
  const { createStakeholderUpdates } = await import('../../src/app/room/stakeholder-updates.js');
  const { createPostgresUpdateCadence } = await import('../../src/adapters/postgres/postgres-update-cadence.js');
  const updates = createStakeholderUpdates({
    store: replicas[0]!.database.store,
    cadence: createPostgresUpdateCadence(replicas[0]!.database.knex),
    settings: { severities: { SEV1: { updateEveryMinutes: 30 }, SEV2: { updateEveryMinutes: 1 }, SEV3: { updateEveryMinutes: 0 }, SEV4: { updateEveryMinutes: 0 } } },
    clock,
    log: silentLogger(),
  });
  const result = await updates.post(posted.value.incident.id, 'Payments latency is back to normal in eu-west-1; watching.', 'U0ALICE01');
  assert.ok(result.ok, 'update posted');
  offsetMs += 30_000;
  await settle();
  assert.equal(await reminderTasks(), 2, 'no reminder within a minute of the update');
  assert.equal(reminders(channel.id).length, 2, 'no reminder within a minute of the update');
  offsetMs += 31_000;
  await waitFor('reminder after the moved due time', () => Promise.resolve(reminders(channel.id).length), (n) => n >= 3, 10_000);
  await settle();
  assert.equal(await reminderTasks(), 3);
  assert.equal(reminders(channel.id).length, 3);

  await slack.command('resolve Latency back to normal', { channel: channel.id });
  await waitFor('the incident resolved', () => replicas[0]!.queries.get(ref), (r) => r.ok && r.value.incident.status === 'resolved', 10_000);
  offsetMs += 10 * 60_000;
  await settle();
  assert.equal(await reminderTasks(), 3, 'no reminders after resolve');
  assert.equal(reminders(channel.id).length, 3, 'no reminders after resolve');
  const rows = await db.knex('room_reminders').where({ kind: 'stakeholder_update' }).count<{ n: string }[]>({ n: '*' });
  assert.equal(Number(rows[0]?.n), 3, 'three reminder periods recorded');
});
