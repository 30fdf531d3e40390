// The sandbox's PagerDuty and Prometheus are the same simulations as the tests' fakes: the same
// requests get the same answers (statuses, PagerDuty error codes, Prometheus bad_data texts); only
// what the sandbox adds on purpose differs (its scripted data, a page acknowledged by itself).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import type { Route } from '../../src/ingress/http/route.js';
import { sandboxPagerDutyRoutes } from '../../src/sandbox/sandbox-pagerduty.js';
import { syntheticPrometheusRoutes } from '../../src/sandbox/synthetic-prometheus.js';
import { PAGERDUTY_ACCEPT, startPagerDutyFake } from '../fakes/pagerduty-api-fake.js';
import { startPrometheusFake } from '../fakes/prometheus-api-fake.js';

const TOKEN = 'pd-one-simulation-token';
const ALICE = { pagerdutyId: 'PSBXALI', slackId: 'U0ALICE01', name: 'Alice Moreau', email: 'alice@sandbox.warroom.invalid' };
const POLICY = 'PSBXPOL';

/** Serves sandbox routes on their own port, matching `:param` segments as the real router does. */
async function serveRoutes(t: TestContext, routes: readonly Route[], prefix: string): Promise<string> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    for (const route of routes) {
      const match = new RegExp(`^${route.path.replace(/:([^/]+)/g, '(?<$1>[^/]+)')}$`).exec(path);
      if (route.method === req.method && match !== null) return void route.handler(req, res, { ...match.groups });
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}${prefix}`;
}

async function sandboxPagerDuty(t: TestContext, now: () => number = Date.now): Promise<string> {
  return serveRoutes(t, sandboxPagerDutyRoutes({ token: TOKEN, people: [ALICE], escalationPolicyId: POLICY, selfUrl: 'http://127.0.0.1:1', now }), '/sandbox/pagerduty');
}

async function pagerDutyFake(t: TestContext): Promise<string> {
  const fake = await startPagerDutyFake({ token: TOKEN, users: [{ id: ALICE.pagerdutyId, name: ALICE.name, email: ALICE.email }], escalationPolicies: { [POLICY]: [{ userId: ALICE.pagerdutyId, level: 1 }] } });
  t.after(() => fake.close());
  return fake.url;
}

interface Exchange {
  readonly method: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

async function call(base: string, exchange: Exchange): Promise<{ status: number; json: any }> {
  const res = await fetch(`${base}${exchange.path}`, {
    method: exchange.method,
    headers: { authorization: `Token token=${TOKEN}`, accept: PAGERDUTY_ACCEPT, from: ALICE.email, 'content-type': 'application/json', ...exchange.headers },
    ...(exchange.body === undefined ? {} : { body: JSON.stringify(exchange.body) }),
  });
  return { status: res.status, json: await res.json() };
}

const incident = (key: string) => ({ incident: { type: 'incident', title: 'Checkout is down', service: { id: 'PSBXCHK', type: 'service_reference' }, incident_key: key } });

/** What both must agree on: the status and, for a refusal, PagerDuty's error code and errors. */
const outcome = ({ status, json }: { status: number; json: any }) => ({ status, code: json.error?.code, errors: json.error?.errors });

test("the sandbox's PagerDuty answers the fake's rules exactly: Accept, From on writes, dedup, unknown ids", async (t) => {
  const [sandbox, fake] = await Promise.all([sandboxPagerDuty(t), pagerDutyFake(t)]);
  const script: Exchange[] = [
    { method: 'GET', path: `/oncalls?escalation_policy_ids[]=${POLICY}&include[]=users` },
    { method: 'GET', path: '/oncalls', headers: { accept: 'application/json' } },
    { method: 'GET', path: '/oncalls', headers: { authorization: 'Token token=wrong' } },
    { method: 'POST', path: '/incidents', headers: { from: 'stranger@example.com' }, body: incident('K1') },
    { method: 'POST', path: '/incidents', body: incident('K1') },
    { method: 'POST', path: '/incidents', body: incident('K1') },
    { method: 'POST', path: '/incidents', body: { incident: { type: 'incident', title: ' ' } } },
    { method: 'GET', path: '/users/PNOBODY' },
    { method: 'GET', path: '/incidents/PNOPE00' },
  ];
  for (const exchange of script) {
    const label = `${exchange.method} ${exchange.path} ${JSON.stringify(exchange.headers ?? {})}`;
    assert.deepEqual(outcome(await call(sandbox, exchange)), outcome(await call(fake, exchange)), `${label}: the same answer`);
  }
  const [oncall] = (await call(sandbox, script[0] as Exchange)).json.oncalls;
  assert.equal(oncall.user.email, ALICE.email, 'the sandbox person is on call, with her email');
});

test("the sandbox keeps its own behaviour: a page is acknowledged by itself 15 s after it was created", async (t) => {
  let clock = Date.parse('2026-12-06T10:00:00Z');
  const sandbox = await sandboxPagerDuty(t, () => clock);
  const created = await call(sandbox, { method: 'POST', path: '/incidents', body: incident('K2') });
  assert.equal(created.json.incident.id, 'PSBX001', 'sandbox ids');
  const read = async () => (await call(sandbox, { method: 'GET', path: `/incidents/${String(created.json.incident.id)}` })).json.incident.status;
  clock += 14_999;
  assert.equal(await read(), 'triggered', 'still triggered just before 15 s');
  clock += 1;
  assert.equal(await read(), 'acknowledged', 'acknowledged at 15 s');
});

test("the sandbox's Prometheus refuses bad parameters with the fake's bad_data texts", async (t) => {
  const sandbox = await serveRoutes(t, syntheticPrometheusRoutes({ startedAt: Date.now() }), '/sandbox/prometheus');
  const fake = await startPrometheusFake();
  t.after(() => fake.close());
  const queries = [
    '/api/v1/query',
    '/api/v1/query?query=up&time=yesterday',
    '/api/v1/query_range?query=up&start=100&end=50&step=10',
    '/api/v1/query_range?query=up&start=0&end=100&step=0',
    '/api/v1/query_range?query=up&start=0&end=100&step=often',
    '/api/v1/query_range?query=up&end=100&step=10',
    '/api/v1/query_range?query=up&start=0&end=200000&step=0.01',
  ];
  for (const q of queries) {
    const [ours, theirs] = await Promise.all([fetch(`${sandbox}${q}`), fetch(`${fake.url}${q}`)]);
    assert.equal(ours.status, 400, `${q}: refused`);
    assert.deepEqual(await ours.json(), await theirs.json(), `${q}: the same bad_data answer`);
  }
  const range = await fetch(`${sandbox}/api/v1/query_range?query=${encodeURIComponent('sum(rate(http_requests_total{code=~"5.."}[5m]))')}&start=0&end=60&step=30s`);
  const body = (await range.json()) as { data: { result: { values: unknown[] }[] } };
  assert.equal(body.data.result[0]?.values.length, 3, 'the scripted outage is sampled at every step');
});

test("the sandbox's Prometheus keeps only the services a query's matcher names (an incident's services)", async (t) => {
  const sandbox = await serveRoutes(t, syntheticPrometheusRoutes({ startedAt: Date.now() }), '/sandbox/prometheus');
  const servicesIn = async (query: string): Promise<string[]> => {
    const res = await fetch(`${sandbox}/api/v1/query?query=${encodeURIComponent(query)}`);
    const body = (await res.json()) as { data: { result: { metric: Record<string, string> }[] } };
    return [...new Set(body.data.result.map((r) => r.metric.service ?? ''))].sort();
  };
  assert.deepEqual(await servicesIn('sum by (region, service) (rate(http_requests_total[5m]))'), ['checkout', 'payments', 'search'], 'no matcher: every service');
  assert.deepEqual(await servicesIn('sum by (region, service) (rate(http_requests_total{service="search"}[5m]))'), ['search']);
  assert.deepEqual(await servicesIn('sum by (region, service) (rate(http_requests_total{code=~"5..",service=~"checkout|search"}[5m]))'), ['checkout', 'search']);
});
