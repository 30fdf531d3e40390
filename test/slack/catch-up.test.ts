/**
 * The catch-up for late joiners over HTTP with the Slack fake: `/incident catchup` and the summary's
 * *Catch up* button answer the asker alone; a person's first join sends them one ephemeral catch-up, a second join none, and neither
 * Warroom itself nor the people it invited get one.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ACTIONS } from '../../src/slack-ui/ids.js';
import { request, waitFor } from '../helpers/http.js';
import { clickSummaryButton } from '../helpers/summary-button.js';
import { startWarroomWithSlack, type WarroomWithSlack } from '../helpers/warroom-with-slack.js';

const ALICE = 'U0ALICE01';
const BOB = 'U0BOB0002';
const CAROL = 'U0CAROL03';
const DAVE = 'U0DAVE004';
const BOT = 'UBOT';
const WAIT = 15_000;

let h: WarroomWithSlack;
let ref: string;
let channel: string;
let eventTs = 1_800_000_000;

before(async () => {
  h = await startWarroomWithSlack({ knownUsers: [ALICE, BOB, CAROL, DAVE].map((id) => ({ id, name: id.slice(3).toLowerCase() })) });
  ref = await h.declare('Checkout answers 502 for card payments', 3);
  channel = (await waitFor('the incident channel', () => Promise.resolve(h.channelOf(ref)), (c) => c !== undefined, WAIT))?.id ?? '';
});

after(() => h.close());

const join = (user: string, inviter?: string) =>
  h.slack.event({ type: 'member_joined_channel', user, channel, channel_type: 'C', team: 'TFAKE', ...(inviter ? { inviter } : {}), event_ts: `${++eventTs}.000100` });
const ephemeralsTo = (user: string) => h.fake.ephemerals(channel).filter((e) => e.user === user);
const sectionText = (blocks: readonly unknown[] | null | undefined): string => JSON.stringify(blocks ?? []);
const timeline = async () => ((await request(h.base, `/api/incidents/${ref}/timeline`, { token: h.apiToken })).json as { events: { kind: string; data: Record<string, unknown> }[] }).events;

test('/incident catchup answers the asker alone: start, changes, roles, follow-ups, in eight lines at most', async () => {
  for (const text of ['sev 2', 'status identified', `ic <@${ALICE}|alice>`, 'note action: add a 502 alert on the card gateway']) {
    const r = await h.slack.command(text, { channel, user: ALICE });
    assert.equal(r.status, 200, `/incident ${text}: ${r.text}`);
  }
  const r = await h.slack.command('catchup', { channel, user: ALICE });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json?.response_type, 'ephemeral', `only the asker sees it: ${r.text}`);
  const blocks = r.json?.blocks as { text: { text: string } }[];
  const lines = blocks.map((b) => b.text.text).join('\n').split('\n');
  assert.ok(lines.length <= 8, `eight lines at most: ${lines.join('\n')}`);
  const all = lines.join('\n');
  for (const part of [`Catch-up · ${ref}`, 'Checkout answers 502', '<!date^', 'SEV3 → SEV2', 'investigating → identified', 'add a 502 alert on the card gateway', `*Roles* commander <@${ALICE}>`]) {
    assert.ok(all.includes(part), `"${part}" in the catch-up:\n${all}`);
  }
  const outside = await h.slack.command('catchup', { channel: 'CGENERAL', user: ALICE });
  assert.match(String(outside.json?.text), /incident channel/, 'outside an incident channel it says where it works');
});

test('a first join gets one ephemeral catch-up; a second join, Warroom and the people it invited get none', async () => {
  assert.ok(h.fake.joinAs({ channel, user: BOB }) && h.fake.joinAs({ channel, user: CAROL }) && h.fake.joinAs({ channel, user: DAVE }), 'they join in Slack');
  assert.equal((await join(BOB)).status, 200);
  const first = await waitFor("BOB's catch-up", () => Promise.resolve(ephemeralsTo(BOB)), (e) => e.length === 1, WAIT);
  assert.ok(sectionText(first[0]?.blocks).includes(`Catch-up · ${ref}`), `the catch-up: ${sectionText(first[0]?.blocks)}`);

  assert.equal((await join(BOB)).status, 200, 'BOB joins again');
  assert.equal((await join(DAVE, BOT)).status, 200, 'DAVE invited by Warroom');
  assert.equal((await join(BOT)).status, 200, 'Warroom itself');
  await waitFor('both of BOB’s joins and DAVE’s on the timeline', timeline, (events) => events.filter((e) => e.kind === 'member_joined' && (e.data.user === BOB || e.data.user === DAVE)).length === 3, WAIT);
  // A later first join: the room's tasks run in order, so once CAROL has hers, any for the joins before would have been sent.
  assert.equal((await join(CAROL)).status, 200);
  await waitFor("CAROL's catch-up", () => Promise.resolve(ephemeralsTo(CAROL)), (e) => e.length === 1, WAIT);
  assert.equal(ephemeralsTo(BOB).length, 1, 'a second join sends nothing');
  assert.equal(ephemeralsTo(DAVE).length + ephemeralsTo(BOT).length, 0, 'Warroom and the people it invited get none');
  assert.deepEqual(new Set(h.fake.ephemerals(channel).map((e) => e.user)), new Set([BOB, CAROL]), 'every catch-up went to the person who joined');

  const later = await h.slack.command('catchup', { channel, user: BOB });
  assert.ok(sectionText(later.json?.blocks as unknown[]).includes('Since you joined'), `BOB was in the channel before: ${later.text}`);
});

test("the summary's Catch up button answers the person who clicked, through the click's response_url", async () => {
  const summary = h.fake.messages(channel).find((m) => JSON.stringify(m.blocks ?? []).includes(ACTIONS.catchUp));
  assert.ok(summary, 'the summary has a Catch up button');
  const click = await clickSummaryButton(h.slack, { channel, summaryTs: summary.ts, user: { id: CAROL, name: 'carol' }, actionId: ACTIONS.catchUp, label: 'Catch up', ref });
  try {
    assert.equal(click.answer.status, 200, click.answer.text);
    const [answer] = await waitFor('the answer on the response_url', () => Promise.resolve(click.answers), (a) => a.length === 1, WAIT);
    assert.equal(answer?.response_type, 'ephemeral', 'only the person who clicked sees it');
    assert.equal(answer?.replace_original, false, 'the summary stays');
    assert.ok(JSON.stringify(answer?.blocks).includes(`Catch-up · ${ref}`), `the catch-up: ${JSON.stringify(answer)}`);
  } finally {
    await click.close();
  }
});
