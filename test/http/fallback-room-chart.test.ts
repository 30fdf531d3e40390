/**
 * The fallback room's scope chart (issue 23), on a real Warroom with PostgreSQL, the Prometheus fake
 * and the Slack fake: the failing-share chart the scope service queued for the channel is served at
 * `/rooms/:ref/chart.png` to a room link — the one Slack got, and a newer one while Slack is down —
 * named in the room's state; no chart is a 404, and no good link a refusal that tells nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startPrometheusFake, type PrometheusFake } from '../fakes/prometheus-api-fake.js';
import { pagedService } from '../helpers/paging-config.js';
import { closeMetricsStack, METRICS_API_TOKEN, startMetricsStack, type MetricsStack } from '../helpers/warroom-with-metrics.js';
import { request, waitFor } from '../helpers/http.js';
import { slackSender } from '../helpers/slack-requests.js';

const PUBLIC_URL = 'https://warroom.example.test';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// The default queries of warroom.yml (INTERFACE §3), as test/slack/scope-flow.test.ts serves them.
const PROM_ERRORS = 'sum by (region, service) (rate(http_requests_total{code=~"5.."}[5m]))';
const PROM_REQUESTS = 'sum by (region, service) (rate(http_requests_total[5m]))';

function serve(prom: PrometheusFake, regions: Record<string, { errors: number; requests: number }>): void {
  prom.setSeries(PROM_ERRORS, Object.entries(regions).map(([region, r]) => ({ labels: { region, service: 'checkout' }, value: r.errors })));
  prom.setSeries(PROM_REQUESTS, Object.entries(regions).map(([region, r]) => ({ labels: { region, service: 'checkout' }, value: r.requests })));
}

let prom: PrometheusFake;
let s: MetricsStack;
before(async () => {
  prom = await startPrometheusFake();
  s = await startMetricsStack({ PROMETHEUS_URL: prom.url, WARROOM_PUBLIC_URL: PUBLIC_URL }, (settings) => ({ ...settings, services: { checkout: pagedService({}) } }));
});
after(async () => {
  await closeMetricsStack(s);
  await prom.close();
});

const api = (method: string, path: string, body?: unknown) =>
  request(s.base, path, { method, token: METRICS_API_TOKEN, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });

/** Declares an incident and waits for its channel (its scope is measured once the room is open). */
async function declare(title: string): Promise<{ ref: string; channel: string }> {
  const created = await api('POST', '/api/incidents', { title, severity: 3, services: ['checkout'] });
  assert.equal(created.status, 201, created.text);
  const ref: string = created.json.ref;
  const channel = await waitFor(`the channel of ${ref}`, () => Promise.resolve(s.slack.channels().find((c) => c.name.startsWith(`inc-${ref.slice(4)}-`))), (c) => c !== undefined, 15_000);
  return { ref, channel: channel?.id ?? '' };
}

