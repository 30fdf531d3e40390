import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startWarroom, type RunningWarroom } from '../../src/main.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-api-fake.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { testConfig } from '../helpers/test-config.js';
import { request, waitFor } from '../helpers/http.js';
import { alertmanagerDelivery } from '../helpers/provider-payloads.js';

const API = 'api-token';
const HOOK = 'am-token';
let db: TestDatabase;
let fake: SlackFake;
let warroom: RunningWarroom;
let base: string;

before(async () => {
  db = await createTestDatabase({ migrate: false });
  fake = await startSlackFake({ knownUsers: [{ id: 'U0ALICE01', name: 'alice' }] });
  fake.addChannel({ id: 'C0STAKE', name: 'stakeholders', members: [fake.botUserId] });
  const config = testConfig({
    DATABASE_URL: db.url,
    WARROOM_API_TOKEN: API,
    ALERTMANAGER_WEBHOOK_TOKEN: HOOK,
    SLACK_BOT_TOKEN: fake.token,
    SLACK_SIGNING_SECRET: 'secret',
    SLACK_API_URL: fake.url,
  });
  warroom = await startWarroom({ ...config, port: 0, host: '127.0.0.1', settings: { ...config.settings, stakeholderChannels: ['C0STAKE'] } }, silentLogger());
  base = `http://127.0.0.1:${warroom.port}`;
  await warroom.ready;
});
after(async () => {
  await warroom.stop();
  await fake.close();
  await db.close();
});

const declare = async (title: string, severity = 3) => {
  const r = await request(base, '/api/incidents', { method: 'POST', token: API, body: JSON.stringify({ title, severity }) });
  assert.equal(r.status, 201, r.text);
  return r.json as { ref: string };
};
const change = (ref: string, status: string) => warroom.queries.get(ref).then(async (found) => {
  assert.ok(found.ok);
  const { createChangeIncident } = await import('../../src/app/change-incident.js');
  const changeIncident = createChangeIncident({ store: warroom.database.store, clock: { now: () => new Date() }, room: { enabled: true } });
  return changeIncident(found.value.incident.id, status === 'resolved' ? { type: 'resolve', actor: 'U0ALICE01' } : { type: 'change_status', status: status as 'identified', actor: 'U0ALICE01' });
});
const channelOf = (ref: string) => fake.channels().find((c) => c.name.startsWith(`inc-${ref.slice(4)}-`));
const roomReady = (ref: string) =>
  waitFor(`room of ${ref}`, () => Promise.resolve(channelOf(ref)), (c) => c !== undefined && fake.messages(c.id).some((m) => m.pinned), 30_000);
/** Every piece of text Slack was given, in any message, topic or purpose. */
const everything = () => JSON.stringify({ calls: fake.calls().map((c) => c.args) });

describe('untrusted text', () => {
  test('an alert title with <!channel> and <@U123> reaches Slack escaped, in every message', async () => {
    const title = 'Checkout <!channel> <@U123> & <https://evil.example|click>';
    const delivery = alertmanagerDelivery({ groupKey: 'inject', alerts: [{ fingerprint: 'fp-inject', status: 'firing', labels: { alertname: 'X' }, summary: title }] });
    const r = await request(base, '/webhooks/alertmanager', { method: 'POST', token: HOOK, body: JSON.stringify(delivery) });
    assert.equal(r.status, 202);
    const incidents = await waitFor('the alert incident', () => request(base, '/api/incidents', { token: API }), (a) => a.json.incidents.some((i: { title: string }) => i.title === title), 15_000);
    const ref = incidents.json.incidents.find((i: { title: string }) => i.title === title).ref as string;
    const channel = await roomReady(ref);
    assert.ok(channel);
    await waitFor('announcement', () => Promise.resolve(fake.messages('C0STAKE').some((m) => m.text.includes(ref))), (ok) => ok, 15_000);
    const sent = everything();
    assert.ok(!sent.includes('<!channel>'), 'no raw <!channel> anywhere');
    assert.ok(!sent.includes('<@U123>'), 'no raw user mention from the alert');
    assert.ok(!sent.includes('<https://evil.example|click>'), 'no injected link');
    assert.ok(sent.includes('&lt;!channel&gt;'), 'the text is there, escaped');
    assert.match(channel.name, /^inc-\d+-checkout-channel-u123-https-evil-example-click$/);
  });
});

