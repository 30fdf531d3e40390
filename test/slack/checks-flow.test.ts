/**
 * Hypothesis checks run for the incident's services (issue 18): the queries sent to Prometheus and
 * Datadog over HTTP name only those services, and the checks card says what each check ran for,
 * including when it fell back to all services.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Config } from '../../src/config.js';
import { startDatadogFake, type DatadogFake } from '../fakes/datadog-api-fake.js';
import { startPrometheusFake, type PrometheusFake } from '../fakes/prometheus-api-fake.js';
import { request, waitFor } from '../helpers/http.js';
import { pagedService } from '../helpers/paging-config.js';
import { closeMetricsStack, METRICS_API_TOKEN, startMetricsStack, type MetricsStack } from '../helpers/warroom-with-metrics.js';

const API = METRICS_API_TOKEN;
type Stack = MetricsStack;

/** Checkout and search configured; the given checks; scope and checks from `source`. */
const stack = (env: Record<string, string>, checks: Config['settings']['checks'], source: 'prometheus' | 'datadog'): Promise<Stack> =>
  startMetricsStack(env, (settings) => ({ ...settings, services: { checkout: pagedService({}), search: pagedService({}) }, checks, scope: { ...settings.scope, source } }));
const close = closeMetricsStack;

/** Declares through the API and waits for the checks card in the incident's channel; answers its text. */
async function checksCard(s: Stack, title: string, services: string[]): Promise<string> {
  const { status, json } = await request(s.base, '/api/incidents', { method: 'POST', token: API, body: JSON.stringify({ title, severity: 3, services }) });
  assert.equal(status, 201, JSON.stringify(json));
  const prefix = `inc-${(json.ref as string).slice(4)}-`;
  const card = await waitFor(
    `checks of ${json.ref as string}`,
    () => {
      const channel = s.slack.channels().find((c) => c.name.startsWith(prefix));
      return Promise.resolve(channel ? s.slack.messages(channel.id).find((m) => /Hypothesis checks/.test(m.text)) : undefined);
    },
    (m) => m !== undefined,
    20_000,
  );
  return JSON.stringify(card?.blocks);
}

const DEPLOY = 'sum(changes(kube_deployment_status_observed_generation[30m])) > 0';
const LAG = 'max(pg_replication_lag_seconds) > 30';

describe('hypothesis checks through Prometheus', () => {
  let prom: PrometheusFake;
  let s: Stack;
  const sent = (from: number, metric: string) => prom.requests().slice(from).map((r) => r.params.query ?? '').filter((q) => q.includes(metric));
  before(async () => {
    prom = await startPrometheusFake();
    // Recent deploy applies to every service; replication lag is only measured for checkout.
    s = await stack({ PROMETHEUS_URL: prom.url }, [{ name: 'Recent deploy', prometheus: DEPLOY }, { name: 'DB replication lag', prometheus: LAG, services: ['checkout'] }], 'prometheus');
    // Checkout deployed and lags; search did not deploy.
    prom.setSeries(DEPLOY, [{ labels: { deployment: 'checkout' }, value: 2 }]);
    prom.setSeries('sum(changes(kube_deployment_status_observed_generation{service="search"}[30m])) > 0', []);
    prom.setSeries('sum(changes(kube_deployment_status_observed_generation{service="checkout"}[30m])) > 0', [{ labels: {}, value: 2 }]);
    prom.setSeries(LAG, [{ labels: {}, value: 45 }]);
    prom.setSeries('max(pg_replication_lag_seconds{service="checkout"}) > 30', [{ labels: {}, value: 45 }]);
  });
  after(async () => {
    await close(s);
    await prom.close();
  });

  test("services=search: the deploy check asks about search only; the lag check, configured for checkout only, runs for all and says so", async () => {
    const from = prom.requests().length;
    const card = await checksCard(s, 'Search is slow', ['search']);
    assert.deepEqual([...new Set(sent(from, 'kube_deployment'))], ['sum(changes(kube_deployment_status_observed_generation{service="search"}[30m])) > 0'], 'checkout’s deploys are never asked about');
    assert.deepEqual([...new Set(sent(from, 'pg_replication_lag'))], [LAG]);
    assert.match(card, /Recent deploy: no — _for search_/);
    assert.match(card, /DB replication lag: \*yes\* \(45\) — _for all services \(not configured for search\)_/);
  });

  test('services=checkout: every check asks about checkout, and the card says so once', async () => {
    const from = prom.requests().length;
    const card = await checksCard(s, 'Checkout errors', ['checkout']);
    assert.deepEqual([...new Set([...sent(from, 'kube_deployment'), ...sent(from, 'pg_replication_lag')])], [
      'sum(changes(kube_deployment_status_observed_generation{service="checkout"}[30m])) > 0',
      'max(pg_replication_lag_seconds{service="checkout"}) > 30',
    ]);
    assert.match(card, /Ran for checkout\./);
    assert.match(card, /Recent deploy: \*yes\* \(2\)\\n/, 'no per-line note when every check ran for the same services');
  });

  test('no services: every check runs for all services, and the card says why', async () => {
    const from = prom.requests().length;
    const card = await checksCard(s, 'Something is off', []);
    assert.deepEqual([...new Set([...sent(from, 'kube_deployment'), ...sent(from, 'pg_replication_lag')])], [DEPLOY, LAG]);
    assert.match(card, /Ran for all services \(the incident names none\)\./);
  });
});

describe('hypothesis checks through Datadog', () => {
  let dd: DatadogFake;
  let s: Stack;
  const DD_DEPLOY = 'sum:deploys.count{*}';
  before(async () => {
    dd = await startDatadogFake({ apiKey: 'dd-api', appKey: 'dd-app' });
    s = await stack({ DATADOG_API_KEY: 'dd-api', DATADOG_APP_KEY: 'dd-app', DATADOG_API_URL: dd.url }, [{ name: 'Recent deploy', datadog: DD_DEPLOY }], 'datadog');
    dd.setSeries(DD_DEPLOY, [{ tags: { service: 'checkout' }, value: 3 }]);
    dd.setSeries('sum:deploys.count{service:search}', [{ tags: { service: 'search' }, value: 1 }]);
  });
  after(async () => {
    await close(s);
    await dd.close();
  });

  test('services=search: the Datadog query carries the service tag, and the card names search', async () => {
    const card = await checksCard(s, 'Search via Datadog', ['search']);
    const asked = dd.requests().map((r) => r.query.query ?? '').filter((q) => q.includes('deploys.count'));
    assert.deepEqual([...new Set(asked)], ['sum:deploys.count{service:search}']);
    assert.match(card, /Ran for search\./);
    assert.match(card, /Recent deploy: \*yes\* \(1\)/);
  });
});