/** A room link for `ref`, opened as a person clicking it: the cookie the page answer sets. */
async function roomCookie(ref: string): Promise<string> {
  const link = await api('POST', `/api/incidents/${ref}/room-links`, { person: { name: 'Ada Lovelace', provider: 'pagerduty' } });
  assert.equal(link.status, 201, link.text);
  const page = await request(s.base, String(link.json.url).slice(PUBLIC_URL.length));
  assert.equal(page.status, 200, page.text);
  return (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** The chart as the page's <img> reads it: status, headers and the bytes (not decoded as text). */
async function chartPng(path: string, cookie: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(`${s.base}${path}`, { headers: cookie === '' ? {} : { cookie }, signal: AbortSignal.timeout(15_000) });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const roomState = async (ref: string, cookie: string) => (await request(s.base, `/rooms/${ref}/state`, { headers: { cookie } })).json;

void describe('the fallback room\'s scope chart', () => {
  void test('no region failing: no chart in the state, and chart.png is a 404', async () => {
    serve(prom, { 'eu-west-1': { errors: 0.1, requests: 100 }, 'us-east-1': { errors: 0.2, requests: 100 } });
    const { ref } = await declare('Calm checkout');
    const cookie = await roomCookie(ref);
    // The scope and any chart are saved in one transaction: once the room shows the scope, a chart would be there too.
    const state = await waitFor('the scope in the room', () => roomState(ref, cookie), (st) => st?.scope !== null && st?.scope !== undefined, 20_000);
    assert.match(state.scope.headline, /No region affected/);
    assert.equal(state.chart, null);
    const none = await chartPng(`/rooms/${ref}/chart.png`, cookie);
    assert.equal(none.status, 404);
    assert.match(none.headers.get('content-type') ?? '', /^application\/json/);
  });

  void test('a chart → the PNG Slack got, named in the state; a newer one while Slack is down; without a good link, refused', async () => {
    serve(prom, { 'eu-west-1': { errors: 41, requests: 100 }, 'us-east-1': { errors: 0.2, requests: 100 } });
    const { ref, channel } = await declare('Checkout errors in eu-west-1');
    const [uploaded] = await waitFor('the chart in the channel', () => Promise.resolve(s.slack.files(channel)), (f) => f.length === 1, 20_000);
    assert.ok(uploaded);
    const cookie = await roomCookie(ref);

    const png = await chartPng(`/rooms/${ref}/chart.png`, cookie);
    assert.equal(png.status, 200);
    assert.equal(png.headers.get('content-type'), 'image/png');
    assert.equal(png.headers.get('cache-control'), 'no-store');
    assert.ok(png.bytes.subarray(0, 8).equals(PNG_SIGNATURE), 'PNG magic bytes');
    assert.ok(png.bytes.equals(uploaded.bytes), 'the very chart the channel got');
    const state = await roomState(ref, cookie);
    assert.match(state.chart.title, new RegExp(`${ref} failing share by region`));
    assert.equal(typeof state.chart.version, 'number');

    // Slack goes down; a new peak is measured: its chart waits in the outbox, and the room shows it.
    await s.slack.stop();
    try {
      serve(prom, { 'eu-west-1': { errors: 60, requests: 100 }, 'us-east-1': { errors: 0.2, requests: 100 } });
      assert.equal((await slackSender(s.base, 'secret').command('scope', { channel })).status, 200);
      const newer = await waitFor('the newer chart in the room', () => roomState(ref, cookie), (st) => st?.chart?.version !== state.chart.version, 20_000);
      const pending = await chartPng(`/rooms/${ref}/chart.png?v=${newer.chart.version}`, cookie);
      assert.equal(pending.status, 200);
      assert.ok(pending.bytes.subarray(0, 8).equals(PNG_SIGNATURE));
      assert.ok(!pending.bytes.equals(uploaded.bytes), 'the new peak\'s chart, not the one in the channel');
      assert.equal(s.slack.files(channel).length, 1, 'Slack has not got it');
    } finally {
      await s.slack.start();
    }

    const other = await declare('Another incident');
    const otherCookie = await roomCookie(other.ref);
    const attempts: [string, string, string, number][] = [
      ['no link', `/rooms/${ref}/chart.png`, '', 401],
      ['a wrong link', `/rooms/${ref}/chart.png?t=nonsense`, '', 403],
      ['another incident\'s link', `/rooms/${ref}/chart.png`, otherCookie.replace(/^[^=]*=/, 'warroom_room='), 403],
    ];
    for (const [what, path, cookieHeader, status] of attempts) {
      const refused = await chartPng(path, cookieHeader);
      assert.equal(refused.status, status, what);
      const text = refused.bytes.toString('utf8');
      assert.ok(!refused.bytes.subarray(0, 8).equals(PNG_SIGNATURE), `${what}: no chart`);
      assert.ok(!text.includes(ref) && !text.includes('Checkout'), `${what} tells nothing: ${text}`);
    }
  });

  void test('an incident declared while Slack is down: its scope and chart show in the room before it has a channel', async () => {
    serve(prom, { 'eu-west-1': { errors: 35, requests: 100 }, 'us-east-1': { errors: 0.2, requests: 100 } });
    await s.slack.stop();
    let ref = '';
    try {
      const created = await api('POST', '/api/incidents', { title: 'Checkout errors while Slack is down', severity: 2, services: ['checkout'] });
      assert.equal(created.status, 201, created.text);
      ref = String(created.json.ref);
      const cookie = await roomCookie(ref);
      const state = await waitFor('the scope in the room, with no channel yet', () => roomState(ref, cookie), (st) => st?.scope !== null && st?.scope !== undefined && st?.chart !== null && st?.chart !== undefined, 30_000);
      assert.match(state.scope.headline, /eu-west-1/);
      const png = await chartPng(`/rooms/${ref}/chart.png`, cookie);
      assert.equal(png.status, 200);
      assert.ok(png.bytes.subarray(0, 8).equals(PNG_SIGNATURE), 'PNG magic bytes');
      assert.equal((await api('GET', `/api/incidents/${ref}`)).json.channelId ?? null, null, 'still no channel: Slack is down');
    } finally {
      await s.slack.start();
    }
    // Slack back: the channel is created and the chart measured meanwhile reaches it.
    const channel = await waitFor(`the channel of ${ref}`, () => Promise.resolve(s.slack.channels().find((c) => c.name.startsWith(`inc-${ref.slice(4)}-`))), (c) => c !== undefined, 60_000);
    await waitFor('the chart in the channel', () => Promise.resolve(s.slack.files(channel?.id ?? '')), (f) => f.length === 1, 60_000);
  });
});