describe('Slack rate limits and errors', () => {
  test('429 with Retry-After 2 and some 500s: no call before Retry-After ends, every message arrives, in order', async () => {
    fake.rateLimit('*', { retryAfterSeconds: 2, probability: 0.25 });
    fake.failNext('chat.postMessage', { status: 500, count: 2 });
    fake.failNext('conversations.create', { status: 503, count: 1 });
    const refs: string[] = [];
    for (let i = 0; i < 3; i++) refs.push((await declare(`Rate limited ${i}`)).ref);
    for (const ref of refs) {
      await change(ref, 'identified');
      await change(ref, 'resolved');
    }
    for (const ref of refs) await roomReady(ref);
    fake.clearRateLimit();
    // Every summary reaches its final state (resolved), updated in place.
    for (const ref of refs) {
      const channel = channelOf(ref);
      assert.ok(channel);
      await waitFor(`final summary of ${ref}`, () => Promise.resolve(JSON.stringify(fake.messages(channel.id)[0]?.blocks ?? [])), (b) => /Resolved/i.test(b), 60_000);
      // Besides the summary, the room gets the resolution announcement (issue 18): one summary, never re-posted.
      const ours = fake.messages(channel.id).filter((m) => m.user === fake.botUserId && !m.text.includes(`${ref} resolved:`));
      assert.equal(ours.length, 1, 'one summary per channel');
    }
    await waitFor('three announcements', () => Promise.resolve(refs.every((ref) => fake.messages('C0STAKE').some((m) => m.text.includes(ref)))), (ok) => ok, 60_000);
    assert.ok(fake.calls().some((c) => c.status === 429), 'the fake did rate-limit');
    assert.deepEqual(fake.violations(), [], 'no call before its Retry-After ended');
    // In order per channel: create, then purpose/topic, then the summary, then its updates.
    for (const ref of refs) {
      const id = channelOf(ref)?.id;
      const methods = fake.calls().filter((c) => c.ok && (c.args.channel === id || (c.method === 'conversations.create' && c.args.name === channelOf(ref)?.name))).map((c) => c.method);
      assert.equal(methods[0], 'conversations.create');
      const post = methods.indexOf('chat.postMessage');
      assert.ok(post > methods.indexOf('conversations.setTopic'), `${ref}: ${methods.join(',')}`);
      // Updates (if the changes landed after the summary was posted) only ever follow it.
      assert.ok(methods.indexOf('chat.update') === -1 || methods.indexOf('chat.update') > post, `${ref}: ${methods.join(',')}`);
    }
  });
});

describe('Slack down', () => {
  test('with Slack refusing connections the incident exists at once; when Slack returns, exactly one channel and one summary appear', async () => {
    await fake.stop();
    try {
      const { ref } = await declare('Declared while Slack is down', 1);
      const timeline = await request(base, `/api/incidents/${ref}/timeline`, { token: API });
      assert.equal(timeline.status, 200);
      assert.deepEqual(timeline.json.events.map((e: { kind: string }) => e.kind), ['incident_declared']);
      // The room worker has tried and failed: its failed call marks Slack down.
      await waitFor('the room worker failing against Slack', () => request(base, '/readyz', { token: API }), (r) => r.json?.dependencies?.slack?.state === 'down', 30_000);
      await fake.start();
      const channel = await roomReady(ref);
      assert.ok(channel);
      assert.equal(fake.channels().filter((c) => c.name.startsWith(`inc-${ref.slice(4)}-`)).length, 1);
      assert.equal(fake.messages(channel.id).filter((m) => m.user === fake.botUserId).length, 1);
      const kinds = (await request(base, `/api/incidents/${ref}/timeline`, { token: API })).json.events.map((e: { kind: string }) => e.kind);
      assert.deepEqual(kinds, ['incident_declared', 'channel_created']);
    } finally {
      if (!fake.listening) await fake.start();
    }
  });
});

