/**
 * The call link (issue 21) over HTTP with the Slack fake: the set-up bookmarks the configured
 * template filled in and the pinned summary offers it; `/incident bridge` shows it, and with a URL
 * changes it (timeline, summary, bookmark edited in place); a bad URL gets a clear ephemeral error
 * and changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ACTIONS } from '../../src/slack-ui/ids.js';
import { request, waitFor } from '../helpers/http.js';
import { startWarroomWithSlack, type WarroomWithSlack } from '../helpers/warroom-with-slack.js';

const ALICE = 'U0ALICE01';
const WAIT = 15_000;
const TEMPLATE = 'https://meet.jit.si/warroom-{ref}';

let h: WarroomWithSlack;

before(async () => {
  h = await startWarroomWithSlack({ settings: (s) => ({ ...s, bridge: { url: TEMPLATE } }) });
});
after(async () => {
  await h.close();
});

interface IncidentJson {
  bridgeUrl: string | null;
  channelId: string | null;
}
const incident = async (ref: string) => (await request(h.base, `/api/incidents/${ref}`, { token: h.apiToken })).json as IncidentJson;
const timeline = async (ref: string) =>
  ((await request(h.base, `/api/incidents/${ref}/timeline`, { token: h.apiToken })).json as { events: { kind: string; actor: string; text: string; data: Record<string, unknown> }[] }).events;
const answer = async (text: string, channel: string) => String(((await h.slack.command(text, { user: ALICE, channel })).json as { text?: string }).text);

/** The call bookmarks of the channel and the call button of its pinned summary. */
function callOf(channelId: string): { bookmarks: { id: string; link: string }[]; button: string | null } {
  const bookmarks = (h.fake.channel(channelId)?.bookmarks ?? []).filter((b) => b.title === 'Call').map((b) => ({ id: b.id, link: b.link }));
  const summary = h.fake.messages(channelId).find((m) => m.pinned);
  const blocks = (summary?.blocks ?? []) as { accessory?: { action_id?: string; url?: string } }[];
  const button = blocks.find((b) => b.accessory?.action_id === ACTIONS.joinCall)?.accessory?.url ?? null;
  return { bookmarks, button };
}

/** Declares and waits for the room: the call bookmarked and the summary pinned. */
async function declared(title: string): Promise<{ ref: string; channelId: string; link: string }> {
  const ref = await h.declare(title);
  const link = `https://meet.jit.si/warroom-${ref}`;
  const { channelId } = await waitFor('the incident channel', () => incident(ref), (i) => i.channelId !== null, WAIT);
  assert.ok(channelId);
  await waitFor('the call bookmarked and in the summary', () => Promise.resolve(callOf(channelId)), (c) => c.bookmarks.length === 1 && c.button !== null, WAIT);
  return { ref, channelId, link };
}

test('the set-up bookmarks the templated call link, the pinned summary offers it, and the API gives it', async () => {
  const { ref, channelId, link } = await declared('Checkout 5xx');
  const call = callOf(channelId);
  assert.deepEqual(call.bookmarks.map((b) => b.link), [link], 'one Call bookmark, the template filled in');
  assert.equal(call.button, link, 'a "Join the call" button with the link');
  assert.equal((await incident(ref)).bridgeUrl, link);
  const created = await request(h.base, '/api/incidents', { method: 'POST', token: h.apiToken, body: JSON.stringify({ title: 'Cart errors' }) });
  const json = created.json as { ref: string; bridgeUrl: string | null };
  assert.equal(json.bridgeUrl, `https://meet.jit.si/warroom-${json.ref}`, 'the declare answer gives it too');
  assert.match(await answer('bridge', channelId), new RegExp(`Call link of \\*${ref}\\*: <${link.replace(/[.]/g, '\\.')}\\|`));
});

