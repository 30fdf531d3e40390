import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SUBCOMMANDS } from '../../src/ingress/slack/commands/parse-incident-command.js';
import { request, waitFor } from '../helpers/http.js';
import { slackSender, type SlackSender } from '../helpers/slack-requests.js';
import { startWarroomWithSlack, type WarroomWithSlack } from '../helpers/warroom-with-slack.js';

const API = 'api-token';
let room: WarroomWithSlack;
let slack: SlackSender;
let base: string;

before(async () => {
  room = await startWarroomWithSlack();
  base = `http://127.0.0.1:${room.warroom.port}`;
  slack = slackSender(base, 'secret');
});
after(() => room.close());

const declareApi = (body: Record<string, unknown>) => request(base, '/api/incidents', { method: 'POST', token: API, body: JSON.stringify(body) });
const refNumber = (ref: string) => Number(ref.slice('INC-'.length));
const timeline = async (ref: string) => (await request(base, `/api/incidents/${ref}/timeline`, { token: API })).json.events as { kind: string; text: string; data: any }[];
/** The incident's channel id, once the incident knows it (Slack may have the channel a moment earlier). */
const channelFor = async (ref: string): Promise<string> => {
  const events = await waitFor(`the channel of ${ref}`, () => timeline(ref), (e) => e.some((x) => x.kind === 'channel_created'), 15_000);
  return String(events.find((e) => e.kind === 'channel_created')?.data.channelId);
};

test('/incident help lists each command once, with its description, and names them in the notification text', async () => {
  const help = await slack.command('help');
  assert.equal(help.status, 200, help.text);
  const text = JSON.stringify(help.json.blocks);
  assert.doesNotMatch(text, /\/incident \/incident/);
  for (const sub of SUBCOMMANDS) {
    const usage = sub.usage.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    assert.equal(text.split(`\`${usage}\` — ${sub.description}`).length - 1, 1, `${sub.name} once, with its description`);
  }
  assert.equal(help.json.text, `/incident commands: ${SUBCOMMANDS.map((s) => s.name).join(', ')}`);
  // Paging a person and escalating are listed (issue 19).
  assert.match(text, /`\/incident page &lt;service\|@user&gt;`/);
  assert.match(text, /`\/incident escalate` — move the latest page to the next level/);
});

test('refused declares take no number: the next good declare gets the next ref', async () => {
  const first = await declareApi({ title: 'First good one', severity: 3 });
  assert.equal(first.status, 201, first.text);
  const refused = [
    await declareApi({ title: 'x'.repeat(201) }),
    await declareApi({ title: '   ' }),
    await declareApi({ title: 'Too much said', description: 'd'.repeat(4001) }),
  ];
  for (const r of refused) assert.equal(r.status, 400, r.text);
  const fromSlack = await slack.command(`declare ${'y'.repeat(201)}`);
  assert.match(fromSlack.json.text, /title must be 1 to 200/);
  const second = await declareApi({ title: 'Second good one', severity: 3 });
  assert.equal(second.status, 201, second.text);
  assert.equal(refNumber(second.json.ref), refNumber(first.json.ref) + 1, `${first.json.ref} then ${second.json.ref}`);
});

test('any open status moves to any other; each move is on the timeline and the reply says what changed', async () => {
  const ref = (await declareApi({ title: 'Quick mitigation', severity: 3 })).json.ref as string;
  const channel = await channelFor(ref);
  const moves = [
    ['investigating', 'monitoring'],
    ['monitoring', 'investigating'],
    ['investigating', 'identified'],
    ['identified', 'monitoring'],
  ] as const;
  for (const [from, to] of moves) {
    const r = await slack.command(`status ${to}`, { channel });
    assert.equal(r.json.text, `Status of ${ref} changed from ${from} to *${to}*.`);
  }
  const changes = (await timeline(ref)).filter((e) => e.kind === 'status_changed').map((e) => e.data);
  assert.deepEqual(changes, moves.map(([from, to]) => ({ from, to })));
});

test('times in Slack use Slack’s date formatting (each reader’s zone, UTC fallback); the postmortem keeps UTC and says so', async () => {
  const ref = (await declareApi({ title: 'Local times', severity: 3 })).json.ref as string;
  const channel = await channelFor(ref);
  const DATE = /<!date\^\d+\^\{[a-z_]+\}[^|>]*\|[^<>|]* UTC>/;
  assert.equal((await slack.command('timeline', { channel })).status, 200);
  const posted = await waitFor('the timeline message', () => Promise.resolve(room.fake.messages(channel)), (ms) => ms.some((m) => JSON.stringify(m.blocks ?? []).includes('Timeline ·')), 15_000);
  const timelineBlocks = JSON.stringify(posted.find((m) => JSON.stringify(m.blocks ?? []).includes('Timeline ·'))?.blocks);
  assert.match(timelineBlocks, DATE);
  assert.match(timelineBlocks, /Times in your time zone/);
  assert.doesNotMatch(timelineBlocks, /`\d\d:\d\d:\d\d`/, 'no bare UTC clock times');

  assert.equal((await slack.command('resolve Fixed', { channel })).status, 200);
  const summary = await waitFor('the summary says when it resolved', () => Promise.resolve(room.fake.messages(channel)[0]), (m) => JSON.stringify(m?.blocks ?? []).includes('Resolved <!date^'), 15_000);
  assert.match(JSON.stringify(summary?.blocks), /Resolved <!date\^\d+\^\{date_short_pretty\} \{time\}\|\d{4}-\d\d-\d\d \d\d:\d\d UTC>/);

  const postmortem = await request(base, `/api/incidents/${ref}/postmortem`, { token: API });
  assert.match(postmortem.text, /Times are in UTC\./);
  assert.doesNotMatch(postmortem.text, /<!date/);
  assert.deepEqual(room.fake.violations(), []);
});
