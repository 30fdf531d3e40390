/**
 * Every authenticated route refuses a tampered body, a wrong secret and a missing header with 401
 * before anything is parsed or stored; Slack's 5-minute window is enforced to the second; bodies
 * over the limits are 413 (declared or streamed) and store nothing.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { request, type Answer } from '../helpers/http.js';
import { slackSignature } from '../helpers/slack-requests.js';
import { commandBody, eventBody, FORM, interactionBody, JSON_TYPE, PROVIDERS, startHarness, validDelivery, type Harness } from './security-harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.stop();
});

/** Nothing stored, nothing sent to Slack. */
async function assertNoEffect(what: string): Promise<void> {
  assert.equal(await h.count('deliveries'), 0, `${what}: no delivery stored`);
  assert.equal(await h.count('incidents'), 0, `${what}: no incident stored`);
  assert.equal(await h.count('timeline_events'), 0, `${what}: no timeline event stored`);
  assert.deepEqual(
    // auth.test is Bolt authorizing an accepted request (the 299 s one), not an effect of it.
    h.fake.calls().map((c) => c.method).filter((m) => m !== 'auth.test'),
    [],
    `${what}: no Slack call`,
  );
}

const now = () => Math.floor(Date.now() / 1000);

function postSlack(body: string, contentType: string, headers: Record<string, string>): Promise<Answer> {
  return request(h.base, '/slack/events', { method: 'POST', body, headers: { 'content-type': contentType, ...headers } });
}

const SLACK_BODIES: readonly { kind: string; body: () => string; type: string }[] = [
  { kind: 'slash command', body: () => commandBody('declare Forged incident'), type: FORM },
  { kind: 'interaction', body: () => interactionBody({ type: 'block_actions', user: { id: 'U0ALICE01' }, actions: [{ action_id: 'x', type: 'button', value: '1' }], trigger_id: 't' }), type: FORM },
  { kind: 'event', body: () => eventBody({ type: 'app_home_opened', user: 'U0ALICE01', tab: 'home', channel: 'D0ALICE01', event_ts: '1.1' }), type: JSON_TYPE },
];

