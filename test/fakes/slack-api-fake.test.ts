// The Slack Web API fake, driven by the real WebClient from @slack/web-api over HTTP.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import { ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import type { Logger } from '@slack/web-api';
import { startSlackFake } from './slack-api-fake.js';
import type { SlackFake, SlackFakeOptions } from './slack-api-fake.js';

const TOKEN = 'xoxb-test-token';

const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

/** A real WebClient aimed at the fake; `token: null` sends none. */
function clientFor(fake: SlackFake, token: string | null = TOKEN, extra: { timeout?: number } = {}): WebClient {
  return new WebClient(token ?? undefined, {
    slackApiUrl: fake.url,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: silentLogger,
    ...extra,
  });
}

async function fakeFor(t: TestContext, options: SlackFakeOptions = {}): Promise<SlackFake> {
  const fake = await startSlackFake(options);
  t.after(() => fake.close());
  return fake;
}

/** The error a call rejects with (fails the test if it resolves). */
async function rejection(call: Promise<unknown>): Promise<any> {
  try {
    await call;
  } catch (err) {
    return err;
  }
  assert.fail('expected the call to fail');
}

/** Slack's error code of a rejected platform call (`{ ok: false, error }`). */
async function slackError(call: Promise<unknown>): Promise<string> {
  const err = await rejection(call);
  assert.equal(err.code, ErrorCode.PlatformError, `expected a platform error, got ${String(err)}`);
  return err.data.error;
}

async function post(fake: SlackFake, method: string, body: string | object, headers: Record<string, string> = {}): Promise<Response> {
  const isForm = typeof body === 'string';
  return fetch(`${fake.url}${method}`, {
    method: 'POST',
    headers: { 'content-type': isForm ? 'application/x-www-form-urlencoded' : 'application/json; charset=utf-8', ...headers },
    body: isForm ? body : JSON.stringify(body),
  });
}

const summaryBlocks = [
  { type: 'header', text: { type: 'plain_text', text: 'INC-42: database down' } },
  { type: 'section', text: { type: 'mrkdwn', text: '*Status:* investigating' }, block_id: 'status' },
  { type: 'divider' },
];

test('auth: no token is not_authed, a wrong one invalid_auth; header or form token works', async (t) => {
  const fake = await fakeFor(t, { botUserId: 'UWARROOM', teamId: 'T123' });
  assert.equal(await slackError(clientFor(fake, null).auth.test()), 'not_authed');
  assert.equal(await slackError(clientFor(fake, 'xoxb-wrong').auth.test()), 'invalid_auth');
  assert.equal(await slackError(clientFor(fake, 'xoxb-wrong').chat.postMessage({ channel: 'C1', text: 'x' })), 'invalid_auth');

  const me = await clientFor(fake).auth.test();
  assert.equal(me.ok, true);
  assert.equal(me.user_id, 'UWARROOM');
  assert.equal(me.team_id, 'T123');
  assert.equal(typeof me.bot_id, 'string');

  const form = await post(fake, 'auth.test', `token=${TOKEN}`);
  assert.equal(form.status, 200);
  assert.equal(((await form.json()) as any).user_id, 'UWARROOM');
  // JSON bodies must authenticate with the header, as on Slack.
  const jsonBodyToken = await post(fake, 'auth.test', { token: TOKEN });
  assert.deepEqual(await jsonBodyToken.json(), { ok: false, error: 'not_authed' });
  const jsonHeader = await post(fake, 'auth.test', {}, { authorization: `Bearer ${TOKEN}` });
  assert.equal(((await jsonHeader.json()) as any).ok, true);

  const recorded = fake.calls('auth.test');
  assert.equal(recorded.length, 6);
  assert.equal(recorded[0]?.token, null);
  assert.equal(recorded[0]?.error, 'not_authed');
  assert.equal(recorded[1]?.token, 'xoxb-wrong');
  assert.equal(recorded[2]?.status, 200);
  assert.equal(recorded[2]?.ok, true);
  assert.equal(recorded[3]?.token, TOKEN, 'token from the form field');
});

