/**
 * /metrics stays open by default (Prometheus scrapes without credentials by convention);
 * WARROOM_METRICS_TOKEN closes it to everyone but the bearer of that token.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { request } from '../helpers/http.js';
import { startHarness, type Harness } from './security-harness.js';

const METRICS_TOKEN = 'security-suite-metrics-token';
const started: Harness[] = [];
after(async () => {
  for (const h of started) await h.stop();
});

async function harness(env: Record<string, string> = {}): Promise<Harness> {
  const h = await startHarness({ slack: false, env });
  started.push(h);
  return h;
}

test('without WARROOM_METRICS_TOKEN /metrics answers anyone', async () => {
  const h = await harness();
  const open = await request(h.base, '/metrics');
  assert.equal(open.status, 200, open.text);
  assert.match(open.text, /warroom_/);
});

test('with WARROOM_METRICS_TOKEN /metrics answers 401 to anyone else and the metrics to its bearer', async () => {
  const h = await harness({ WARROOM_METRICS_TOKEN: METRICS_TOKEN });
  const refusals: [string, Record<string, string>][] = [
    ['no header', {}],
    ['a wrong token', { authorization: 'Bearer not-the-metrics-token' }],
    ['the API token', { authorization: `Bearer ${h.secrets.apiToken}` }],
    ['the token as Basic', { authorization: `Basic ${Buffer.from(`prometheus:${METRICS_TOKEN}`).toString('base64')}` }],
    ['a prefix of the token', { authorization: `Bearer ${METRICS_TOKEN.slice(0, -1)}` }],
  ];
  for (const [what, headers] of refusals) {
    const refused = await request(h.base, '/metrics', { headers });
    assert.equal(refused.status, 401, `${what}: ${refused.status}`);
    assert.doesNotMatch(refused.text, /warroom_/, `${what}: no metric in the refusal`);
  }
  const scraped = await request(h.base, '/metrics', { token: METRICS_TOKEN });
  assert.equal(scraped.status, 200, scraped.text);
  assert.match(scraped.text, /warroom_/);
  assert.equal((await request(h.base, '/healthz')).status, 200, '/healthz stays open');
  assert.equal((await request(h.base, '/readyz')).status, 200, '/readyz stays open');
});
