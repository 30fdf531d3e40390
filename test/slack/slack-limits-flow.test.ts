/**
 * Inside Slack's limits over HTTP: `/incident timeline` of an incident with thousands of events is
 * posted whole, in continuation messages the Slack fake accepts, and `/incident list` with 60 open
 * incidents answers one page at a time, each page a message Slack would take.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { checkMessageBlocks } from '../../src/sandbox/slack-workspace/block-kit-rules.js';
import { waitFor } from '../helpers/http.js';
import { slackSender, type SlackSender } from '../helpers/slack-requests.js';
import { startWarroomWithSlack, type WarroomWithSlack } from '../helpers/warroom-with-slack.js';

let env: WarroomWithSlack;
let slack: SlackSender;

before(async () => {
  env = await startWarroomWithSlack();
  slack = slackSender(`http://127.0.0.1:${env.warroom.port}`, 'secret');
});
after(() => env.close());

const textOf = (blocks: readonly unknown[] | null): string => JSON.stringify(blocks ?? []);

test('/incident timeline of an incident with 3 000 events: continuation messages, every event once, none refused', async () => {
  const ref = await env.declare('Checkout 5xx', 2);
  const channel = await waitFor('the incident channel', () => Promise.resolve(env.channelOf(ref)), (c) => c !== undefined, 15_000);
  assert.ok(channel);
  const incident = await env.warroom.database.store.find(Number(ref.slice(4)));
  assert.ok(incident);
  const at = incident.createdAt.getTime();
  const notes = Array.from({ length: 3000 }, (_, i) => ({ at: new Date(at + 1000 + i), kind: 'note_added' as const, actor: 'U0ALICE01', text: `note #${i}# <b>&</b> ${'é'.repeat(40)}`, data: {} }));
  await env.warroom.database.store.append(incident.id, notes);

  const answer = await slack.command('timeline', { channel: channel.id });
  assert.equal(answer.status, 200, answer.text);
  const parts = () => Promise.resolve(env.fake.messages(channel.id).filter((m) => m.text.startsWith(`Timeline of ${ref}`)));
  const posted = await waitFor('every part of the timeline', parts, (ms) => ms.length > 0 && ms.length === Number(/of (\d+)\)/.exec(ms[0]?.text ?? '')?.[1]), 60_000);

  assert.ok(posted.length > 5, `${posted.length} messages`);
  posted.forEach((m, i) => assert.match(m.text, new RegExp(`^Timeline of ${ref} \\(${i + 1} of ${posted.length}\\)`)));
  const shown = posted.flatMap((m) => [...textOf(m.blocks).matchAll(/note #(\d+)#/g)].map((x) => Number(x[1])));
  assert.deepEqual(shown, notes.map((_, i) => i), 'every event once, oldest first');
  assert.deepEqual(env.fake.calls('chat.postMessage').filter((c) => c.ok === false).map((c) => c.error), [], 'Slack refused none of them');
});

test('/incident list with 60 open incidents: 20 to a page, worst first, "and 40 more: /incident list --page 2"', async () => {
  const before = (await env.warroom.queries.list({ status: 'open' })).length;
  for (let i = 0; i < 60 - before; i++) await env.declare(`Storm ${i} ${'<&>'.repeat(60)}`, 1 + (i % 4));

  const pages: string[][] = [];
  for (const page of [1, 2, 3]) {
    const answer = await slack.command(page === 1 ? 'list' : `list --page ${page}`);
    assert.equal(answer.status, 200, answer.text);
    const { response_type: type, blocks, text } = answer.json as { response_type: string; blocks: unknown[]; text: string };
    assert.equal(type, 'ephemeral');
    assert.equal(checkMessageBlocks(blocks), null, `page ${page} is a message Slack takes`);
    assert.match(text, new RegExp(`^Open incidents: 60 \\(page ${page} of 3\\): INC-\\d+, `));
    pages.push([...textOf(blocks).matchAll(/\*(INC-\d+)\*/g)].map((x) => x[1] ?? ''));
    const more = page < 3 ? `and ${60 - page * 20} more: \`/incident list --page ${page + 1}\`` : null;
    if (more) assert.ok(textOf(blocks).includes(JSON.stringify(more).slice(1, -1)), `page ${page} points to the next`);
    else assert.doesNotMatch(textOf(blocks), /more: /);
  }
  assert.deepEqual(pages.map((p) => p.length), [20, 20, 20]);
  assert.equal(new Set(pages.flat()).size, 60, 'every open incident on exactly one page');
  const first = textOf((await slack.command('list')).json.blocks as unknown[]);
  assert.match(first, /:red_circle: \*INC-\d+\* SEV1/, 'worst first');
  assert.match((await slack.command('list --page x')).json.text, /Usage: \/incident list \[--page N\]/);
});