test('apps.connections.open takes only the app-level token and hands out a fresh socket URL each time', async (t) => {
  const appToken = 'xapp-1-AFAKEAPP-1-secret';
  const fake = await fakeFor(t, { socketMode: { appToken, url: () => 'ws://127.0.0.1:9/link/' } });
  const first = await clientFor(fake, appToken).apps.connections.open({});
  const second = await clientFor(fake, appToken).apps.connections.open({});
  assert.match(String(first.url), /^ws:\/\/127\.0\.0\.1:9\/link\/\?ticket=[^&]+&app_id=AFAKEAPP$/);
  assert.notEqual(first.url, second.url, 'a fresh ticket per call');
  assert.equal(await slackError(clientFor(fake).apps.connections.open({})), 'not_allowed_token_type', 'the bot token is refused');
  assert.equal(await slackError(clientFor(fake, 'xapp-1-AFAKEAPP-1-wrong').apps.connections.open({})), 'invalid_auth');
  assert.equal(await slackError(clientFor(fake, appToken).auth.test()), 'not_allowed_token_type', 'the app token is no bot token');
  const noSocketMode = await fakeFor(t);
  assert.equal(await slackError(clientFor(noSocketMode, appToken).apps.connections.open({})), 'invalid_auth', 'an app without Socket Mode has no app-level token');
});

test('conversations.create enforces Slack channel-name rules and name_taken', async (t) => {
  const fake = await fakeFor(t);
  const client = clientFor(fake);
  const cases: [string, string][] = [
    ['', 'invalid_name_required'],
    ['Incident-1', 'invalid_name_specials'],
    ['inc 1', 'invalid_name_specials'],
    ['inc.1', 'invalid_name_specials'],
    ['inc#1', 'invalid_name_specials'],
    ['ÜBER', 'invalid_name_specials'],
    ['a'.repeat(81), 'invalid_name_maxlength'],
    ['--__', 'invalid_name_punctuation'],
  ];
  for (const [name, error] of cases) {
    assert.equal(await slackError(client.conversations.create({ name })), error, `name ${JSON.stringify(name)}`);
  }
  assert.equal(fake.channels().length, 0);

  for (const name of ['a'.repeat(80), 'inc-7_db', 'über-2']) {
    const created = await client.conversations.create({ name });
    assert.equal(created.channel?.name, name);
  }
  assert.equal(await slackError(client.conversations.create({ name: 'inc-7_db' })), 'name_taken');
  assert.equal(await slackError(client.conversations.create({ name: 'inc-7_db', is_private: true })), 'name_taken');

  fake.addChannel({ name: 'stakeholders', members: ['U1'] });
  assert.equal(await slackError(client.conversations.create({ name: 'stakeholders' })), 'name_taken');
  assert.equal(fake.channels().length, 4);
});

