/**
 * The stakeholder announcement stays true (issue 18): over HTTP against the Slack fake, an incident
 * declared with two stakeholder channels is raised to SEV2 and resolved; the announcement is edited
 * in place each time, the escalation gets a line in its thread, and the resolution is said in every
 * stakeholder channel and in the incident channel.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
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