describe('lost answers', () => {
  test('Slack posts the summary but its answer is lost (503): the retried set-up finds that post and does not post a second one', async () => {
    // The earlier tests' Slack work (announcements, updates) must be done first, or the armed 503 hits one of their posts.
    await waitFor('the outbox is drained', async () => Number((await db.knex('slack_tasks').whereNull('done_at').count<{ n: string }[]>('* as n'))[0]?.n ?? 0), (n) => n === 0, 60_000);
    fake.failNext('chat.postMessage', { status: 503, afterApplying: true });
    const { ref } = await declare('Summary answer lost', 2);
    const channel = await roomReady(ref);
    assert.ok(channel, 'the room was set up');
    const own = fake.messages(channel.id).filter((m) => m.user === fake.botUserId);
    assert.equal(own.length, 1, `one summary in the channel, got ${own.length}: ${own.map((m) => m.text).join(' | ')}`);
    const posts = fake.calls('chat.postMessage').filter((c) => c.args.channel === channel.id);
    assert.equal(posts.length, 1, 'chat.postMessage was not called again for the channel');
    const lookups = fake.calls('conversations.history').filter((c) => c.args.channel === channel.id);
    assert.ok(lookups.length >= 1, 'the retry looked for its earlier post first');
  });
});

describe('channel names', () => {
  test('a channel this bot created under the name before a crash is adopted; a foreign one gets a suffix', async () => {
    const next = Number((await db.knex.raw("select last_value + 1 as n from incident_ref_seq")).rows[0].n);
    // Ours from an earlier, interrupted set-up of incident `next`:
    const ours = fake.addChannel({ name: `inc-${next}-adopt-me`, creator: fake.botUserId, members: [fake.botUserId] });
    // Someone else's channel with the name incident `next + 1` wants:
    fake.addChannel({ name: `inc-${next + 1}-taken`, creator: 'U0ALICE01', members: ['U0ALICE01'] });
    const a = await declare('Adopt me');
    const b = await declare('Taken');
    assert.equal(a.ref, `INC-${next}`);
    const adopted = await waitFor('adopted', () => warroom.queries.get(a.ref), (r) => r.ok && r.value.incident.channelId !== null, 20_000);
    assert.ok(adopted.ok);
    assert.equal(adopted.value.incident.channelId, ours.id);
    const suffixed = await waitFor('suffixed', () => warroom.queries.get(b.ref), (r) => r.ok && r.value.incident.channelId !== null, 20_000);
    assert.ok(suffixed.ok);
    assert.equal(suffixed.value.incident.channelName, `inc-${next + 1}-taken-2`);
  });
});

describe('alert storm', () => {
  test('new alerts on an open incident update its counts and post at most one "new alerts" message a minute', async () => {
    const send = (n: number) =>
      request(base, '/webhooks/alertmanager', {
        method: 'POST',
        token: HOOK,
        body: JSON.stringify(alertmanagerDelivery({ groupKey: 'storm', alerts: Array.from({ length: n }, (_, i) => ({ fingerprint: `storm-${i}`, status: 'firing' as const, labels: { alertname: 'Storm', i: String(i) } })) })),
      });
    assert.equal((await send(1)).status, 202);
    const first = await waitFor('storm incident', () => request(base, '/api/incidents', { token: API }), (r) => r.json.incidents.some((i: { title: string }) => i.title === 'Storm'), 15_000);
    const ref = first.json.incidents.find((i: { title: string }) => i.title === 'Storm').ref as string;
    const channel = await roomReady(ref);
    assert.ok(channel);
    for (let n = 2; n <= 6; n++) assert.equal((await send(n)).status, 202);
    await waitFor('all storm alerts attached', () => request(base, `/api/incidents/${ref}`, { token: API }), (r) => r.json.alertCounts.firing === 6, 20_000);
    await waitFor('summary shows 6 firing', () => Promise.resolve(JSON.stringify(fake.messages(channel.id)[0]?.blocks)), (b) => /6 firing/.test(b), 20_000);
    // Every room task of the storm has run: a "new alerts" message per delivery would be posted by now.
    await waitFor('the room tasks of the storm done', async () => Number((await db.knex('slack_tasks').where({ incident_id: Number(ref.slice(4)) }).whereNull('done_at').count<{ n: string }[]>({ n: '*' }))[0]?.n), (n) => n === 0, 20_000);
    const newAlerts = fake.messages(channel.id).filter((m) => m.user === fake.botUserId && /new alert/i.test(m.text));
    assert.equal(newAlerts.length, 1, 'one "new alerts" message for the burst, not one per delivery');
  });
});
