/**
 * A captured, correctly signed request replayed inside the 5-minute window is processed once:
 * webhooks by their delivery id, Slack requests (which carry no delivery id for commands and
 * interactions) by what was signed (timestamp and body), whatever the spelling of the signature.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPostgresReplayGuard } from '../../src/adapters/postgres/postgres-replay-guard.js';
import { INPUTS, VIEWS } from '../../src/slack-ui/ids.js';
import { request, waitFor, type Answer } from '../helpers/http.js';
import { slackSignature } from '../helpers/slack-requests.js';
import { ALICE, BOB, commandBody, eventBody, FORM, interactionBody, JSON_TYPE, PROVIDERS, startHarness, validDelivery, type Harness } from './security-harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.stop();
});

/** Sends the exact same bytes and headers twice, as an attacker replaying a captured request would. */
async function twice(path: string, body: string, headers: Record<string, string>): Promise<[Answer, Answer]> {
  const send = () => request(h.base, path, { method: 'POST', body, headers });
  const first = await send();
  const second = await send();
  return [first, second];
}

function slackHeaders(body: string, contentType: string): Record<string, string> {
  const ts = Math.floor(Date.now() / 1000);
  return { 'content-type': contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': slackSignature(h.secrets.slackSigningSecret, ts, body) };
}

const incidentsTitled = async (title: string) => Number((await h.db.knex('incidents').where({ title }).count<{ n: string }[]>({ n: '*' }))[0]?.n);

const timeline = async (ref: string) => (await h.api(`/api/incidents/${ref}/timeline`)).json.events as { kind: string; text: string }[];

/** Waits a moment so that a second processing, if any, has had time to land. */
const settle = () => new Promise((r) => setTimeout(r, 1500));

describe('a replayed webhook delivery is stored once and answered 200', () => {
  for (const provider of PROVIDERS) {
    test(provider, async () => {
      const body = validDelivery(provider, `replay-${provider}`, `Replayed ${provider} alert`);
      const [first, second] = await twice(`/webhooks/${provider}`, body, { 'content-type': 'application/json', ...h.webhookAuth(provider, body) });
      assert.equal(first.status, 202, `${provider} first: ${first.text}`);
      assert.equal(second.status, 200, `${provider} replay: ${second.text}`);
      assert.equal(second.json?.status, 'duplicate', `${provider} replay: ${second.text}`);
      const rows = await h.db.knex('deliveries').where({ provider }).count<{ n: string }[]>({ n: '*' });
      assert.equal(Number(rows[0]?.n), 1, `${provider}: one delivery row`);
      // The one stored delivery is the attach worker's only input: once it is processed, every alert it makes exists.
      await waitFor(`${provider}: the delivery attached`, async () => Number((await h.db.knex('deliveries').where({ provider }).whereNotNull('processed_at').count<{ n: string }[]>({ n: '*' }))[0]?.n), (n) => n === 1, 15_000);
      const alerts = await h.db.knex('alerts').where({ provider }).count<{ n: string }[]>({ n: '*' });
      assert.equal(Number(alerts[0]?.n), 1, `${provider}: one alert`);
    });
  }
});

describe('a replayed Slack request is processed once', () => {
  test('a slash command (/incident declare)', async () => {
    const title = 'Replayed slash command declare';
    const body = commandBody(`declare ${title}`);
    const [first, second] = await twice('/slack/events', body, slackHeaders(body, FORM));
    assert.equal(first.status, 200, `first: ${first.text}`);
    assert.match(first.json?.text ?? '', /Declared/, `first: ${first.text}`);
    assert.equal(second.status, 200, `replay is acknowledged: ${second.status} ${second.text}`);
    assert.doesNotMatch(second.text, /Declared/, `replay declares nothing: ${second.text}`);
    await settle();
    const declared = await h.db.knex('incidents').where({ title }).count<{ n: string }[]>({ n: '*' });
    assert.equal(Number(declared[0]?.n), 1, 'one incident for a replayed command');
  });

  test('an interaction (note modal submission) and an event (pin_added)', async () => {
    const created = await h.api('/api/incidents', { method: 'POST', body: JSON.stringify({ title: 'Replay target' }), headers: { 'content-type': 'application/json' } });
    assert.equal(created.status, 201, created.text);
    const ref = created.json.ref as string;
    const incident = await waitFor('the incident channel', () => h.api(`/api/incidents/${ref}`), (r) => typeof r.json?.channelId === 'string', 15_000);
    const channel = incident.json.channelId as string;

    const NOTE = 'Replayed note from a modal';
    const submission = interactionBody({
      type: 'view_submission',
      team: { id: 'TFAKE', domain: 'acme' },
      user: { id: ALICE, username: 'alice', name: 'alice', team_id: 'TFAKE' },
      api_app_id: 'AWARROOM',
      token: 'legacy-verification-token',
      trigger_id: 'trigger-replay-note',
      view: { id: 'V0REPLAY01', team_id: 'TFAKE', type: 'modal', blocks: [], private_metadata: ref, callback_id: VIEWS.note, state: { values: { [INPUTS.note]: { [INPUTS.note]: { type: 'plain_text_input', value: NOTE } } } }, hash: '1.a' },
    });
    const [n1, n2] = await twice('/slack/events', submission, slackHeaders(submission, FORM));
    assert.equal(n1.status, 200, `note first: ${n1.text}`);
    assert.equal(n2.status, 200, `note replay is acknowledged: ${n2.status} ${n2.text}`);

    const PINNED = 'Replayed pin of a message';
    const msg = h.fake.addMessage(channel, { user: BOB, text: PINNED });
    const pin = eventBody({
      type: 'pin_added',
      user: ALICE,
      channel_id: channel,
      item: { type: 'message', created: Math.floor(Date.now() / 1000), created_by: ALICE, channel, message: { type: 'message', user: BOB, text: PINNED, ts: msg.ts } },
      event_ts: msg.ts,
    });
    const [p1, p2] = await twice('/slack/events', pin, slackHeaders(pin, JSON_TYPE));
    assert.equal(p1.status, 200, `pin first: ${p1.text}`);
    assert.equal(p2.status, 200, `pin replay is acknowledged: ${p2.status} ${p2.text}`);

    await waitFor('the note and the pin on the timeline', () => timeline(ref), (events) => events.some((e) => e.text === NOTE) && events.some((e) => e.text === PINNED), 10_000);
    await settle();
    const events = await timeline(ref);
    assert.equal(events.filter((e) => e.text === NOTE).length, 1, 'one note for a replayed submission');
    assert.equal(events.filter((e) => e.text === PINNED).length, 1, 'one pin for a replayed event');
  });
});

describe('a signed Slack request resent under other spellings of its signature runs once', () => {
  test('v0=<hex>=1, =2 … (Bolt ignores what follows a second "="), other case: 401; the exact copy: the replay ack', async () => {
    const title = 'Signature spelling replay';
    const body = commandBody(`declare ${title}`);
    const headers = slackHeaders(body, FORM);
    const signature = headers['x-slack-signature'] ?? '';
    const first = await request(h.base, '/slack/events', { method: 'POST', body, headers });
    assert.equal(first.status, 200, `first: ${first.text}`);
    assert.match(first.json?.text ?? '', /Declared/, `first: ${first.text}`);
    const variants = [`${signature}=1`, `${signature}=2`, `${signature}=`, `${signature}==x`, `v0=${signature.slice(3).toUpperCase()}`, `${signature}=${signature}`, `V0=${signature.slice(3)}`];
    for (const variant of variants) {
      const answer = await request(h.base, '/slack/events', { method: 'POST', body, headers: { ...headers, 'x-slack-signature': variant } });
      assert.equal(answer.status, 401, `${JSON.stringify(variant)}: ${answer.status} ${answer.text}`);
    }
    const exact = await request(h.base, '/slack/events', { method: 'POST', body, headers });
    assert.equal(exact.status, 200, `the exact copy is acknowledged: ${exact.text}`);
    assert.doesNotMatch(exact.text, /Declared/, `the exact copy declares nothing: ${exact.text}`);
    await settle();
    assert.equal(await incidentsTitled(title), 1, 'one incident for every spelling of one signed command');
  });
});

test('replay keys are pruned once their window has passed', async () => {
  // A guard of its own: the running one pruned at its first request and waits a minute before the next.
  const guard = createPostgresReplayGuard(h.db.knex);
  const past = new Date(Date.now() - 60_000);
  await h.db.knex('slack_request_replays').insert({ request_key: 'expired-key', expires_at: past });
  assert.equal(await guard.firstSeen('fresh-key', new Date(Date.now() + 360_000)), true, 'a new key is first seen');
  assert.equal(await guard.firstSeen('fresh-key', new Date(Date.now() + 360_000)), false, 'the same key again is a replay');
  const left = await h.db.knex('slack_request_replays').where({ request_key: 'expired-key' }).count<{ n: string }[]>({ n: '*' });
  assert.equal(Number(left[0]?.n), 0, 'the expired key is gone');
});
