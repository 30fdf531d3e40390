/**
 * Follow-ups (issue 20) over HTTP with the Slack fake: each way in (`/incident followup`, the
 * summary's "Add follow-up" modal, an `action:` note) makes one record; `/incident followups` lists
 * the open ones within Block Kit's limits for any number; "Done" closes one once, naming who on the
 * timeline; the API and the postmortem show them with owner and status.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { checkMessageBlocks, checkView } from '../../src/sandbox/slack-workspace/block-kit-rules.js';
import { ACTIONS, INPUTS, VIEWS } from '../../src/slack-ui/ids.js';
import { buttonClick, followUpSubmission, flowSteps, type FollowUpJson } from '../helpers/flow-steps.js';
import { waitFor } from '../helpers/http.js';
import { startWarroomWithSlack, type WarroomWithSlack } from '../helpers/warroom-with-slack.js';

const ALICE = 'U0ALICE01';
const BOB = 'U0BOB0002';
const WAIT = 15_000;

interface Block {
  type: string;
  text?: { text: string };
  accessory?: { action_id: string; value: string };
  elements?: { text?: string; action_id?: string; value?: string }[];
  block_id?: string;
}

let h: WarroomWithSlack;
let responder: Server;
const responses: Record<string, unknown>[] = [];

before(async () => {
  h = await startWarroomWithSlack({ knownUsers: [{ id: ALICE, name: 'alice', realName: 'Alice Adams' }, { id: BOB, name: 'bob', realName: 'Bob Brown' }] });
  // Where Slack's response_url answers land: the "Done" button answers the clicker there.
  responder = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      responses.push(JSON.parse(body) as Record<string, unknown>);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => responder.listen(0, '127.0.0.1', resolve));
});
after(async () => {
  await new Promise<void>((resolve) => responder.close(() => resolve()));
  await h.close();
});

const { api, declared, followUps, timeline } = flowSteps(() => h, WAIT);
const postmortem = async (ref: string) => (await api(`/api/incidents/${ref}/postmortem`)).text;
const command = async (text: string, channel: string, user = ALICE) => (await h.slack.command(text, { user, channel })).json as { response_type?: string; text?: string; blocks?: Block[] };

/** A click on a button of a message in `channel`; its response_url answers land in `responses`. */
function click({ channel, trigger, ...button }: { user: string; channel: string; messageTs: string; actionId: string; value: string; trigger?: string }) {
  const port = (responder.address() as AddressInfo).port;
  const responseUrl = `http://127.0.0.1:${port}/respond`;
  return h.slack.interaction(buttonClick({ ...button, channelId: channel, botUserId: h.fake.botUserId, ephemeral: true, responseUrl, ...(trigger ? { triggerId: trigger } : {}) }));
}

const submitFollowUpModal = (input: { user: string; ref: string; viewId: string; title: string; owner: string | null; due: string | null }) => h.slack.interaction(followUpSubmission(input));

test('/incident followup <text> @owner records one: timeline, API and incident JSON, owner by name outside Slack', async () => {
  const { ref, channelId } = await declared('Checkout 5xx');
  const answer = await command(`followup Add a replica-lag alert &amp; page <@${BOB}|bob>`, channelId);
  assert.equal(answer.response_type, 'ephemeral');
  assert.equal(answer.text, `:dart: Follow-up recorded, owned by <@${BOB}>: Add a replica-lag alert &amp; page`);

  const [one, ...rest] = await followUps(ref);
  assert.deepEqual(rest, []);
  assert.deepEqual(
    one && [one.title, one.owner, one.ownerName, one.dueDate, one.status, one.createdBy, one.tracker, one.trackerRef, one.trackerUrl],
    ['Add a replica-lag alert & page', BOB, 'Bob Brown', null, 'open', ALICE, null, null, null],
    'the title as typed; the owner named as Slack knows them',
  );
  const incident = (await api(`/api/incidents/${ref}`)).json as { followups: FollowUpJson[] };
  assert.deepEqual(incident.followups, await followUps(ref), 'the incident JSON carries the same follow-ups');
  const listed = (await api('/api/incidents?status=open')).json as { incidents: { ref: string; followups: FollowUpJson[] }[] };
  assert.equal(listed.incidents.find((i) => i.ref === ref)?.followups.length, 1, 'and so does the list');
  const added = (await timeline(ref)).filter((e) => e.kind === 'followup_added');
  assert.deepEqual(added.map((e) => [e.actor, e.text]), [[ALICE, 'Follow-up: Add a replica-lag alert & page, owner Bob Brown']]);

  assert.match(String((await command('followup', channelId)).text), /Usage: \/incident followup &lt;text&gt; \[@owner\]/);
  assert.match(String((await command('followup something', 'CGENERAL')).text), /works in an incident channel/);
  assert.equal((await api('/api/incidents/INC-987654/followups')).status, 404);
});

