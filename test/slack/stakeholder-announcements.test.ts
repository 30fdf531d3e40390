/**
 * What stakeholders read (issue 18), over HTTP against the Slack fake. The announcement stays true:
 * an incident declared with two stakeholder channels is raised to SEV2 and resolved; the
 * announcement is edited in place each time, the escalation gets a line in its thread, and the
 * resolution is said in every stakeholder channel and in the incident channel. The update draft
 * comes from state (scope, status, severity, commander, next update), and internal notes reach
 * stakeholders only when picked in the modal.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { computeScope, scopeInPlainWords } from '../../src/core/scope.js';
import { INPUTS, VIEWS } from '../../src/slack-ui/ids.js';
import { waitFor } from '../helpers/http.js';
import { slackSender, type SlackSender } from '../helpers/slack-requests.js';
import { startWarroomWithSlack, type WarroomWithSlack } from '../helpers/warroom-with-slack.js';
import type { FakeMessage } from '../fakes/slack-api-fake.js';

const SECRET = 'secret';
const STAKEHOLDERS = ['C0STAKE01', 'C0STAKE02'];
let h: WarroomWithSlack;
let slack: SlackSender;

before(async () => {
  h = await startWarroomWithSlack({ stakeholderChannels: STAKEHOLDERS });
  for (const id of STAKEHOLDERS) h.fake.addChannel({ id, name: `stakeholders-${id.slice(-2)}`, members: [h.fake.botUserId] });
  slack = slackSender(`http://127.0.0.1:${h.warroom.port}`, SECRET);
});
after(() => h.close());

const topLevel = (channel: string): FakeMessage[] => h.fake.messages(channel).filter((m) => m.threadTs === null || m.threadTs === m.ts);
const repliesTo = (channel: string, ts: string): FakeMessage[] => h.fake.messages(channel).filter((m) => m.threadTs === ts && m.ts !== ts);
const shown = (m: FakeMessage | undefined): string => `${m?.text ?? ''} ${JSON.stringify(m?.blocks ?? [])}`;

test('the announcement is kept current in place, an escalation is threaded under it, and the resolution is announced everywhere', async () => {
  const declared = await slack.command('declare Checkout errors', { user: 'U0ALICE01' });
  assert.equal(declared.status, 200, declared.text);
  const ref = /INC-\d+/.exec(String(declared.json.text))?.[0] ?? '';
  await waitFor('announced in both stakeholder channels', () => Promise.resolve(STAKEHOLDERS.map((c) => topLevel(c).length)), (n) => n.every((x) => x === 1), 15_000);
  const room = h.channelOf(ref);
  assert.ok(room);
  const announcement = (channel: string) => topLevel(channel)[0];
  assert.match(shown(announcement('C0STAKE01')), /SEV3/);

  const raised = await slack.command('sev 2', { channel: room.id, user: 'U0ALICE01' });
  assert.equal(raised.status, 200, raised.text);
  for (const channel of STAKEHOLDERS) {
    await waitFor(`${channel}: the announcement says SEV2`, () => Promise.resolve(announcement(channel)), (m) => /SEV2/.test(m?.text ?? ''), 10_000);
    const thread = await waitFor(`${channel}: an escalation line in its thread`, () => Promise.resolve(repliesTo(channel, announcement(channel)?.ts ?? '')), (r) => r.length === 1, 10_000);
    assert.match(thread[0]?.text ?? '', /raised to \*SEV2\* \(was SEV3\)/);
  }

  const resolved = await slack.command('resolve Rolled back', { channel: room.id, user: 'U0ALICE01' });
  assert.equal(resolved.status, 200, resolved.text);
  for (const channel of [...STAKEHOLDERS, room.id]) {
    const said = await waitFor(`${channel}: the resolution`, () => Promise.resolve(topLevel(channel).find((m) => m.text.includes(`${ref} resolved:`))), (m) => m !== undefined, 10_000);
    assert.match(shown(said), new RegExp(`${ref} resolved`));
    assert.match(shown(said), /Lasted \d+ s/, 'it says how long the incident lasted');
    assert.match(shown(said), /Impact: not measured/, 'and what it affected (no scope was measured here)');
  }
  for (const channel of STAKEHOLDERS) {
    const current = await waitFor(`${channel}: the announcement says resolved`, () => Promise.resolve(announcement(channel)), (m) => /Status: resolved/.test(shown(m)), 10_000);
    assert.match(shown(current), /SEV2/);
    assert.ok((current?.edits ?? 0) >= 2, 'edited in place, never re-posted');
    assert.equal(topLevel(channel).length, 2, 'the announcement and the resolution, nothing else');
  }
  assert.deepEqual(h.fake.violations(), []);
});

/** A view submission of the update modal as Slack sends it: the text as typed, and the notes picked. */
function submitUpdate(ref: string, text: string, notes: readonly string[]) {
  const values: Record<string, Record<string, unknown>> = { [INPUTS.update]: { [INPUTS.update]: { type: 'plain_text_input', value: text } } };
  if (notes.length > 0) values[INPUTS.updateNotes] = { [INPUTS.updateNotes]: { type: 'multi_static_select', selected_options: notes.map((value) => ({ value })) } };
  return slack.interaction({
    type: 'view_submission',
    team: { id: 'TFAKE', domain: 'acme' },
    user: { id: 'U0ALICE01', name: 'alice', team_id: 'TFAKE' },
    api_app_id: 'AWARROOM',
    trigger_id: `trigger-update-${notes.length}`,
    view: { id: `VUPDATE${notes.length}`, type: 'modal', callback_id: VIEWS.update, private_metadata: ref, state: { values } },
  });
}