test('create → topic → invite → post → update → pin → bookmark: answers and recorded state', async (t) => {
  const fake = await fakeFor(t, { knownUsers: [{ id: 'U1', email: 'ic@example.com' }, { id: 'U2' }] });
  const client = clientFor(fake);

  const created = await client.conversations.create({ name: 'inc-42-database-down' });
  const channel = created.channel!;
  assert.match(channel.id!, /^C[0-9A-Z]+$/);
  assert.equal(channel.creator, 'UBOT');
  assert.equal(channel.is_member, true);
  assert.equal(channel.is_private, false);

  await client.conversations.setTopic({ channel: channel.id!, topic: 'SEV1 · investigating' });
  await client.conversations.setPurpose({ channel: channel.id!, purpose: 'warroom:incident:42' });
  assert.equal(await slackError(client.conversations.setTopic({ channel: channel.id!, topic: 'x'.repeat(251) })), 'too_long');
  const invited = await client.conversations.invite({ channel: channel.id!, users: 'U1,U2' });
  assert.equal((invited.channel as { num_members?: number } | undefined)?.num_members, 3);

  const first = await client.chat.postMessage({ channel: channel.id!, text: 'INC-42 summary', blocks: summaryBlocks });
  assert.match(first.ts!, /^\d{10}\.\d{6}$/);
  assert.equal(first.channel, channel.id);
  assert.equal(first.message?.bot_id, 'BBOT');
  assert.deepEqual(first.message?.blocks, summaryBlocks);
  const second = await client.chat.postMessage({ channel: channel.id!, text: 'second', thread_ts: first.ts! });
  assert.ok(Number(second.ts) > Number(first.ts), 'ts grows');

  const newBlocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Status:* identified' } }];
  const updated = await client.chat.update({ channel: channel.id!, ts: first.ts!, text: 'INC-42 summary v2', blocks: newBlocks });
  assert.equal(updated.ts, first.ts);
  await client.pins.add({ channel: channel.id!, timestamp: first.ts! });
  assert.equal(await slackError(client.pins.add({ channel: channel.id!, timestamp: first.ts! })), 'already_pinned');
  assert.equal(await slackError(client.pins.add({ channel: channel.id!, timestamp: '1.000001' })), 'message_not_found');
  await client.bookmarks.add({ channel_id: channel.id!, title: 'Runbook', type: 'link', link: 'https://runbooks.example.com/db' });
  assert.equal(await slackError(client.bookmarks.add({ channel_id: channel.id!, title: 'x', type: 'link', link: 'ftp://x' })), 'invalid_link');
  // bookmarks.edit: the same bookmark, its link (and title) replaced; Slack's errors for a bad link or an unknown bookmark.
  const call = await client.bookmarks.add({ channel_id: channel.id!, title: 'Call', type: 'link', link: 'https://meet.example.com/a' });
  const edited = await client.bookmarks.edit({ channel_id: channel.id!, bookmark_id: call.bookmark!.id!, link: 'https://meet.example.com/b' });
  assert.deepEqual([edited.bookmark?.id, edited.bookmark?.title, edited.bookmark?.link], [call.bookmark!.id, 'Call', 'https://meet.example.com/b']);
  assert.equal(await slackError(client.bookmarks.edit({ channel_id: channel.id!, bookmark_id: call.bookmark!.id!, link: 'ftp://x' })), 'invalid_link');
  assert.equal(await slackError(client.bookmarks.edit({ channel_id: channel.id!, bookmark_id: 'Bk0NOPE', link: 'https://x.example' })), 'not_found');
  await client.reactions.add({ channel: channel.id!, timestamp: second.ts!, name: 'eyes' });
  const link = await client.chat.getPermalink({ channel: channel.id!, message_ts: first.ts! });
  assert.match(link.permalink!, new RegExp(`/archives/${channel.id}/p${first.ts!.replace('.', '')}$`));
  const eph = await client.chat.postEphemeral({ channel: channel.id!, user: 'U1', text: 'only you' });
  assert.match(eph.message_ts!, /^\d{10}\.\d{6}$/);

  const state = fake.channelByName('inc-42-database-down');
  assert.ok(state);
  assert.equal(state.id, channel.id);
  assert.equal(state.creator, 'UBOT');
  assert.deepEqual([...state.members].sort(), ['U1', 'U2', 'UBOT']);
  assert.equal(state.topic, 'SEV1 · investigating');
  assert.equal(state.purpose, 'warroom:incident:42');
  assert.deepEqual(state.bookmarks.map((b) => [b.title, b.type, b.link]), [['Runbook', 'link', 'https://runbooks.example.com/db'], ['Call', 'link', 'https://meet.example.com/b']]);

  const messages = fake.messages(channel.id!);
  assert.equal(messages.length, 2);
  const [summary, reply] = messages;
  assert.equal(summary?.ts, first.ts);
  assert.equal(summary?.text, 'INC-42 summary v2');
  assert.deepEqual(summary?.blocks, newBlocks);
  assert.equal(summary?.edits, 1);
  assert.equal(summary?.pinned, true);
  assert.equal(summary?.user, 'UBOT');
  assert.equal(reply?.threadTs, first.ts);
  assert.equal(reply?.pinned, false);
  assert.deepEqual(reply?.reactions, [{ name: 'eyes', users: ['UBOT'] }]);
  assert.deepEqual(fake.ephemerals(channel.id).map((e) => [e.user, e.text]), [['U1', 'only you']]);

  // A text-only update keeps the blocks, as Slack does.
  await client.chat.update({ channel: channel.id!, ts: first.ts!, text: 'v3' });
  assert.deepEqual(fake.message(channel.id!, first.ts!)?.blocks, newBlocks);
  assert.equal(fake.message(channel.id!, first.ts!)?.edits, 2);
  assert.equal(await slackError(client.apiCall('chat.postMessage', { channel: channel.id! })), 'no_text');
});

