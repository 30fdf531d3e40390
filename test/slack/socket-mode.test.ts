/**
 * Socket Mode end to end: Warroom with SLACK_APP_TOKEN (and no signing secret) asks the Slack fake
 * for a socket URL (apps.connections.open, app-level token) and connects to a local WebSocket
 * server speaking Slack's Socket Mode protocol. Commands, button clicks and events arrive as
 * envelopes and reach the same handlers as over HTTP; dropped sockets reconnect; redeliveries run once.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ACTIONS } from '../../src/slack-ui/ids.js';
import { startWarroom, type RunningWarroom } from '../../src/main.js';
import { startSlackFake, type FakeMessage, type SlackFake } from '../fakes/slack-api-fake.js';
import { startSlackSocketFake, type SlackSocketFake } from '../fakes/slack-socket-fake.js';
import { request, waitFor } from '../helpers/http.js';
import { silentLogger, type RecordingLogger } from '../helpers/silent-logger.js';
import { slackSender } from '../helpers/slack-requests.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { testConfig } from '../helpers/test-config.js';

const APP_TOKEN = 'xapp-1-AFAKEAPP-1-socket-mode-test';
const API = 'socket-mode-api-token';
const ALICE = 'U0ALICE01';
const BOB = 'U0BOB0002';
const WAIT = 15_000;

let db: TestDatabase;
let socket: SlackSocketFake;
let fake: SlackFake;
let log: RecordingLogger;
let warroom: RunningWarroom;
let base: string;

before(async () => {
  db = await createTestDatabase({ migrate: false });
  socket = await startSlackSocketFake();
  fake = await startSlackFake({ knownUsers: [{ id: ALICE, name: 'alice' }, { id: BOB, name: 'bob' }], socketMode: { appToken: APP_TOKEN, url: () => socket.url } });
  // No SLACK_SIGNING_SECRET: Socket Mode does not use it.
  const config = testConfig({ DATABASE_URL: db.url, WARROOM_API_TOKEN: API, SLACK_BOT_TOKEN: fake.token, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: fake.url });
  log = silentLogger();
  warroom = await startWarroom({ ...config, port: 0, host: '127.0.0.1', settings: { ...config.settings, stakeholderChannels: [] } }, log);
  base = `http://127.0.0.1:${warroom.port}`;
  await warroom.ready;
  await socket.connected(1);
});

after(async () => {
  await warroom.stop();
  await socket.close();
  await fake.close();
  await db.close();
});

interface ApiIncident {
  ref: string;
  title: string;
  channelId: string | null;
}

const incidents = async (): Promise<ApiIncident[]> => {
  const r = await request(base, '/api/incidents?status=all', { token: API });
  assert.equal(r.status, 200, r.text);
  return r.json.incidents as ApiIncident[];
};
const incident = async (ref: string): Promise<ApiIncident> => {
  const r = await request(base, `/api/incidents/${ref}`, { token: API });
  assert.equal(r.status, 200, r.text);
  return r.json as ApiIncident;
};
const timeline = async (ref: string): Promise<{ kind: string; data: any }[]> => {
  const r = await request(base, `/api/incidents/${ref}/timeline`, { token: API });
  assert.equal(r.status, 200, r.text);
  return r.json.events as { kind: string; data: any }[];
};

let triggers = 0;
/** A slash command payload as Slack puts it in a `slash_commands` envelope (the HTTP form's fields). */
const command = (text: string, channel = 'CGENERAL') => ({
  token: 'legacy-verification-token',
  team_id: 'TFAKE',
  team_domain: 'acme',
  channel_id: channel,
  channel_name: 'general',
  user_id: ALICE,
  user_name: 'alice',
  command: '/incident',
  text,
  api_app_id: 'AFAKEAPP',
  is_enterprise_install: 'false',
  response_url: 'http://127.0.0.1:9/commands/unused',
  trigger_id: `${Date.now()}.${++triggers}.socketmode`,
});