interface UpdateModalView {
  blocks: { block_id?: string; element?: { initial_value?: string; options?: { text: { text: string }; value: string }[] } }[];
}

test('the update draft is written from state, and an internal note reaches stakeholders only when picked', async () => {
  const declared = await slack.command('declare Card payments failing --sev 2', { user: 'U0ALICE01' });
  const ref = /INC-\d+/.exec(String(declared.json.text))?.[0] ?? '';
  await waitFor('announced', () => Promise.resolve(h.fake.messages('C0STAKE01').filter((m) => m.text.includes(ref)).length), (n) => n === 1, 15_000);
  const room = h.channelOf(ref);
  assert.ok(room);
  // The scope as the scope service keeps it on the incident (measured here without a metrics backend).
  const scope = computeScope({
    errors: [{ region: 'eu-west-1', service: 'checkout', value: 18 }],
    requests: [{ region: 'eu-west-1', service: 'checkout', value: 100 }, { region: 'us-east-1', service: 'checkout', value: 100 }],
    affectedAbove: 0.05,
    source: 'prometheus',
    at: new Date().toISOString(),
  });
  await h.db.knex('incidents').where({ id: Number(ref.slice(4)) }).update({ scope: JSON.stringify(scope) });
  for (const note of ['action: page the DBA about replica lag', 'Rolled back deploy 42']) assert.equal((await slack.command(`note ${note}`, { channel: room.id })).status, 200);

  const opened = await slack.command('update', { channel: room.id, user: 'U0ALICE01' });
  assert.equal(opened.status, 200, opened.text);
  const modal = await waitFor('the update modal', () => Promise.resolve(h.fake.views().find((v) => (v.view as { callback_id?: string; private_metadata?: string }).private_metadata === ref)), (v) => v !== undefined, 10_000);
  const view = modal?.view as unknown as UpdateModalView;
  const draft = view.blocks.find((b) => b.block_id === INPUTS.update)?.element?.initial_value ?? '';
  assert.ok(draft.includes(`What is affected: ${scopeInPlainWords(scope)}`), draft);
  assert.match(draft, /Status: investigating — /);
  assert.match(draft, /Severity: SEV2/);
  assert.match(draft, /Commander: <@U0ALICE01>/);
  assert.match(draft, /Next update by \d\d:\d\d UTC\./, 'SEV2 has a cadence');
  assert.doesNotMatch(draft, /action:|Rolled back|Commander assigned|Recent deploy/, 'nothing of the internal timeline');
  const options = view.blocks.find((b) => b.block_id === INPUTS.updateNotes)?.element?.options ?? [];
  assert.deepEqual(options.map((o) => o.text.text.slice(6)), ['Rolled back deploy 42', 'action: page the DBA about replica lag'], 'recent notes, newest first');

  const inStakeholders = (needle: string) => h.fake.messages('C0STAKE01').filter((m) => JSON.stringify(m.blocks).includes(needle));
  assert.equal((await submitUpdate(ref, draft, [])).status, 200);
  const [sent] = await waitFor('the update as drafted', () => Promise.resolve(inStakeholders('What is affected')), (ms) => ms.length === 1, 10_000);
  assert.match(JSON.stringify(sent?.blocks), /Commander: <@U0ALICE01>/, 'the commander is a mention Slack renders');
  assert.doesNotMatch(JSON.stringify(sent?.blocks), /action:/, 'no internal note unless picked');

  const picked = options.find((o) => o.text.text.includes('action:'))?.value ?? '';
  assert.equal((await submitUpdate(ref, 'Replica lag is the cause.', [picked])).status, 200);
  const [withNote] = await waitFor('the update with the picked note', () => Promise.resolve(inStakeholders('Replica lag is the cause.')), (ms) => ms.length === 1, 10_000);
  assert.match(JSON.stringify(withNote?.blocks), /Notes:\\n- \d\d:\d\d UTC action: page the DBA about replica lag/);
  assert.doesNotMatch(JSON.stringify(withNote?.blocks), /Rolled back/, 'only the note picked');
  assert.deepEqual(h.fake.violations(), []);
});
