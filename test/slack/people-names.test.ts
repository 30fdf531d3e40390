/**
 * People, not ids, over HTTP: an incident declared and handed over through slash commands against
 * the Slack fake names its people by name in the postmortem and the API's timeline text (looked up
 * with users.info when each event was recorded, once per person), as mentions in Slack, and as
 * `<@U…>` when the lookup failed — never as a bare id.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { SlackFake } from '../fakes/slack-api-fake.js';
import { request, waitFor } from '../helpers/http.js';
import type { SlackSender } from '../helpers/slack-requests.js';
import { startWarroomWithSlack, type WarroomWithSlack } from '../helpers/warroom-with-slack.js';

const ALICE = { id: 'U0ALICE01', name: 'alice', realName: 'Alice Moreau' };
const BOB = { id: 'U0BOB0002', name: 'bob', realName: 'Bob Lee' };
/** No real name in her profile: her display name stands in. */
const DANA = { id: 'U0DANA004', name: 'dana' };
const ERIN = { id: 'U0ERIN005', name: 'erin', realName: 'Erin Shaw' };
const BARE_ID = /U0[A-Z0-9]{2,}/;

let room: WarroomWithSlack;
let API: string;
let fake: SlackFake;
let slack: SlackSender;
let base: string;

before(async () => {
  room = await startWarroomWithSlack({ knownUsers: [ALICE, BOB, DANA, ERIN] });
  ({ fake, slack, base, apiToken: API } = room);
});
after(() => room.close());

const timelineTexts = async (ref: string): Promise<string[]> =>
  ((await request(base, `/api/incidents/${ref}/timeline`, { token: API })).json.events as { text: string }[]).map((e) => e.text);

test('declare and hand over by slash command: the postmortem and the timeline JSON name people, Slack mentions them', async () => {
  const declared = await slack.command('declare Checkout names --sev 2', { user: ALICE.id });
  const ref = /INC-\d+/.exec(declared.json.text)?.[0] ?? '';
  assert.ok(ref, declared.text);
  const channel = await waitFor('room', () => Promise.resolve(fake.channels().find((c) => c.name.startsWith(`inc-${ref.slice(4)}-`))), (c) => c !== undefined && fake.messages(c.id).some((m) => m.pinned), 15_000);
  assert.ok(channel);
  const inRoom = { channel: channel.id, user: ALICE.id };
  assert.match((await slack.command(`ic <@${BOB.id}|bob>`, inRoom)).json.text, /is now commander/);
  await slack.command(`role scribe <@${DANA.id}|dana>`, inRoom);

  const postmortem = (await request(base, `/api/incidents/${ref}/postmortem`, { token: API })).text;
  assert.match(postmortem, /^- Declared: \S+ by Alice Moreau$/m, 'the declarer by name');
  assert.match(postmortem, /^- Commander: Bob Lee$/m, 'the commander by name');
  assert.match(postmortem, /^- Scribe: dana$/m, 'no real name: the display name');
  assert.match(postmortem, /\| Commander assigned to Bob Lee \|/, 'the timeline row names the new commander');
  assert.match(postmortem, /^- Alice Moreau: \d+ timeline entr/m, 'who acted, by name');
  assert.doesNotMatch(postmortem, BARE_ID, 'no user id anywhere in the draft');

  const texts = await timelineTexts(ref);
  assert.ok(texts.includes('Commander assigned to Bob Lee'), texts.join('\n'));
  assert.ok(texts.includes('Scribe assigned to dana'), texts.join('\n'));
  for (const text of texts) assert.doesNotMatch(text, BARE_ID, `API text names no id: ${text}`);

  // Alice declared, became commander at set-up, acted and was replaced: one lookup within the TTL.
  const lookups = fake.calls('users.info').map((c) => c.args.user);
  assert.deepEqual(lookups.filter((u) => u === ALICE.id), [ALICE.id], `Alice looked up once: ${lookups.join(', ')}`);
  assert.deepEqual(lookups.filter((u) => u === BOB.id), [BOB.id], 'Bob looked up once');

  // In Slack the timeline mentions people (Slack renders their names).
  await slack.command('timeline', inRoom);
  const posted = await waitFor('timeline message', () => Promise.resolve(fake.messages(channel.id).find((m) => m.text.startsWith('Timeline of'))), (m) => m !== undefined, 15_000);
  const shown = JSON.stringify(posted?.blocks);
  assert.ok(shown.includes(`Commander assigned to <@${BOB.id}>`), shown);
  assert.ok(!shown.includes('Bob Lee'), 'Slack text carries mentions, not names');
});

test('a users.info failure leaves the mention form <@U…>, and the command still succeeds', async () => {
  const declared = await slack.command('declare Names when Slack fails --sev 3', { user: ALICE.id });
  const ref = /INC-\d+/.exec(declared.json.text)?.[0] ?? '';
  const channel = await waitFor('room', () => Promise.resolve(fake.channels().find((c) => c.name.startsWith(`inc-${ref.slice(4)}-`))), (c) => c !== undefined && fake.messages(c.id).some((m) => m.pinned), 15_000);
  assert.ok(channel);
  fake.failNext('users.info', { status: 500 });
  assert.match((await slack.command(`role comms <@${ERIN.id}|erin>`, { channel: channel.id, user: ALICE.id })).json.text, /is now comms/);
  assert.equal(fake.calls('users.info').filter((c) => c.args.user === ERIN.id).at(-1)?.status, 500, 'the lookup of Erin failed');

  const texts = await timelineTexts(ref);
  assert.ok(texts.includes(`Comms assigned to <@${ERIN.id}>`), texts.join('\n'));
  const postmortem = (await request(base, `/api/incidents/${ref}/postmortem`, { token: API })).text;
  assert.match(postmortem, new RegExp(`^- Comms: <@${ERIN.id}>$`, 'm'), 'the mention form, not a bare id');
  assert.doesNotMatch(postmortem.replaceAll(`<@${ERIN.id}>`, ''), BARE_ID, 'Erin only in the mention form');
});
