/**
 * A room marked gone comes back (issue 18 leftovers): a `channel_unarchive` event clears the mark
 * and records `room_reopened`, and the App Home is republished after `/incident newroom` so it no
 * longer offers a new room. Over HTTP: events and commands signed as Slack signs them.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ACTIONS } from '../../src/slack-ui/ids.js';
import { startApiWithSlack, type ApiWithSlack } from '../helpers/api-with-slack.js';
import { waitFor } from '../helpers/http.js';
import { slackSender, type SlackSender } from '../helpers/slack-requests.js';

const ALICE = 'U0ALICE01';
const WAIT = 15_000;

let h: ApiWithSlack;
let slack: SlackSender;

before(async () => {
  h = await startApiWithSlack([]);
  slack = slackSender(h.base, 'secret');
});
after(async () => {
  await h.close();
});

const incident = async (ref: string) => (await h.api('GET', `/api/incidents/${ref}`)).json as { room: string; channelId: string | null; channelName: string | null; status: string };
const timeline = async (ref: string) => ((await h.api('GET', `/api/incidents/${ref}/timeline`)).json as { events: { kind: string; text: string }[] }).events;

/** Declares with a room, then tells Warroom its channel was archived (the event; the fake's channel stays usable). */
async function goneRoom(title: string): Promise<{ ref: string; channelId: string; channelName: string }> {
  const { ref } = await h.declareWithRoom(title);
  const { channelId, channelName } = await incident(ref);
  assert.ok(channelId && channelName);
  assert.equal((await slack.event({ type: 'channel_archive', channel: channelId, user: ALICE, event_ts: '1.0' })).status, 200);
  await waitFor('the room marked gone', () => incident(ref), (i) => i.room === 'gone', WAIT);
  return { ref, channelId, channelName };
}

test('channel_unarchive clears the gone mark once, records room_reopened, and the room is used again', async () => {
  const { ref, channelId, channelName } = await goneRoom('Orders DB failover');
  const unarchive = { type: 'channel_unarchive', channel: channelId, user: ALICE, event_ts: '2.0' };
  assert.equal((await slack.event(unarchive)).status, 200);
  const back = await waitFor('the room back', () => incident(ref), (i) => i.room === 'ok', WAIT);
  assert.equal(back.channelId, channelId, 'the same channel');
  await slack.event(unarchive, { retryNum: 1 });
  // Room work reaches the channel again: the summary shows the new status.
  await slack.command('status identified', { channel: channelId });
  const summary = () => h.fake.messages(channelId).find((m) => m.pinned);
  await waitFor('the summary updated in the room', () => Promise.resolve(JSON.stringify(summary()?.blocks)), (b) => /Identified/i.test(b), WAIT);
  const reopened = (await timeline(ref)).filter((e) => e.kind === 'room_reopened');
  assert.deepEqual(reopened.map((e) => e.text), [`The incident channel #${channelName} was unarchived`], 'one event, the retry included');
});

test('after /incident newroom the App Home is republished and no longer offers a new room', async () => {
  const { ref } = await goneRoom('Cache eviction storm');
  await slack.event({ type: 'app_home_opened', user: ALICE, channel: 'D0HOME', tab: 'home', event_ts: '3.0' });
  const home = () => h.fake.views().find((v) => v.kind === 'home' && v.userId === ALICE);
  const offers = () => JSON.stringify(home()?.view.blocks).includes(ACTIONS.openNewRoom);
  await waitFor('the App Home offering a new room', () => Promise.resolve(offers()), (o) => o, WAIT);
  const published = home()?.updates ?? 0;

  const answer = String(((await slack.command(`newroom ${ref}`, { user: ALICE })).json as { text?: string }).text);
  assert.match(answer, /Opening a new channel/, answer);
  await waitFor('the App Home republished', () => Promise.resolve(home()?.updates ?? 0), (n) => n > published, WAIT);
  assert.equal(offers(), false, 'no "Open a new room" button for a room that is being replaced');
});

test('group_archive, group_unarchive and group_deleted (what a private channel sends, with no user) mark the room gone and back like channel_*', async () => {
  const { ref } = await h.declareWithRoom('Leaked signing key');
  const { channelId } = await incident(ref);
  assert.ok(channelId);
  assert.equal((await slack.event({ type: 'group_archive', channel: channelId, event_ts: '4.0' })).status, 200);
  await waitFor('the room marked gone', () => incident(ref), (i) => i.room === 'gone', WAIT);
  assert.equal((await slack.event({ type: 'group_unarchive', channel: channelId, event_ts: '5.0' })).status, 200);
  await waitFor('the room back', () => incident(ref), (i) => i.room === 'ok', WAIT);
  assert.equal((await timeline(ref)).filter((e) => e.kind === 'room_reopened').length, 1);
  const other = await h.declareWithRoom('Leaked deploy token');
  const otherRoom = await incident(other.ref);
  assert.ok(otherRoom.channelId);
  assert.equal((await slack.event({ type: 'group_deleted', channel: otherRoom.channelId, event_ts: '6.0' })).status, 200);
  await waitFor('the deleted room marked gone', () => incident(other.ref), (i) => i.room === 'gone', WAIT);
});
