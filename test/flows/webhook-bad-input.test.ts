import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startWarroom, type RunningWarroom } from '../../src/main.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { testConfig } from '../helpers/test-config.js';
import { request, type Answer } from '../helpers/http.js';
import { alertmanagerDelivery, datadogRecommended, opsgenieAction, pagerDutyEvent, pagerDutySignature } from '../helpers/provider-payloads.js';

const PD_SECRET = 'pd-secret';
const TOKEN = 'hook-token';
let db: TestDatabase;
let warroom: RunningWarroom;
let base: string;

before(async () => {
  db = await createTestDatabase({ migrate: false });
  const config = testConfig({ DATABASE_URL: db.url, PAGERDUTY_WEBHOOK_SECRETS: PD_SECRET, OPSGENIE_WEBHOOK_TOKEN: TOKEN, DATADOG_WEBHOOK_TOKEN: TOKEN, ALERTMANAGER_WEBHOOK_TOKEN: TOKEN });
  warroom = await startWarroom({ ...config, port: 0, host: '127.0.0.1' }, silentLogger());
  base = `http://127.0.0.1:${warroom.port}`;
  await warroom.ready;
});
after(async () => {
  await warroom.stop();
  await db.close();
});

type Provider = 'pagerduty' | 'opsgenie' | 'datadog' | 'alertmanager';
const PROVIDERS: Provider[] = ['pagerduty', 'opsgenie', 'datadog', 'alertmanager'];

function goodBody(provider: Provider): string {
  switch (provider) {
    case 'pagerduty':
      return JSON.stringify(pagerDutyEvent({ eventId: 'EV-BAD', type: 'incident.triggered', incidentId: 'PBAD' }));
    case 'opsgenie':
      return opsgenieAction({ action: 'Create', alertId: 'og-bad', updatedAtNs: '1763892000000000000' });
    case 'datadog':
      return JSON.stringify(datadogRecommended({ alertId: '1', cycleKey: 'c', transition: 'Triggered' }));
    case 'alertmanager':
      return JSON.stringify(alertmanagerDelivery({ groupKey: 'g', alerts: [{ fingerprint: 'f', status: 'firing', labels: { alertname: 'A' } }] }));
  }
}

/** Sends as the provider would, authenticated unless `auth` says otherwise. */
function send(provider: Provider, body: string | Buffer, auth: 'good' | 'none' | 'wrong' | 'tampered' = 'good', extra: Record<string, string> = {}): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...extra };
  if (provider === 'pagerduty') {
    const text = Buffer.isBuffer(body) ? body : Buffer.from(body);
    if (auth === 'good') headers['x-pagerduty-signature'] = `v1=${createSig(text, PD_SECRET)}`;
    if (auth === 'wrong') headers['x-pagerduty-signature'] = pagerDutySignature(text.toString(), 'not-the-secret');
    if (auth === 'tampered') headers['x-pagerduty-signature'] = `v1=${createSig(Buffer.concat([text, Buffer.from(' ')]), PD_SECRET)}`;
  } else {
    if (auth === 'good') headers.authorization = `Bearer ${TOKEN}`;
    if (auth === 'wrong') headers.authorization = 'Bearer nope';
    if (auth === 'tampered') headers.authorization = `Basic ${TOKEN}`;
  }
  return request(base, `/webhooks/${provider}`, { method: 'POST', body, headers });
}

function createSig(body: Buffer, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

async function deliveryCount(): Promise<number> {
  return Number((await db.knex('deliveries').count<{ n: string }[]>({ n: '*' }))[0]?.n);
}

for (const provider of PROVIDERS) {
  describe(`${provider} refuses bad input`, () => {
    test('401 for missing, wrong or tampered credentials, and nothing is written', async () => {
      const before = await deliveryCount();
      for (const auth of ['none', 'wrong', 'tampered'] as const) {
        const r = await send(provider, goodBody(provider), auth);
        assert.equal(r.status, 401, `${auth}: ${r.text}`);
      }
      assert.equal(await deliveryCount(), before);
    });

    test('400 with a reason for malformed JSON and for missing fields', async () => {
      const before = await deliveryCount();
      for (const body of ['{"event": ', 'null', '[]', '"text"', '{}', '']) {
        const r = await send(provider, body);
        if (provider === 'pagerduty' && body === '') {
          // go-pagerduty's published vector: a signature over an empty body is not valid.
          assert.equal(r.status, 401);
          continue;
        }
        assert.equal(r.status, 400, `${JSON.stringify(body)} → ${r.status} ${r.text}`);
        assert.equal(typeof r.json.error, 'string');
        assert.ok(r.json.error.length > 0);
      }
      assert.equal(await deliveryCount(), before);
    });

    test('413 for a body over the limit, refused before it is buffered', async () => {
      const limit = provider === 'alertmanager' ? 16 * 1024 * 1024 : 1024 * 1024;
      const r = await send(provider, Buffer.alloc(limit + 1, 0x20));
      assert.equal(r.status, 413);
    });

    test('hostile JSON never gives a 5xx or pollutes prototypes', async () => {
      const hostile: (string | Buffer)[] = [
        '['.repeat(100_000) + ']'.repeat(100_000),
        '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000),
        JSON.stringify({ event: { id: 'x', data: Array.from({ length: 200_000 }, (_, i) => i) }, alerts: Array.from({ length: 100_000 }, () => ({})) }),
        Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]),
        '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
        goodBody(provider).replace(/^\{/, '{"__proto__":{"polluted":true},'),
        goodBody(provider).replace(/Check|HighLatency|"A"/g, (m) => `${m.slice(0, -1)}\\u0000${m.slice(-1)}`),
      ];
      for (const body of hostile) {
        const r = await send(provider, body);
        assert.ok(r.status < 500, `${provider} answered ${r.status} to hostile input: ${r.text.slice(0, 200)}`);
      }
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.equal((await request(base, '/healthz')).status, 200);
    });
  });
}

test('a webhook of a provider that is off answers 404 naming the variable', async () => {
  const config = testConfig({ DATABASE_URL: db.url });
  const off = await startWarroom({ ...config, port: 0, host: '127.0.0.1' }, silentLogger());
  try {
    await off.ready;
    const r = await request(`http://127.0.0.1:${off.port}`, '/webhooks/datadog', { method: 'POST', body: '{}' });
    assert.equal(r.status, 404);
    assert.match(r.json.error, /DATADOG_WEBHOOK_TOKEN/);
  } finally {
    await off.stop();
  }
});
