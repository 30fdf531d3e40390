import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startPrometheusFake, type PrometheusFake } from '../fakes/prometheus-api-fake.js';
import { startDatadogFake, type DatadogFake } from '../fakes/datadog-api-fake.js';
import { pagedService } from '../helpers/paging-config.js';
import { closeMetricsStack, METRICS_API_TOKEN, startMetricsStack, type MetricsStack } from '../helpers/warroom-with-metrics.js';
import { request, waitFor } from '../helpers/http.js';
import { slackSender } from '../helpers/slack-requests.js';

const API = METRICS_API_TOKEN;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

type Stack = MetricsStack;
// The services the incidents here name: a declare refuses services that are not configured.
const SERVICES = { checkout: pagedService({}), search: pagedService({}), ghost: pagedService({}) };
const stack = (env: Record<string, string>, settings: (s: any) => any = (s) => s): Promise<Stack> => startMetricsStack(env, (s) => settings({ ...s, services: SERVICES }));
const close = closeMetricsStack;

async function declare(s: Stack, title: string, services: string[] = []): Promise<{ ref: string; channel: string; openedInMs: number }> {
  const started = Date.now();
  const { json } = await request(s.base, '/api/incidents', { method: 'POST', token: API, body: JSON.stringify({ title, severity: 3, services }) });
  const ref = json.ref as string;
  const channel = await waitFor(`room of ${ref}`, () => Promise.resolve(s.slack.channels().find((c) => c.name.startsWith(`inc-${ref.slice(4)}-`))), (c) => c !== undefined && s.slack.messages(c.id).some((m) => m.pinned), 15_000);
  return { ref, channel: channel?.id ?? '', openedInMs: Date.now() - started };
}

const scopeCard = (s: Stack, channel: string) => s.slack.messages(channel).find((m) => /Scope of INC-/.test(m.text));
const waitCard = (s: Stack, channel: string, pattern: RegExp) =>
  waitFor('scope card', () => Promise.resolve(scopeCard(s, channel)?.text ?? ''), (t) => pattern.test(t), 20_000);

// The default queries of warroom.yml (INTERFACE §3).
const PROM_ERRORS = 'sum by (region, service) (rate(http_requests_total{code=~"5.."}[5m]))';
const PROM_REQUESTS = 'sum by (region, service) (rate(http_requests_total[5m]))';

function serve(prom: PrometheusFake, regions: Record<string, { errors: number; requests: number }>): void {
  prom.setSeries(PROM_ERRORS, Object.entries(regions).map(([region, r]) => ({ labels: { region, service: 'checkout' }, value: r.errors })));
  prom.setSeries(PROM_REQUESTS, Object.entries(regions).map(([region, r]) => ({ labels: { region, service: 'checkout' }, value: r.requests })));
}

describe('scope from Prometheus', () => {
  let prom: PrometheusFake;
  let s: Stack;
  before(async () => {
    prom = await startPrometheusFake();
    s = await stack({ PROMETHEUS_URL: prom.url }, (settings) => ({
      ...settings,
      checks: [
        { name: 'Recent deploy', prometheus: 'sum(changes(kube_deployment_status_observed_generation[30m])) > 0' },
        { name: 'DB replication lag', prometheus: 'max(pg_replication_lag_seconds) > 30' },
      ],
    }));
    prom.setSeries('sum(changes(kube_deployment_status_observed_generation[30m])) > 0', [{ labels: {}, value: 2 }]);
    prom.setSeries('max(pg_replication_lag_seconds) > 30', []);
  });
  after(async () => {
    await close(s);
    await prom.close();
  });

  test('eu-west-1 at 41 % and us-east-1 at 0.2 %: regional, card, headline, snapshot, chart; one true and one false check', async () => {
    serve(prom, { 'eu-west-1': { errors: 41, requests: 100 }, 'us-east-1': { errors: 0.2, requests: 100 } });
    const { ref, channel } = await declare(s, 'Checkout errors');
    const card = await waitCard(s, channel, /Regional: eu-west-1/);
    // Which share is which: the region's own requests, then all requests.
    assert.match(card, /Regional: eu-west-1 — 41\.0 % of eu-west-1 requests failing \(20\.6 % of all requests\)/, 'the headline names both shares');
    assert.match(JSON.stringify(scopeCard(s, channel)?.blocks), /eu-west-1: 41\.0 % of its requests/, 'the region list says whose share it is');
    const incident = (await request(s.base, `/api/incidents/${ref}`, { token: API })).json;
    assert.equal(incident.scope.classification, 'regional');
    assert.deepEqual(incident.scope.regions.filter((r: any) => r.failingRatio > 0.01).map((r: any) => r.name), ['eu-west-1']);
    const expected = (41 + 0.2) / (100 + 100);
    assert.ok(Math.abs(incident.scope.failingRatio - expected) < 1e-4, `overall ${incident.scope.failingRatio} ≈ ${expected}`);
    await waitFor('headline in the summary', () => Promise.resolve(JSON.stringify(s.slack.messages(channel)[0]?.blocks)), (b) => /Regional: eu-west-1/.test(b), 10_000);
    const events = (await request(s.base, `/api/incidents/${ref}/timeline`, { token: API })).json.events as { kind: string; text: string }[];
    assert.ok(events.some((e) => e.kind === 'scope_snapshot' && /Regional: eu-west-1/.test(e.text)), 'scope_snapshot on the timeline');
    const file = await waitFor('chart uploaded', () => Promise.resolve(s.slack.files(channel)[0]), (f) => f !== undefined, 15_000);
    assert.ok(file?.bytes.subarray(0, 8).equals(PNG_SIGNATURE), 'a PNG');
    assert.ok((file?.bytes.length ?? 0) > 5000, `a non-trivial PNG (${file?.bytes.length} bytes)`);
    const checks = await waitFor('checks posted', () => Promise.resolve(s.slack.messages(channel).find((m) => /Hypothesis checks/.test(m.text))), (m) => m !== undefined, 10_000);
    const text = JSON.stringify(checks?.blocks);
    assert.match(text, /Recent deploy: \*yes\*/, 'the true check');
    assert.match(text, /DB replication lag: no/, 'the false check');
  });

  test('every region failing is global; none failing is none', async () => {
    serve(prom, { 'eu-west-1': { errors: 30, requests: 100 }, 'us-east-1': { errors: 20, requests: 100 } });
    const global = await declare(s, 'Everything down');
    await waitCard(s, global.channel, /Global/);
    serve(prom, { 'eu-west-1': { errors: 0.1, requests: 100 }, 'us-east-1': { errors: 0.2, requests: 100 } });
    const none = await declare(s, 'False alarm');
    await waitCard(s, none.channel, /No region affected/);
    assert.equal((await request(s.base, `/api/incidents/${none.ref}`, { token: API })).json.scope.classification, 'none');
  });

  test('Prometheus hanging: the channel opens as usual and the scope is unknown, saying why', async () => {
    prom.failWith('hang', 10);
    const { ref, channel, openedInMs } = await declare(s, 'Metrics backend hangs');
    assert.ok(openedInMs < 5000, `the channel opened in ${openedInMs} ms`);
    await waitCard(s, channel, /Scope unknown: Prometheus/);
    assert.equal((await request(s.base, `/api/incidents/${ref}`, { token: API })).json.scope.classification, 'unknown');
  });
});