describe('/slack/events refuses unauthenticated requests with 401 and no effect', () => {
  for (const { kind, body, type } of SLACK_BODIES) {
    test(kind, async () => {
      const secret = h.secrets.slackSigningSecret;
      const b = body();
      const ts = now();
      const cases: Record<string, Record<string, string>> = {
        'tampered body': { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': slackSignature(secret, ts, `${b}&x=1`) },
        'wrong secret': { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': slackSignature('not-the-signing-secret', ts, b) },
        'missing signature': { 'x-slack-request-timestamp': String(ts) },
        'missing timestamp': { 'x-slack-signature': slackSignature(secret, ts, b) },
        'timestamp not matching the signature': { 'x-slack-request-timestamp': String(ts + 1), 'x-slack-signature': slackSignature(secret, ts, b) },
        'signature of another version': { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': slackSignature(secret, ts, b).replace('v0=', 'v1=') },
        'timestamp 301 s old': { 'x-slack-request-timestamp': String(ts - 301), 'x-slack-signature': slackSignature(secret, ts - 301, b) },
        'timestamp not a number': { 'x-slack-request-timestamp': 'yesterday', 'x-slack-signature': slackSignature(secret, Number.NaN, b) },
      };
      for (const [what, headers] of Object.entries(cases)) {
        const r = await postSlack(b, type, headers);
        assert.equal(r.status, 401, `${kind}, ${what}: ${r.status} ${r.text}`);
        await assertNoEffect(`${kind}, ${what}`);
      }
    });
  }
});

describe('webhooks refuse unauthenticated requests with 401 and no effect', () => {
  for (const provider of PROVIDERS) {
    test(provider, async () => {
      const b = validDelivery(provider, `auth-${provider}`);
      const good = h.webhookAuth(provider, b);
      const forged =
        provider === 'pagerduty'
          ? {
              'tampered body': { 'x-pagerduty-signature': `v1=${createHmac('sha256', h.secrets.pagerdutySecret).update(`${b} `).digest('hex')}` },
              'wrong secret': { 'x-pagerduty-signature': `v1=${createHmac('sha256', 'wrong').update(b).digest('hex')}` },
              'missing header': { 'x-pagerduty-signature': '' },
              'signature of another version': { 'x-pagerduty-signature': (good['x-pagerduty-signature'] ?? '').replace('v1=', 'v0=') },
              'truncated signature': { 'x-pagerduty-signature': (good['x-pagerduty-signature'] ?? '').slice(0, 40) },
            }
          : {
              'wrong token': { authorization: 'Bearer wrong-token' },
              'missing header': { authorization: '' },
              'token with a suffix': { authorization: `Bearer ${h.secrets.hookToken}x` },
              'token prefix': { authorization: `Bearer ${h.secrets.hookToken.slice(0, -1)}` },
              'another scheme': { authorization: `Basic ${h.secrets.hookToken}` },
            };
      for (const [what, headers] of Object.entries(forged)) {
        const r = await request(h.base, `/webhooks/${provider}`, { method: 'POST', body: b, headers: { 'content-type': 'application/json', ...headers } });
        assert.equal(r.status, 401, `${provider}, ${what}: ${r.status} ${r.text}`);
        // A malformed body with bad auth is still 401: authentication comes before parsing.
        const garbage = await request(h.base, `/webhooks/${provider}`, { method: 'POST', body: '{"not json', headers: { 'content-type': 'application/json', ...headers } });
        assert.equal(garbage.status, 401, `${provider}, ${what}, malformed body: ${garbage.status} ${garbage.text}`);
        await assertNoEffect(`${provider}, ${what}`);
      }
    });
  }
});

describe('/api refuses unauthenticated requests with 401 and no effect', () => {
  const routes: readonly [string, string, string?][] = [
    ['GET', '/api/incidents'],
    ['GET', '/api/incidents?status=open'],
    ['GET', '/api/incidents/INC-1'],
    ['GET', '/api/incidents/INC-1/timeline'],
    ['GET', '/api/incidents/INC-1/postmortem'],
    ['POST', '/api/incidents', JSON.stringify({ title: 'Forged through the API' })],
  ];
  for (const [method, path, body] of routes) {
    test(`${method} ${path}`, async () => {
      const token = h.secrets.apiToken;
      for (const [what, authorization] of [
        ['missing header', undefined],
        ['wrong token', 'Bearer wrong-token'],
        ['token prefix', `Bearer ${token.slice(0, -1)}`],
        ['another scheme', `Basic ${token}`],
        ['bare token', token],
      ] as const) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (authorization !== undefined) headers.authorization = authorization;
        const r = await request(h.base, path, { method, headers, ...(body ? { body } : {}) });
        assert.equal(r.status, 401, `${method} ${path}, ${what}: ${r.status} ${r.text}`);
        assert.doesNotMatch(r.text, /INC-|Forged/, `${method} ${path}, ${what}: the answer reveals nothing`);
        await assertNoEffect(`${method} ${path}, ${what}`);
      }
    });
  }
});

test('a Slack request signed 299 s ago is accepted (the window is 5 minutes)', async () => {
  const b = commandBody('list');
  const ts = now() - 299;
  const r = await postSlack(b, FORM, { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': slackSignature(h.secrets.slackSigningSecret, ts, b) });
  assert.equal(r.status, 200, `299 s old: ${r.status} ${r.text}`);
  assert.match(r.json?.text ?? '', /No open incidents/, `299 s old: ${r.text}`);
});

/** A body of `bytes` sent as a stream, without Content-Length (chunked), so the limit must hold while reading. */
function chunked(bytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const n = Math.min(chunk.length, bytes - sent);
      controller.enqueue(chunk.subarray(0, n));
      sent += n;
    },
  });
}

async function postLarge(path: string, bytes: number, headers: Record<string, string>, how: 'declared' | 'chunked'): Promise<number> {
  const init: RequestInit & { duplex?: 'half' } =
    how === 'declared' ? { method: 'POST', body: Buffer.alloc(bytes, 0x20), headers } : { method: 'POST', body: chunked(bytes), headers, duplex: 'half' };
  const res = await fetch(`${h.base}${path}`, { ...init, signal: AbortSignal.timeout(30_000) });
  await res.arrayBuffer();
  return res.status;
}

describe('bodies over the limit are 413 and store nothing', () => {
  const MIB = 1024 * 1024;
  const limits: readonly { path: string; limit: number; headers: () => Record<string, string> }[] = [
    ...PROVIDERS.map((provider) => ({
      path: `/webhooks/${provider}`,
      limit: provider === 'alertmanager' ? 16 * MIB : MIB,
      headers: () => ({ 'content-type': 'application/json', ...h.webhookAuth(provider, 'x') }),
    })),
    { path: '/api/incidents', limit: 64 * 1024, headers: () => ({ 'content-type': 'application/json', authorization: `Bearer ${h.secrets.apiToken}` }) },
    {
      path: '/slack/events',
      limit: 4 * MIB,
      headers: () => {
        const ts = now();
        return { 'content-type': FORM, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': slackSignature(h.secrets.slackSigningSecret, ts, 'x') };
      },
    },
  ];
  for (const { path, limit, headers } of limits) {
    test(`${path}: ${limit + 1} bytes`, async () => {
      for (const how of ['declared', 'chunked'] as const) {
        const status = await postLarge(path, limit + 1, headers(), how);
        assert.equal(status, 413, `${path}, ${how} body of ${limit + 1} bytes: ${status}`);
      }
      await assertNoEffect(path);
      assert.equal((await request(h.base, '/healthz')).status, 200, 'still alive');
    });
  }
});