test('conversations.invite: already_in_channel, cant_invite_self, user_not_found, not_in_channel', async (t) => {
  const fake = await fakeFor(t, { knownUsers: [{ id: 'U1' }, { id: 'U2' }] });
  const client = clientFor(fake);
  const { channel } = await client.conversations.create({ name: 'inc-1' });
  const id = channel!.id!;

  await client.conversations.invite({ channel: id, users: 'U1' });
  const err = await rejection(client.conversations.invite({ channel: id, users: 'U1' }));
  assert.equal(err.data.ok, false);
  assert.equal(err.data.error, 'already_in_channel');
  assert.deepEqual(err.data.errors, [{ user: 'U1', ok: false, error: 'already_in_channel' }]);
  // Some new, some already there: the new ones join.
  await client.conversations.invite({ channel: id, users: 'U1,U2' });
  assert.deepEqual([...fake.channel(id)!.members].sort(), ['U1', 'U2', 'UBOT']);

  assert.equal(await slackError(client.conversations.invite({ channel: id, users: 'UBOT' })), 'cant_invite_self');
  assert.equal(await slackError(client.conversations.invite({ channel: id, users: 'UNOBODY' })), 'user_not_found');
  assert.equal(await slackError(client.conversations.invite({ channel: id, users: '' })), 'no_user');
  assert.equal(await slackError(client.conversations.invite({ channel: 'CNOPE', users: 'U1' })), 'channel_not_found');

  fake.addChannel({ id: 'CSTAKE', name: 'stakeholders', members: ['U1'] });
  assert.equal(await slackError(client.conversations.invite({ channel: 'CSTAKE', users: 'U2' })), 'not_in_channel');
});

test('stakeholder channels: not_in_channel until the bot is a member; private ones are invisible', async (t) => {
  const fake = await fakeFor(t);
  const client = clientFor(fake);
  fake.addChannel({ id: 'CSTAKE', name: 'stakeholders', members: ['U1', 'U2'] });
  fake.addChannel({ id: 'CEXEC', name: 'exec-updates', members: ['UBOT', 'U9'] });
  fake.addChannel({ id: 'CSECRET', name: 'secret', members: ['U1'], isPrivate: true });
  fake.addChannel({ id: 'COLD', name: 'old', members: ['UBOT'], isArchived: true });

  assert.equal(await slackError(client.chat.postMessage({ channel: 'CSTAKE', text: 'update' })), 'not_in_channel');
  assert.equal(await slackError(client.conversations.setTopic({ channel: 'CSTAKE', topic: 't' })), 'not_in_channel');
  assert.deepEqual(fake.messages('CSTAKE'), []);
  assert.equal(await slackError(client.chat.postMessage({ channel: 'CSECRET', text: 'update' })), 'channel_not_found');
  assert.equal(await slackError(client.conversations.info({ channel: 'CSECRET' })), 'channel_not_found');
  assert.equal(await slackError(client.chat.postMessage({ channel: 'CNOPE', text: 'update' })), 'channel_not_found');
  assert.equal(await slackError(client.chat.postMessage({ channel: 'COLD', text: 'update' })), 'is_archived');

  const exec = await client.chat.postMessage({ channel: 'CEXEC', text: 'update' });
  assert.equal(exec.channel, 'CEXEC');
  assert.equal((await client.conversations.info({ channel: 'CSTAKE' })).channel?.is_member, false);

  await client.conversations.join({ channel: 'CSTAKE' });
  await client.chat.postMessage({ channel: 'CSTAKE', text: 'update' });
  assert.deepEqual(fake.messages('CSTAKE').map((m) => m.text), ['update']);
  const members = await client.conversations.members({ channel: 'CSTAKE' });
  assert.deepEqual(members.members, ['U1', 'U2', 'UBOT']);
});

