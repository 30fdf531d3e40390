import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startWarroom, type RunningWarroom } from '../../src/main.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-api-fake.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { testConfig } from '../helpers/test-config.js';
import { request, waitFor } from '../helpers/http.js';
import { slackSender, type SlackSender } from '../helpers/slack-requests.js';

const SECRET = 'slack-signing-secret';
const API = 'api-token';
let db: TestDatabase;
let fake: SlackFake;
let warroom: RunningWarroom;
let slack: SlackSender;
let base: string;

before(async () => {
  db = await createTestDatabase({ migrate: false });
  fake = await startSlackFake({ knownUsers: [{ id: 'U0ALICE01', name: 'alice' }, { id: 'U0BOB0002', name: 'bob' }] });
  fake.addChannel({ id: 'C0STAKE', name: 'incidents-stakeholders', members: [fake.botUserId] });
  const config = testConfig({ DATABASE_URL: db.url, WARROOM_API_TOKEN: API, SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.url });
  warroom = await startWarroom({ ...config, port: 0, host: '127.0.0.1', settings: { ...config.settings, stakeholderChannels: ['C0STAKE'] } }, silentLogger());
  base = `http://127.0.0.1:${warroom.port}`;
  slack = slackSender(base, SECRET);
  await warroom.ready;
});
after(async () => {
  await warroom.stop();
  await fake.close();
  await db.close();
});

const timeline = async (ref: string) => (await request(base, `/api/incidents/${ref}/timeline`, { token: API })).json.events as { kind: string; text: string; actor: string; data: any }[];

test('declare from Slack, run the incident from its channel, and every step lands on the timeline and the summary', async () => {
  const declared = await slack.command('declare Checkout errors', { user: 'U0ALICE01' });
  assert.equal(declared.status, 200, declared.text);
  assert.match(declared.json.text, /Declared \*INC-(\d+)\*/);
  const ref = /INC-\d+/.exec(declared.json.text)?.[0] ?? '';

  // The room: a channel with a valid name, the declarer in it, the summary posted and pinned, the stakeholders told.
  const created = await waitFor('the incident channel', () => Promise.resolve(fake.channels().find((c) => c.name.startsWith(`inc-${ref.slice(4)}-`))), (c) => c !== undefined, 15_000);
  assert.ok(created);
  assert.equal(created.name, `inc-${ref.slice(4)}-checkout-errors`);
  await waitFor('set-up done', () => Promise.resolve(fake.messages('C0STAKE').length), (n) => n === 1, 15_000);
  const channel = fake.channel(created.id);
  assert.ok(channel);
  assert.ok(channel.members.includes('U0ALICE01'), 'the declarer is invited');
  const [summary] = fake.messages(channel.id);
  assert.ok(summary, 'the summary is posted');
  assert.equal(summary.pinned, true);
  assert.match(JSON.stringify(summary.blocks), /Checkout errors/);
  assert.match(fake.messages('C0STAKE')[0]?.text ?? '', new RegExp(ref));
  assert.match(channel.topic ?? '', /SEV3 · investigating/);

  const edits = () => fake.messages(channel.id)[0]?.edits ?? 0;
  const step = async (what: string, send: () => Promise<{ status: number; json: any; text: string }>, kind: string) => {
    const before = edits();
    const r = await send();
    assert.equal(r.status, 200, `${what}: ${r.text}`);
    if (r.json?.text) assert.doesNotMatch(r.json.text, /warning/, `${what}: ${r.json.text}`);
    await waitFor(`${what}: ${kind} on the timeline`, () => timeline(ref), (events) => events.some((e) => e.kind === kind), 10_000);
    return before;
  };

  let before = await step('ic', () => slack.command('ic <@U0BOB0002|bob>', { channel: channel.id, user: 'U0ALICE01' }), 'role_assigned');
  await waitFor('summary updated after ic', () => Promise.resolve(edits()), (n) => n > before, 10_000);
  assert.match(JSON.stringify(fake.messages(channel.id)[0]?.blocks), /<@U0BOB0002>/);

  before = await step('status', () => slack.command('status identified', { channel: channel.id }), 'status_changed');
  await waitFor('summary updated after status', () => Promise.resolve(edits()), (n) => n > before, 10_000);

  before = await step('note', () => slack.command('note Rolled back deploy 42', { channel: channel.id }), 'note_added');
  await waitFor('summary updated after note', () => Promise.resolve(edits()), (n) => n > before, 10_000);

  const said = fake.addMessage(channel.id, { user: 'U0BOB0002', text: 'Error rate back to normal after the rollback' });
  const reacted = await slack.event({ type: 'reaction_added', user: 'U0BOB0002', reaction: 'pushpin', item: { type: 'message', channel: channel.id, ts: said.ts }, item_user: 'U0BOB0002', event_ts: '1.1' });
  assert.equal(reacted.status, 200);
  await waitFor('the pinned-by-reaction message on the timeline', () => timeline(ref), (events) => events.some((e) => e.text === 'Error rate back to normal after the rollback'), 10_000);
  const captured = (await timeline(ref)).find((e) => e.text === 'Error rate back to normal after the rollback');
  assert.equal(captured?.data.author, 'U0BOB0002');
  assert.ok(captured?.data.permalink);

  before = await step('resolve', () => slack.command('resolve Fixed by rollback', { channel: channel.id }), 'incident_resolved');
  await waitFor('summary updated after resolve', () => Promise.resolve(edits()), (n) => n > before, 10_000);

  const kinds = (await timeline(ref)).map((e) => e.kind);
  // The set-up makes the declarer commander (no on-call configured); then `ic` hands over to bob.
  assert.deepEqual(kinds, ['incident_declared', 'channel_created', 'role_assigned', 'role_assigned', 'status_changed', 'note_added', 'note_added', 'incident_resolved']);
  // Issue 18: the resolution is announced in the room too, after the summary.
  await waitFor('the resolution in the room', () => Promise.resolve(fake.messages(channel.id)), (ms) => ms.some((m) => m.text.includes(`${ref} resolved:`)), 10_000);
  const mine = fake.messages(channel.id).filter((m) => m.user === fake.botUserId);
  assert.deepEqual(
    mine.map((m) => m.ts === summary.ts || m.text.includes(`${ref} resolved:`)),
    [true, true],
    'one summary, updated in place, never re-posted; then the resolution',
  );
  assert.equal(fake.calls('conversations.create').filter((c) => c.ok).length, 1);
  assert.deepEqual(fake.violations(), []);
});

test('commands that need an incident channel say so elsewhere; unknown subcommands get a usage line', async () => {
  const r = await slack.command('status identified', { channel: 'CGENERAL' });
  assert.match(r.json.text, /incident channel/);
  const u = await slack.command('explode now');
  assert.match(u.json.text, /Unknown subcommand/);
  const bad = await slack.command('sev 9');
  assert.match(bad.json.text, /Usage: \/incident sev/);
  const help = await slack.command('help');
  for (const sub of ['declare', 'list', 'status', 'sev', 'ic', 'role', 'note', 'timeline', 'resolve']) assert.match(JSON.stringify(help.json), new RegExp(sub));
});

test('a request with a bad signature is refused', async () => {
  const bad = slackSender(base, 'not-the-secret');
  assert.equal((await bad.command('list')).status, 401);
});