test('the summary\'s "Add follow-up" opens the modal (title, owner, due date) and its submission records one; a bad date is refused in the modal', async () => {
  const { ref, channelId } = await declared('Search latency');
  const summary = await waitFor('the pinned summary', () => Promise.resolve(h.fake.messages(channelId).find((m) => m.pinned)), (m) => m !== undefined, WAIT);
  assert.ok(summary);
  const buttons = ((summary.blocks ?? []) as Block[]).flatMap((b) => b.elements ?? []);
  const add = buttons.find((e) => e.action_id === ACTIONS.addFollowUp);
  assert.equal(add?.value, ref, 'the summary offers "Add follow-up" for its incident');

  const trigger = `${Date.now()}.77.addfollowup`;
  assert.equal((await click({ user: BOB, channel: channelId, messageTs: summary.ts, actionId: ACTIONS.addFollowUp, value: ref, trigger })).status, 200);
  const modal = await waitFor('the follow-up modal', () => Promise.resolve(h.fake.views().find((v) => v.via === 'open' && v.triggerId === trigger)), (v) => v !== undefined, WAIT);
  assert.ok(modal);
  assert.equal(modal.view.callback_id, VIEWS.followUp);
  assert.deepEqual(checkView(modal.view, 'modal'), [], 'within Block Kit limits');
  const elements = (modal.view.blocks as { element?: { type: string } }[]).map((b) => b.element?.type).filter(Boolean);
  assert.deepEqual(elements, ['plain_text_input', 'users_select', 'datepicker']);

  const refused = await submitFollowUpModal({ user: BOB, ref, viewId: modal.id, title: 'Cache warmer', owner: ALICE, due: '2026-02-30' });
  assert.deepEqual((refused.json as { response_action?: string; errors?: Record<string, string> }).errors, { [INPUTS.followUpDue]: 'The due date must be a day, YYYY-MM-DD.' });
  const accepted = await submitFollowUpModal({ user: BOB, ref, viewId: modal.id, title: 'Cache warmer', owner: ALICE, due: '2026-12-20' });
  assert.equal(accepted.status, 200, accepted.text);
  assert.equal((accepted.json as { response_action?: string } | null)?.response_action, undefined, 'the modal closes');
  const recorded = await followUps(ref);
  assert.deepEqual(recorded.map((f) => [f.title, f.owner, f.ownerName, f.dueDate, f.createdBy]), [['Cache warmer', ALICE, 'Alice Adams', '2026-12-20', BOB]], 'exactly one, from the accepted submission');
});

test('an action: note becomes a follow-up; /incident followups lists the open ones with mentions and a Done button; Done closes it once; the postmortem shows owner and status', async () => {
  const { ref, channelId } = await declared('Payments timeouts');
  assert.match(String((await command('note action: canary payments deploys', channelId)).text), /Added to the timeline/);
  await command(`followup Rotate the DB credentials <@${BOB}|bob>`, channelId);
  assert.deepEqual((await followUps(ref)).map((f) => f.title), ['canary payments deploys', 'Rotate the DB credentials'], 'the note made a record');

  const list = await command('followups', channelId, BOB);
  assert.equal(list.response_type, 'ephemeral');
  assert.equal(checkMessageBlocks(list.blocks ?? []), null, 'within Block Kit limits');
  const rows = (list.blocks ?? []).filter((b) => b.accessory?.action_id === ACTIONS.completeFollowUp);
  assert.equal(rows.length, 2);
  assert.match(rows[1]?.text?.text ?? '', new RegExp(`^\\*Rotate the DB credentials\\*\\n<@${BOB}>$`), 'the owner as a mention');
  assert.match(rows[0]?.text?.text ?? '', /no owner/);

  const rotate = (await followUps(ref))[1];
  assert.ok(rotate);
  assert.equal(rows[1]?.accessory?.value, String(rotate.id));
  const before = responses.length;
  assert.equal((await click({ user: ALICE, channel: channelId, messageTs: '1.000001', actionId: ACTIONS.completeFollowUp, value: String(rotate.id) })).status, 200);
  const [answer] = await waitFor('the Done answer', () => Promise.resolve(responses.slice(before)), (r) => r.length === 1, WAIT);
  assert.deepEqual([answer?.response_type, answer?.replace_original, answer?.text], ['ephemeral', false, ':ballot_box_with_check: Done: Rotate the DB credentials']);

  // A second click (someone else, the same list) changes nothing and says so.
  await click({ user: BOB, channel: channelId, messageTs: '1.000001', actionId: ACTIONS.completeFollowUp, value: String(rotate.id) });
  const [again] = await waitFor('the second answer', () => Promise.resolve(responses.slice(before + 1)), (r) => r.length === 1, WAIT);
  assert.equal(again?.text, ':warning: "Rotate the DB credentials" is done already.');

  const done = await followUps(ref);
  assert.deepEqual(done.map((f) => [f.title, f.status, f.doneBy]), [['canary payments deploys', 'open', null], ['Rotate the DB credentials', 'done', ALICE]]);
  const closed = (await timeline(ref)).filter((e) => e.kind === 'followup_done');
  assert.deepEqual(closed.map((e) => [e.actor, e.text]), [[ALICE, 'Follow-up done: Rotate the DB credentials']], 'one event, naming who');
  const open = await command('followups', channelId);
  assert.equal((open.blocks ?? []).filter((b) => b.accessory?.action_id === ACTIONS.completeFollowUp).length, 1, 'the list shows only the open one now');

  const items = (await postmortem(ref)).split('## Action items')[1] ?? '';
  assert.match(items, /- \[ \] canary payments deploys \(no owner; open\)/);
  assert.match(items, /- \[x\] Rotate the DB credentials \(owner Bob Brown; done \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC by Alice Adams\)/);
});

test('/incident followups stays inside one message for any number: 40 shown, then "and N more"', async () => {
  const { ref, channelId } = await declared('Storm of follow-ups');
  const long = `&amp;${'<b>'.repeat(100)}`;
  for (let i = 1; i <= 45; i++) await command(`followup ${i} ${long}`, channelId);
  assert.equal((await followUps(ref)).length, 45);
  const list = await command('followups', channelId);
  assert.equal(checkMessageBlocks(list.blocks ?? []), null, `within Block Kit limits: ${JSON.stringify(checkMessageBlocks(list.blocks ?? []))}`);
  assert.equal((list.blocks ?? []).filter((b) => b.accessory?.action_id === ACTIONS.completeFollowUp).length, 40);
  assert.match(JSON.stringify(list.blocks?.at(-1)), /and 5 more/);
});