test('429: Retry-After is sent, an early call is a violation, a call after waiting is not', async (t) => {
  const fake = await fakeFor(t);
  const client = clientFor(fake);
  const { channel } = await client.conversations.create({ name: 'inc-429' });
  const id = channel!.id!;

  // The raw answer, exactly as Slack sends it.
  fake.rateLimit('conversations.info', { retryAfterSeconds: 1, count: 1 });
  const raw = await post(fake, 'conversations.info', `channel=${id}`, { authorization: `Bearer ${TOKEN}` });
  assert.equal(raw.status, 429);
  assert.equal(raw.headers.get('retry-after'), '1');
  assert.equal(await raw.text(), '{"ok":false,"error":"ratelimited"}');

  fake.rateLimit('chat.postMessage', { retryAfterSeconds: 1, count: 1 });
  const limited = await rejection(client.chat.postMessage({ channel: id, text: 'a' }));
  assert.equal(limited.code, ErrorCode.RateLimitedError);
  assert.equal(limited.retryAfter, 1);
  assert.deepEqual(fake.messages(id), []);
  assert.deepEqual(fake.violations(), []);

  // Another method is not limited by it, nor is posting to another channel (Slack limits posts per channel).
  await client.auth.test();
  const { channel: other } = await client.conversations.create({ name: 'inc-429-other' });
  await client.chat.postMessage({ channel: other!.id!, text: 'elsewhere' });
  assert.deepEqual(fake.violations(), []);

  // Calling again at once ignores Retry-After: the fake answers (the rule is spent) but records it.
  await client.chat.postMessage({ channel: id, text: 'too early' });
  const violations = fake.violations();
  assert.equal(violations.length, 1);
  assert.equal(violations[0]?.method, 'chat.postMessage');
  assert.equal(violations[0]?.retryAfterSeconds, 1);
  assert.ok((violations[0]?.earlyByMs ?? 0) > 0);
  const postCalls = fake.calls('chat.postMessage').filter((c) => c.args.channel === id);
  assert.deepEqual(postCalls.map((c) => [c.status, c.early]), [[429, false], [200, true]]);
  assert.equal(postCalls[0]?.error, 'ratelimited');

  // A well-behaved client waits Retry-After before calling the method again.
  fake.rateLimit('conversations.setTopic', { retryAfterSeconds: 1, count: 1 });
  const again = await rejection(client.conversations.setTopic({ channel: id, topic: 'b' }));
  assert.equal(again.code, ErrorCode.RateLimitedError);
  await new Promise((resolve) => setTimeout(resolve, again.retryAfter * 1000));
  await client.conversations.setTopic({ channel: id, topic: 'after waiting' });
  await client.chat.postMessage({ channel: id, text: 'after waiting' });
  assert.equal(fake.violations().length, 1);
  assert.deepEqual(fake.calls('conversations.setTopic').map((c) => [c.status, c.early]), [[429, false], [200, false]]);
  assert.deepEqual(fake.messages(id).map((m) => m.text), ['too early', 'after waiting']);
});

test('rate limits with a probability follow the seed', async (t) => {
  const pattern = async (seed: number): Promise<number[]> => {
    const fake = await fakeFor(t, { seed });
    fake.rateLimit('*', { retryAfterSeconds: 0, probability: 0.5 });
    const client = clientFor(fake);
    for (let i = 0; i < 24; i++) await client.auth.test().catch(() => undefined);
    return fake.calls().map((c) => c.status ?? 0);
  };
  const a = await pattern(7);
  assert.deepEqual(await pattern(7), a);
  assert.ok(a.includes(429) && a.includes(200), `both answers in ${a.join(',')}`);
  assert.notDeepEqual(await pattern(8), a);
});

test('failNext answers HTTP 5xx, then the method works again', async (t) => {
  const fake = await fakeFor(t);
  const client = clientFor(fake);
  const { channel } = await client.conversations.create({ name: 'inc-500' });
  const id = channel!.id!;

  fake.failNext('chat.postMessage', { status: 500 });
  const err = await rejection(client.chat.postMessage({ channel: id, text: 'x' }));
  assert.equal(err.code, ErrorCode.HTTPError);
  assert.equal(err.statusCode, 500);
  assert.deepEqual(fake.messages(id), [], 'a 5xx call changes nothing');
  await client.chat.postMessage({ channel: id, text: 'x' });

  fake.failNext('*', { status: 503, count: 2 });
  assert.equal((await rejection(client.auth.test())).statusCode, 503);
  assert.equal((await rejection(client.conversations.info({ channel: id }))).statusCode, 503);
  await client.auth.test();
  assert.deepEqual(
    fake.calls().slice(-5).map((c) => c.status),
    [500, 200, 503, 503, 200],
  );
});

test('refuseNext answers Slack\'s own ok:false error (HTTP 200), changes nothing, then the method works again', async (t) => {
  const fake = await fakeFor(t);
  const client = clientFor(fake);
  fake.refuseNext('conversations.create', { error: 'internal_error', count: 2 });
  for (let i = 0; i < 2; i++) {
    const err = await rejection(client.conversations.create({ name: 'inc-refused' }));
    assert.equal(err.code, ErrorCode.PlatformError);
    assert.equal(err.data?.error, 'internal_error');
  }
  assert.equal(fake.channelByName('inc-refused'), undefined, 'a refused call changes nothing');
  await client.conversations.create({ name: 'inc-refused' });
  assert.deepEqual(
    fake.calls('conversations.create').map((c) => [c.status, c.ok]),
    [[200, false], [200, false], [200, true]],
  );
});

