/**
 * What a person does in the sandbox page besides commands and buttons, over HTTP against a real
 * sandbox Warroom and PostgreSQL: `@name` and `#channel` typed in the composer reach Warroom as
 * Slack sends them (mentions and channel links), a reaction with the timeline emoji and a pin go
 * through the signed Events API and land on the incident's timeline, and the App Home tab is
 * published on opening and its Declare button opens the declare modal.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ACTIONS } from '../../src/slack-ui/ids.js';
import { startWarroom, type RunningWarroom } from '../../src/main.js';
import { request, waitFor } from '../helpers/http.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { testConfig } from '../helpers/test-config.js';

const ALICE = 'U0ALICE01';
const CAROL = 'U0CAROL03';
const API = 'sandbox-acts-api-token';

interface Item {
  kind: string;
  ts: string;
  user: string;
  text: string;
  pinned?: boolean;
  reactions?: { name: string; users: string[] }[];
}

let db: TestDatabase;
let warroom: RunningWarroom;
let base: string;

const post = (path: string, body: unknown) => request(base, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const state = async (channel: string, user = ALICE) => (await request(base, `/sandbox/state?channel=${channel}&user=${user}`)).json;
const timeline = async () => ((await request(base, '/api/incidents/INC-1/timeline', { token: API })).json?.events ?? []) as { kind: string; text: string }[];

before(async () => {
  db = await createTestDatabase();
  warroom = await startWarroom(testConfig({ WARROOM_SANDBOX: 'on', DATABASE_URL: db.url, WARROOM_API_TOKEN: API }, { port: 0 }), silentLogger());
  await warroom.ready;
  base = `http://127.0.0.1:${warroom.port}`;
});

after(async () => {
  await warroom?.stop();
  await db?.close();
});

void describe('the sandbox page as a person’s Slack client', () => {
  let channel = '';

  void test('@name and #channel in a typed message become a mention and a channel link; the page gets every channel’s name', async () => {
    const sent = await post('/sandbox/command', { user: ALICE, channel: 'C0GENERAL', text: 'ping @carol about #incident-updates & <b>, @nobody.' });
    assert.equal(sent.status, 200, sent.text);
    const general = await state('C0GENERAL');
    const mine = general.items.filter((i: Item) => i.user === ALICE).at(-1) as Item;
    assert.equal(mine.text, `ping <@${CAROL}> about <#C0UPDATES|incident-updates> &amp; &lt;b&gt;, @nobody.`, 'as Slack stores it: mention, channel link, escaped text; an unknown name stays as typed');
    assert.equal(general.channelNames.C0UPDATES, 'incident-updates', 'a <#C…> link can show the channel name');
  });

  void test('@name in a slash command reaches Warroom as Slack escapes it (should_escape): /incident ic @carol makes Carol commander', async () => {
    await post('/sandbox/command', { user: ALICE, channel: 'C0GENERAL', text: '/incident declare Search slow' });
    const found = await waitFor('the incident channel', () => state('C0GENERAL'), (s) => s.channels.some((c: { name: string }) => c.name === 'inc-1-search-slow'));
    channel = found.channels.find((c: { name: string }) => c.name === 'inc-1-search-slow').id;
    await waitFor('Alice to be commander', () => state(channel), (s) => /IC: <@U0ALICE01>/.test(s.channel.topic));
    const ic = await post('/sandbox/command', { user: ALICE, channel, text: '/incident ic @carol' });
    assert.equal(ic.status, 200, ic.text);
    await waitFor('Carol to be commander', () => state(channel), (s) => s.channel.topic.includes(`IC: <@${CAROL}>`));
  });

  void test('a reaction with the timeline emoji records the message on the timeline (reaction_added)', async () => {
    await post('/sandbox/command', { user: ALICE, channel, text: 'Rolled back search-api to v41' });
    const room = await state(channel);
    assert.ok(room.reactionChoices.includes('pushpin'), 'the page offers the timeline emoji');
    const note = room.items.find((i: Item) => i.text === 'Rolled back search-api to v41') as Item;
    const reacted = await post('/sandbox/reaction', { user: ALICE, channel, ts: note.ts, name: 'pushpin' });
    assert.deepEqual([reacted.status, reacted.json?.ok], [200, true], reacted.text);
    const after = (await state(channel)).items.find((i: Item) => i.ts === note.ts) as Item;
    assert.deepEqual(after.reactions, [{ name: 'pushpin', users: [ALICE] }], 'the reaction is Alice’s');
    await waitFor('the message on the timeline', timeline, (events) => events.some((e) => e.text.includes('Rolled back search-api to v41')));
    const twice = await post('/sandbox/reaction', { user: ALICE, channel, ts: note.ts, name: 'pushpin' });
    assert.deepEqual([twice.status, twice.json?.error], [400, 'already_reacted'], 'Slack’s own refusal');
  });

  void test('a pin records the message on the timeline (pin_added)', async () => {
    await post('/sandbox/command', { user: ALICE, channel, text: 'Error rate back under 1 %' });
    const note = (await state(channel)).items.find((i: Item) => i.text === 'Error rate back under 1 %') as Item;
    const pinned = await post('/sandbox/pin', { user: ALICE, channel, ts: note.ts });
    assert.deepEqual([pinned.status, pinned.json?.ok], [200, true], pinned.text);
    assert.equal(((await state(channel)).items.find((i: Item) => i.ts === note.ts) as Item).pinned, true, 'the message is pinned');
    await waitFor('the pin on the timeline', timeline, (events) => events.some((e) => e.kind === 'message_pinned' && e.text.includes('Error rate back under 1')));
  });

  void test('opening the App Home publishes it (app_home_opened); its Declare button opens the declare modal', async () => {
    assert.equal((await state(channel)).home, null, 'no Home tab before it is opened');
    const opened = await post('/sandbox/home', { user: ALICE });
    assert.deepEqual([opened.status, opened.json?.ok], [200, true], opened.text);
    const withHome = await waitFor('the Home tab', () => state(channel), (s) => s.home !== null);
    assert.match(JSON.stringify(withHome.home.view.blocks), /INC-1/, 'the Home tab lists the open incident');
    const click = await post('/sandbox/action', { user: ALICE, viewId: withHome.home.id, actionId: ACTIONS.declare });
    assert.deepEqual([click.status, click.json?.ok], [200, true], click.text);
    await waitFor('the declare modal', () => state(channel), (s) => s.modal !== null && /declare/i.test(JSON.stringify(s.modal.view)));
    const wrong = await post('/sandbox/action', { user: CAROL, viewId: withHome.home.id, actionId: ACTIONS.declare });
    assert.equal(wrong.status, 404, 'another person cannot click in Alice’s Home tab');
  });
});