/** An Events API event_callback as Slack puts it in an `events_api` envelope. */
const eventCallback = (eventId: string, event: Record<string, unknown>) => ({
  token: 'legacy-verification-token',
  team_id: 'TFAKE',
  api_app_id: 'AFAKEAPP',
  type: 'event_callback',
  event_id: eventId,
  event_time: Math.floor(Date.now() / 1000),
  authorizations: [{ team_id: 'TFAKE', user_id: 'UBOT', is_bot: true }],
  event,
});

async function declare(title: string, envelopeId?: string): Promise<{ ref: string; text: string }> {
  const ack = await socket.slashCommand(command(`declare ${title}`), envelopeId === undefined ? {} : { envelopeId });
  const text = typeof ack.payload?.text === 'string' ? ack.payload.text : '';
  assert.equal(ack.payload?.response_type, 'ephemeral', `the ack carries the ephemeral answer: ${JSON.stringify(ack)}`);
  const ref = /\*(INC-\d+)\*/.exec(text)?.[1];
  assert.ok(ref, `the answer names the incident: ${text}`);
  return { ref, text };
}

const roomOf = (ref: string) =>
  waitFor(`the channel of ${ref}`, () => incident(ref), (i) => i.channelId !== null, WAIT).then((i) => i.channelId ?? '');

const summaryIn = (channelId: string) =>
  waitFor('the pinned summary', () => Promise.resolve(fake.messages(channelId).find((m) => m.user === fake.botUserId && m.pinned)), (m) => m !== undefined, WAIT).then((m) => {
    assert.ok(m);
    return m;
  });

/** The summary's button `actionId`, in an actions block or as a section's accessory. */
function button(summary: FakeMessage, actionId: string): Record<string, any> {
  for (const block of (summary.blocks ?? []) as Record<string, any>[]) {
    const elements = (block.type === 'actions' ? block.elements : [block.accessory]) as (Record<string, any> | undefined)[];
    const found = elements.find((e) => e?.action_id === actionId);
    if (found) return { ...found, block_id: block.block_id };
  }
  assert.fail(`the summary has no ${actionId}`);
}

/** A `block_actions` payload as Slack puts it in an `interactive` envelope. */
const click = (summary: FakeMessage, actionId: string, user: string) => {
  const element = button(summary, actionId);
  return {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: 'TFAKE' },
    api_app_id: 'AFAKEAPP',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: summary.ts, channel_id: summary.channel, is_ephemeral: false },
    trigger_id: `${Date.now()}.${++triggers}.socketmode`,
    team: { id: 'TFAKE', domain: 'acme' },
    channel: { id: summary.channel, name: 'incident' },
    message: { type: 'message', ts: summary.ts, user: fake.botUserId, bot_id: 'BBOT', text: '' },
    response_url: 'https://hooks.slack.com/actions/TFAKE/1/unused',
    actions: [{ type: 'button', action_id: actionId, block_id: element.block_id, text: element.text, value: element.value, action_ts: `${Date.now() / 1000}` }],
  };
};

/** Waits for connection `count` after asking Slack's side to end the current one. */
async function reconnected(count: number): Promise<void> {
  await socket.connected(count);
  assert.equal(fake.calls('apps.connections.open').length, count, 'each connection came from a new apps.connections.open');
}