test('stop/start: refused while stopped, same port and state after start', async (t) => {
  const fake = await fakeFor(t);
  const client = clientFor(fake);
  const { channel } = await client.conversations.create({ name: 'inc-down' });
  const url = fake.url;

  await fake.stop();
  assert.equal(fake.listening, false);
  const err = await rejection(client.chat.postMessage({ channel: channel!.id!, text: 'while down' }));
  assert.equal(err.code, ErrorCode.RequestError);
  const raw = await rejection(fetch(`${url}auth.test`, { method: 'POST' }));
  assert.equal(raw.cause?.code, 'ECONNREFUSED');

  await fake.start();
  assert.equal(fake.url, url);
  assert.equal(fake.listening, true);
  await client.chat.postMessage({ channel: channel!.id!, text: 'back' });
  assert.deepEqual(fake.messages(channel!.id!).map((m) => m.text), ['back']);
  assert.equal(await slackError(client.conversations.create({ name: 'inc-down' })), 'name_taken');
  assert.equal(fake.calls('chat.postMessage').length, 1, 'refused calls never arrived');
});

test('latency delays the answer but the call is carried out (a client timeout can hide a success)', async (t) => {
  const fake = await fakeFor(t);
  const { channel } = await clientFor(fake).conversations.create({ name: 'inc-slow' });
  fake.setLatency(300);
  const impatient = clientFor(fake, TOKEN, { timeout: 50 });
  const err = await rejection(impatient.chat.postMessage({ channel: channel!.id!, text: 'slow' }));
  assert.equal(err.code, ErrorCode.RequestError);
  assert.deepEqual(fake.messages(channel!.id!).map((m) => m.text), ['slow']);
  fake.setLatency(0);
});

test('chat.update: message_not_found for an unknown ts, cant_update_message for others’ messages', async (t) => {
  const fake = await fakeFor(t);
  const client = clientFor(fake);
  const { channel } = await client.conversations.create({ name: 'inc-upd' });
  const id = channel!.id!;
  assert.equal(await slackError(client.chat.update({ channel: id, ts: '1700000000.000001', text: 'x' })), 'message_not_found');
  assert.equal(await slackError(client.chat.update({ channel: 'CNOPE', ts: '1700000000.000001', text: 'x' })), 'channel_not_found');
  const human = fake.addMessage(id, { user: 'U1', text: 'hello' });
  assert.equal(await slackError(client.chat.update({ channel: id, ts: human.ts, text: 'edited' })), 'cant_update_message');
  assert.equal(fake.message(id, human.ts)?.edits, 0);
});

test('blocks arrive JSON-stringified in forms or as JSON and are stored as objects; bad blocks are refused', async (t) => {
  const fake = await fakeFor(t);
  const client = clientFor(fake);
  const { channel } = await client.conversations.create({ name: 'inc-blocks' });
  const id = channel!.id!;

  const res = await client.chat.postMessage({ channel: id, text: 'form', blocks: summaryBlocks });
  const call = fake.calls('chat.postMessage')[0];
  assert.match(call?.contentType ?? '', /application\/x-www-form-urlencoded/);
  assert.equal(typeof call?.args.blocks, 'string', 'WebClient sends blocks JSON-encoded inside the form');
  assert.deepEqual(fake.message(id, res.ts!)?.blocks, summaryBlocks);

  const json = await post(fake, 'chat.postMessage', { channel: id, text: 'json', blocks: summaryBlocks }, { authorization: `Bearer ${TOKEN}` });
  const body = (await json.json()) as any;
  assert.equal(body.ok, true);
  assert.deepEqual(fake.message(id, body.ts)?.blocks, summaryBlocks);

  const tooLong = await rejection(client.chat.postMessage({ channel: id, text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] }));
  assert.equal(tooLong.data.error, 'invalid_blocks');
  assert.match(tooLong.data.response_metadata.messages[0], /json-pointer:\/blocks\/0\/text\/text/);
  const tooMany = Array.from({ length: 51 }, () => ({ type: 'divider' }));
  assert.equal(await slackError(client.chat.postMessage({ channel: id, text: 'x', blocks: tooMany })), 'invalid_blocks');
  assert.equal(await slackError(client.chat.postMessage({ channel: id, text: 'x', blocks: [{ type: 'sectoin' }] as any })), 'invalid_blocks');
  const broken = await post(fake, 'chat.postMessage', `channel=${id}&text=x&blocks=%5B%7B`, { authorization: `Bearer ${TOKEN}` });
  assert.equal(((await broken.json()) as any).error, 'invalid_blocks_format');
  assert.equal(fake.messages(id).length, 2);
});