test('/incident bridge <url> changes the link: timeline names who, summary and bookmark follow (edited in place)', async () => {
  const { ref, channelId } = await declared('Search latency');
  const before = callOf(channelId).bookmarks[0];
  const zoom = 'https://zoom.us/j/98765?pwd=a1&x=2';
  // Slack sends a URL in command text in angle brackets, with & escaped.
  const reply = await answer('bridge <https://zoom.us/j/98765?pwd=a1&amp;x=2>', channelId);
  assert.match(reply, /call link of \*INC-\d+\* is now/, reply);

  const changed = await waitFor('the summary and the bookmark', () => Promise.resolve(callOf(channelId)), (c) => c.button === zoom && c.bookmarks[0]?.link === zoom, WAIT);
  assert.equal(changed.bookmarks.length, 1, 'still one Call bookmark');
  assert.equal(changed.bookmarks[0]?.id, before?.id, 'the same bookmark, edited');
  assert.equal(h.fake.calls('bookmarks.edit').length >= 1, true, 'bookmarks.edit was called');

  const events = (await timeline(ref)).filter((e) => e.kind === 'bridge_changed');
  assert.equal(events.length, 1);
  assert.equal(events[0]?.actor, ALICE, 'the timeline names who changed it');
  assert.match(events[0]?.text ?? '', /^Call link set to https:\/\/zoom\.us\/j\/98765\?pwd=a1&x=2 by (alice|<@U0ALICE01>)$/);
  assert.equal((await incident(ref)).bridgeUrl, zoom);
  assert.match(await answer('bridge', channelId), /zoom\.us/, 'shown from now on');
});

test('a bad URL gets a clear ephemeral error and changes nothing', async () => {
  const { ref, channelId, link } = await declared('Payments timeouts');
  const cases: [string, RegExp][] = [
    ['bridge ftp://files.example.com/x', /The call link must start with https:\/\/ or http:\/\//],
    ['bridge meet dot example', /The call link must be one URL without spaces/],
    [`bridge https://meet.example.com/${'a'.repeat(3000)}`, /The call link must be at most 3000 characters/],
  ];
  for (const [command, message] of cases) {
    const reply = await h.slack.command(command, { user: ALICE, channel: channelId });
    const body = reply.json as { response_type?: string; text?: string };
    assert.equal(body.response_type, 'ephemeral');
    assert.match(String(body.text), message);
  }
  // A later change proves the refused ones queued nothing: by the time its summary shows, any earlier work would have run.
  await h.slack.command('sev 2', { user: ALICE, channel: channelId });
  await waitFor('the summary at SEV2', () => Promise.resolve(JSON.stringify(h.fake.messages(channelId).find((m) => m.pinned)?.blocks)), (b) => b.includes('SEV2'), WAIT);
  assert.deepEqual((await timeline(ref)).filter((e) => e.kind === 'bridge_changed'), []);
  assert.equal((await incident(ref)).bridgeUrl, link);
  assert.deepEqual(callOf(channelId).bookmarks.map((b) => b.link), [link]);
  assert.equal(callOf(channelId).button, link);
});

test('a Call bookmark someone removed (bookmarks.edit answers not_found) is added again with the new link', async () => {
  const { channelId } = await declared('Login loop');
  h.fake.refuseNext('bookmarks.edit', { error: 'not_found' });
  const meet = 'https://meet.example.com/login-loop';
  assert.match(await answer(`bridge ${meet}`, channelId), /is now/);
  await waitFor('the summary with the new link', () => Promise.resolve(callOf(channelId).button), (b) => b === meet, WAIT);
  const added = await waitFor('the link bookmarked again', () => Promise.resolve(h.fake.calls('bookmarks.add').filter((c) => c.args.link === meet)), (c) => c.length > 0, WAIT);
  assert.equal(added.length, 1, 'added once');
  assert.equal(h.fake.calls('bookmarks.edit').filter((c) => c.args.channel_id === channelId).length, 1, 'one edit tried, refused');
});