void describe('Socket Mode', () => {
  void test('a command and a summary button over the socket reach the same handlers as over HTTP; /slack/events refuses everything', async () => {
    const opened = fake.calls('apps.connections.open');
    assert.equal(opened.length, 1);
    assert.equal(opened[0]?.token, APP_TOKEN, 'apps.connections.open is called with the app-level token');

    const { ref, text } = await declare('Checkout is down over the socket');
    assert.match(text, /Declared \*INC-\d+\* \(SEV\d\): Checkout is down over the socket/);
    assert.ok((await incidents()).some((i) => i.ref === ref && i.title === 'Checkout is down over the socket'), 'the incident exists');

    const summary = await summaryIn(await roomOf(ref));
    const clicked = click(summary, ACTIONS.addNote, BOB);
    const ack = await socket.interactive(clicked);
    assert.deepEqual(ack.payload ?? {}, {}, 'a button is acknowledged without a payload');
    const modal = await waitFor('the note modal', () => Promise.resolve(fake.views().find((v) => v.triggerId === clicked.trigger_id)), (v) => v !== undefined, WAIT);
    assert.equal(modal?.via, 'open', 'the click opened the note modal with its trigger_id, as over HTTP');

    // Nobody can sign for /slack/events: whatever secret a caller guesses, it is refused.
    const http = await slackSender(base, 'a-guessed-secret').command('declare over http');
    assert.equal(http.status, 401, `POST /slack/events in Socket Mode: ${http.status} ${http.text}`);
  });

  void test('a dropped socket and a refresh request both reconnect through a new apps.connections.open; commands work after each', async () => {
    const before = socket.connections();
    socket.drop();
    await reconnected(before + 1);
    const list = await socket.slashCommand(command('list'));
    assert.match(String(list.payload?.text), /INC-\d+/, `a command after the drop is answered: ${JSON.stringify(list)}`);

    socket.disconnect('refresh_requested');
    await reconnected(before + 2);
    const afterRefresh = await socket.slashCommand(command('list'));
    assert.match(String(afterRefresh.payload?.text), /INC-\d+/, `a command after the refresh is answered: ${JSON.stringify(afterRefresh)}`);
  });

  void test('deliveries repeated after a reconnect (same envelope_id; same event_id) run once', async () => {
    const envelopeId = randomUUID();
    const title = `Redelivered ${envelopeId.slice(0, 8)}`;
    const { ref } = await declare(title, envelopeId);
    const room = await roomOf(ref);
    const joined = (eventId: string) => eventCallback(eventId, { type: 'member_joined_channel', user: BOB, channel: room, channel_type: 'C', team: 'TFAKE', inviter: ALICE, event_ts: `${Date.now() / 1000}` });
    await socket.eventsApi(joined('Ev0SOCKET01'));
    await waitFor('BOB joined on the timeline', () => timeline(ref), (events) => events.some((e) => e.kind === 'member_joined' && e.data.user === BOB), WAIT);

    // The socket drops before Slack saw the acks: after the reconnect it delivers them again.
    const before = socket.connections();
    socket.drop();
    await reconnected(before + 1);
    const again = await socket.slashCommand(command(`declare ${title}`), { envelopeId });
    assert.deepEqual(again.payload ?? {}, {}, `the duplicate is acknowledged with nothing: ${JSON.stringify(again)}`);
    assert.equal((await incidents()).filter((i) => i.title === title).length, 1, 'one incident for one command');

    // Events are acknowledged before any middleware runs: wait for the outcome itself — the
    // duplicate noted in the log, or (the bug) a second join on the timeline.
    const joins = () => timeline(ref).then((events) => events.filter((e) => e.kind === 'member_joined' && e.data.user === BOB).length);
    const ignored = (eventId: string) => log.lines.filter((l) => l.msg === 'a duplicate Socket Mode delivery was ignored' && JSON.stringify(l.obj).includes(eventId)).length;
    for (const retryAttempt of [0, 1]) {
      await socket.eventsApi(joined('Ev0SOCKET01'), { retryAttempt, retryReason: retryAttempt > 0 ? 'timeout' : '' });
      await waitFor(`redelivery (retry_attempt ${retryAttempt}) decided`, async () => ({ ignored: ignored('Ev0SOCKET01'), joins: await joins() }), (s) => s.ignored > retryAttempt || s.joins > 1, WAIT);
      assert.equal(await joins(), 1, `retry_attempt ${retryAttempt}: one join on the timeline`);
    }
  });
});