test('conversations.list paginates with next_cursor and follows types and exclude_archived', async (t) => {
  const fake = await fakeFor(t);
  const client = clientFor(fake);
  const names = ['inc-1', 'inc-2', 'inc-3', 'inc-4', 'inc-5'];
  for (const name of names) await client.conversations.create({ name });
  await client.conversations.create({ name: 'inc-private', is_private: true });
  fake.addChannel({ name: 'hidden-private', isPrivate: true, members: ['U1'] });
  fake.addChannel({ name: 'archived', isArchived: true });

  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await client.conversations.list({ limit: 2, exclude_archived: true, ...(cursor ? { cursor } : {}) });
    pages.push(page.channels!.map((c) => c.name!));
    cursor = page.response_metadata?.next_cursor;
  } while (cursor);
  assert.deepEqual(pages, [['inc-1', 'inc-2'], ['inc-3', 'inc-4'], ['inc-5']]);

  const all: string[] = [];
  for await (const page of client.paginate('conversations.list', { limit: 3, types: 'public_channel,private_channel' })) {
    all.push(...(page as any).channels.map((c: any) => c.name));
  }
  assert.deepEqual(all, [...names, 'inc-private', 'archived']);
  assert.equal(await slackError(client.conversations.list({ cursor: 'bm90LWEtY3Vyc29y' })), 'invalid_cursor');
});

test('conversations.history and conversations.replies read back what was posted', async (t) => {
  const fake = await fakeFor(t);
  const client = clientFor(fake);
  const { channel } = await client.conversations.create({ name: 'inc-read' });
  const id = channel!.id!;
  const parent = await client.chat.postMessage({ channel: id, text: 'parent' });
  const reply = await client.chat.postMessage({ channel: id, text: 'reply', thread_ts: parent.ts! });
  await client.chat.postMessage({ channel: id, text: 'later' });

  const history = await client.conversations.history({ channel: id });
  assert.deepEqual(history.messages?.map((m) => m.text), ['later', 'parent']);
  assert.equal(history.messages?.[1]?.reply_count, 1);
  const thread = await client.conversations.replies({ channel: id, ts: parent.ts! });
  assert.deepEqual(thread.messages?.map((m) => m.text), ['parent', 'reply']);
  // The ts of a reply gives only that reply, as on Slack.
  const single = await client.conversations.replies({ channel: id, ts: reply.ts!, limit: 1, inclusive: true });
  assert.deepEqual(single.messages?.map((m) => [m.ts, m.text, m.user]), [[reply.ts, 'reply', 'UBOT']]);
  assert.equal(await slackError(client.conversations.replies({ channel: id, ts: '1.000002' })), 'thread_not_found');
  fake.addChannel({ id: 'CSTAKE', name: 'stakeholders', members: ['U1'] });
  assert.equal(await slackError(client.conversations.history({ channel: 'CSTAKE' })), 'not_in_channel');
});

test('conversations.history: oldest excludes its own ts unless inclusive, pages newest first with next_cursor, and a deleted channel is not found', async (t) => {
  const fake = await fakeFor(t);
  const client = clientFor(fake);
  const { channel } = await client.conversations.create({ name: 'inc-busy' });
  const id = channel!.id!;
  const posted: string[] = [];
  for (let i = 0; i < 5; i++) posted.push((await client.chat.postMessage({ channel: id, text: `m${i}` })).ts!);
  const oldest = posted[1]!;

  const after = await client.conversations.history({ channel: id, oldest });
  assert.deepEqual(after.messages?.map((m) => m.text), ['m4', 'm3', 'm2'], 'oldest itself is left out by default');
  const from = await client.conversations.history({ channel: id, oldest, inclusive: true });
  assert.deepEqual(from.messages?.map((m) => m.text), ['m4', 'm3', 'm2', 'm1']);

  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await client.conversations.history({ channel: id, oldest, inclusive: true, limit: 3, ...(cursor ? { cursor } : {}) });
    pages.push(page.messages!.map((m) => m.text!));
    assert.equal(page.has_more, Boolean(page.response_metadata?.next_cursor));
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  assert.deepEqual(pages, [['m4', 'm3', 'm2'], ['m1']], 'the cursor stays within the oldest bound');

  fake.deleteChannel(id);
  assert.equal(await slackError(client.conversations.history({ channel: id })), 'channel_not_found');
  assert.equal(await slackError(client.chat.postMessage({ channel: id, text: 'gone' })), 'channel_not_found');
});