describe("scope of the incident's services", () => {
  let prom: PrometheusFake;
  let s: Stack;
  // The default queries narrowed to search, as the scope sends them.
  const SEARCH_ERRORS = 'sum by (region, service) (rate(http_requests_total{code=~"5..",service="search"}[5m]))';
  const SEARCH_REQUESTS = 'sum by (region, service) (rate(http_requests_total{service="search"}[5m]))';
  before(async () => {
    prom = await startPrometheusFake();
    s = await stack({ PROMETHEUS_URL: prom.url });
    // Everything: checkout fails in eu-west-1. Search alone: search fails in us-east-1.
    serve(prom, { 'eu-west-1': { errors: 41, requests: 100 }, 'us-east-1': { errors: 0.2, requests: 100 } });
    prom.setSeries(SEARCH_ERRORS, [{ labels: { region: 'eu-west-1', service: 'search' }, value: 0 }, { labels: { region: 'us-east-1', service: 'search' }, value: 30 }]);
    prom.setSeries(SEARCH_REQUESTS, [{ labels: { region: 'eu-west-1', service: 'search' }, value: 100 }, { labels: { region: 'us-east-1', service: 'search' }, value: 100 }]);
  });
  after(async () => {
    await close(s);
    await prom.close();
  });

  test('services=search: Prometheus is asked about search only, and the card names it', async () => {
    const { ref, channel } = await declare(s, 'Search is slow', ['search']);
    const card = await waitCard(s, channel, /Regional: us-east-1/);
    assert.match(card, /30\.0 % of us-east-1 search requests failing \(15\.0 % of all search requests\)/, 'the shares are of search requests');
    assert.match(JSON.stringify(scopeCard(s, channel)?.blocks), /Measured the incident's services: search\./, 'the card says what it measured');
    assert.ok(prom.requests().some((r) => r.params.query === SEARCH_ERRORS), 'the error rate was asked with the service matcher');
    assert.ok(!prom.requests().some((r) => r.params.query === PROM_ERRORS), 'all traffic was never asked');
    const scope = (await request(s.base, `/api/incidents/${ref}`, { token: API })).json.scope;
    assert.deepEqual(scope.measured, { services: ['search'], fallback: null });
  });

  test('no services: all traffic, and the card says so', async () => {
    const { channel } = await declare(s, 'Something is off');
    await waitCard(s, channel, /Regional: eu-west-1/);
    assert.match(JSON.stringify(scopeCard(s, channel)?.blocks), /Measured all services: the incident names none\./);
  });

  test('a service without data: falls back to all traffic, and the card says why', async () => {
    const { ref, channel } = await declare(s, 'Ghost service', ['ghost']);
    await waitCard(s, channel, /Regional: eu-west-1/);
    assert.match(JSON.stringify(scopeCard(s, channel)?.blocks), /Measured all services: no data for ghost\./);
    assert.ok(prom.requests().some((r) => r.params.query?.includes('service="ghost"')), 'ghost was asked first');
    assert.equal((await request(s.base, `/api/incidents/${ref}`, { token: API })).json.scope.measured.fallback, 'no_data_for_services');
  });
});

describe('one chart per change, not per refresh', () => {
  let prom: PrometheusFake;
  let s: Stack;
  before(async () => {
    prom = await startPrometheusFake();
    s = await stack({ PROMETHEUS_URL: prom.url });
  });
  after(async () => {
    await close(s);
    await prom.close();
  });

  const snapshots = async (ref: string): Promise<number> =>
    ((await request(s.base, `/api/incidents/${ref}/timeline`, { token: API })).json.events as { kind: string }[]).filter((e) => e.kind === 'scope_snapshot').length;

  test('three refreshes with the same classification and peak upload nothing; a new peak uploads one chart', async () => {
    serve(prom, { 'eu-west-1': { errors: 41, requests: 100 }, 'us-east-1': { errors: 0.2, requests: 100 } });
    const { ref, channel } = await declare(s, 'Checkout errors for a long time');
    await waitFor('the first chart', () => Promise.resolve(s.slack.files(channel).length), (n) => n === 1, 20_000);
    const slack = slackSender(s.base, 'secret');
    for (let i = 0; i < 3; i += 1) {
      const before = await snapshots(ref);
      assert.equal((await slack.command('scope', { channel })).status, 200);
      await waitFor(`refresh ${i + 1}`, () => snapshots(ref), (n) => n === before + 1, 20_000);
    }
    // A higher peak: tasks run in order per incident, so once this chart is in, every earlier one has run.
    serve(prom, { 'eu-west-1': { errors: 60, requests: 100 }, 'us-east-1': { errors: 0.2, requests: 100 } });
    assert.equal((await slack.command('scope', { channel })).status, 200);
    await waitFor('the chart of the new peak', () => Promise.resolve(s.slack.files(channel).length), (n) => n >= 2, 20_000);
    await waitCard(s, channel, /60\.0 % of eu-west-1 requests/);
    assert.equal(s.slack.files(channel).length, 2, 'one chart for 41 %, one for 60 %: none for the refreshes in between');
    const charts = ((await request(s.base, `/api/incidents/${ref}/timeline`, { token: API })).json.events as { kind: string; data: any }[]).filter((e) => e.kind === 'chart_uploaded');
    assert.deepEqual(charts.map((e) => e.data.mark?.peakPercent), [41, 60], 'each chart records what it shows');
  });
});

describe('scope from Datadog', () => {
  let dd: DatadogFake;
  let s: Stack;
  before(async () => {
    dd = await startDatadogFake({ apiKey: 'dd-api', appKey: 'dd-app' });
    s = await stack({ DATADOG_API_KEY: 'dd-api', DATADOG_APP_KEY: 'dd-app', DATADOG_API_URL: dd.url }, (settings) => ({ ...settings, scope: { ...settings.scope, source: 'datadog' } }));
  });
  after(async () => {
    await close(s);
    await dd.close();
  });

  test('the same regional case through the Datadog API', async () => {
    const errors = 'sum:trace.http.request.errors{*} by {region,service}.as_rate()';
    const requests = 'sum:trace.http.request.hits{*} by {region,service}.as_rate()';
    dd.setSeries(errors, [{ tags: { region: 'eu-west-1', service: 'checkout' }, value: 41 }, { tags: { region: 'us-east-1', service: 'checkout' }, value: 0.2 }]);
    dd.setSeries(requests, [{ tags: { region: 'eu-west-1', service: 'checkout' }, value: 100 }, { tags: { region: 'us-east-1', service: 'checkout' }, value: 100 }]);
    const { ref, channel } = await declare(s, 'Checkout errors via Datadog');
    await waitCard(s, channel, /Regional: eu-west-1/);
    const scope = (await request(s.base, `/api/incidents/${ref}`, { token: API })).json.scope;
    assert.equal(scope.classification, 'regional');
    assert.equal(scope.source, 'datadog');
    assert.ok(Math.abs(scope.failingRatio - 41.2 / 200) < 1e-4, `overall ${scope.failingRatio}`);
  });

  test('services=search: the Datadog query carries the service tag', async () => {
    dd.setSeries('sum:trace.http.request.errors{service:search} by {region,service}.as_rate()', [{ tags: { region: 'us-east-1', service: 'search' }, value: 30 }]);
    dd.setSeries('sum:trace.http.request.hits{service:search} by {region,service}.as_rate()', [{ tags: { region: 'us-east-1', service: 'search' }, value: 100 }, { tags: { region: 'eu-west-1', service: 'search' }, value: 100 }]);
    const { channel } = await declare(s, 'Search via Datadog', ['search']);
    await waitCard(s, channel, /Regional: us-east-1 — 30\.0 % of us-east-1 search requests failing/);
    assert.ok(dd.requests().some((r) => r.query.query === 'sum:trace.http.request.errors{service:search} by {region,service}.as_rate()'), 'Datadog was asked about search');
  });
});