test('views, users and unknown methods', async (t) => {
  const fake = await fakeFor(t, { knownUsers: [{ id: 'U1', email: 'ic@example.com', name: 'ic' }] });
  const client = clientFor(fake);
  const modal = {
    type: 'modal' as const,
    callback_id: 'declare',
    title: { type: 'plain_text' as const, text: 'Declare an incident' },
    submit: { type: 'plain_text' as const, text: 'Declare' },
    blocks: [{ type: 'input', block_id: 'title', label: { type: 'plain_text', text: 'Title' }, element: { type: 'plain_text_input', action_id: 'v' } }],
  };
  const opened = await client.views.open({ trigger_id: '123.456.abc', view: modal });
  assert.match(opened.view!.id!, /^V/);
  assert.equal(await slackError(client.views.open({ trigger_id: '123.456.abc', view: modal as any })), 'exchanged_trigger_id');
  const longTitle = { ...modal, title: { type: 'plain_text', text: 'x'.repeat(25) } };
  assert.equal(await slackError(client.views.open({ trigger_id: 't2', view: longTitle as any })), 'invalid_arguments');
  await client.views.update({ view_id: opened.view!.id!, view: { ...modal, title: { type: 'plain_text', text: 'Declared' } } as any });
  assert.equal(await slackError(client.views.update({ view_id: 'VNOPE', view: modal as any })), 'not_found');
  await client.views.publish({ user_id: 'U1', view: { type: 'home', blocks: [{ type: 'divider' }] } });
  const views = fake.views();
  assert.deepEqual(views.map((v) => [v.kind, v.via, v.updates]), [['modal', 'open', 1], ['home', 'publish', 0]]);
  assert.deepEqual((views[0]?.view.title as any).text, 'Declared');

  const byEmail = await client.users.lookupByEmail({ email: 'ic@example.com' });
  assert.equal(byEmail.user?.id, 'U1');
  assert.equal(await slackError(client.users.lookupByEmail({ email: 'nobody@example.com' })), 'users_not_found');
  assert.equal((await client.users.info({ user: 'U1' })).user?.name, 'ic');
  assert.equal(await slackError(client.users.info({ user: 'U404' })), 'user_not_found');

  assert.equal(await slackError(client.apiCall('conversations.kick', { channel: 'C1' })), 'unknown_method');
  assert.deepEqual(fake.unknownMethods(), ['conversations.kick']);
  assert.equal(fake.calls('conversations.kick')[0]?.status, 200);

  fake.reset();
  assert.deepEqual([fake.calls(), fake.views(), fake.channels(), fake.unknownMethods()], [[], [], [], []]);
  assert.equal((await client.users.info({ user: 'U1' })).user?.id, 'U1', 'users from options survive reset');
});

test('conversations.create is_private makes a private channel; conversations.archive refuses as Slack does', async (t) => {
  const fake = await fakeFor(t);
  const client = clientFor(fake);
  const { channel } = await client.conversations.create({ name: 'inc-9-private', is_private: true });
  assert.equal(channel?.is_private, true);
  assert.equal(await slackError(client.conversations.join({ channel: channel?.id ?? '' })), 'method_not_supported_for_channel_type');
  fake.addChannel({ id: 'CSECRET', name: 'secret', members: ['U1'], isPrivate: true });
  fake.addChannel({ id: 'CPUB', name: 'pub', members: ['U1'] });
  assert.equal(await slackError(client.conversations.archive({ channel: 'CSECRET' })), 'channel_not_found', 'a private channel the bot is not in');
  assert.equal(await slackError(client.conversations.archive({ channel: 'CPUB' })), 'not_in_channel');
  await client.conversations.archive({ channel: channel?.id ?? '' });
  assert.equal(fake.channel(channel?.id ?? '')?.isArchived, true);
  assert.equal(await slackError(client.conversations.archive({ channel: channel?.id ?? '' })), 'already_archived');
});
