import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startWarroom, type RunningWarroom } from '../../src/main.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { testConfig } from '../helpers/test-config.js';
import { pagedService } from '../helpers/paging-config.js';
import { request, type Answer } from '../helpers/http.js';

const TOKEN = 'test-api-token-0123456789';
let db: TestDatabase;
let warroom: RunningWarroom;
let base: string;

before(async () => {
  db = await createTestDatabase({ migrate: false });
  const config = testConfig({ DATABASE_URL: db.url, WARROOM_API_TOKEN: TOKEN, HOST: '127.0.0.1' }, { port: 0 });
  // A declare refuses services that are not configured.
  warroom = await startWarroom({ ...config, settings: { ...config.settings, services: { checkout: pagedService({}) } } }, silentLogger());
  base = `http://127.0.0.1:${warroom.port}`;
  await warroom.ready;
});
after(async () => {
  await warroom.stop();
  await db.close();
});

const api = (path: string, init: RequestInit = {}): Promise<Answer> => request(base, path, { ...init, token: TOKEN });
const declare = (body: unknown): Promise<Answer> =>
  api('/api/incidents', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

describe('health and metrics', () => {
  test('/healthz answers 200', async () => {
    const r = await request(base, '/healthz');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { status: 'ok' });
  });

  test('/readyz reports each dependency and 200 when the database is up', async () => {
    const r = await request(base, '/readyz');
    assert.equal(r.status, 200);
    assert.equal(r.json.status, 'ready');
    assert.equal(r.json.dependencies.database.state, 'ok');
    assert.equal(r.json.dependencies.migrations.state, 'ok');
    assert.equal(r.json.dependencies.slack.state, 'off');
  });

  test('/metrics serves Prometheus text with default and warroom_* metrics', async () => {
    await request(base, '/healthz');
    const r = await request(base, '/metrics');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /text\/plain/);
    assert.match(r.text, /^process_cpu_user_seconds_total/m);
    assert.match(r.text, /^warroom_http_requests_total\{route="\/healthz",method="GET",status="200"\} \d+/m);
    assert.match(r.text, /^# TYPE warroom_jobs_total counter/m);
  });

  test('unknown routes answer 404 JSON', async () => {
    const r = await request(base, '/nope');
    assert.equal(r.status, 404);
    assert.equal(r.json.error, 'no such route');
  });

  test('/slack/events refuses unsigned requests while Slack is off', async () => {
    const r = await request(base, '/slack/events', { method: 'POST', body: 'command=%2Fincident', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(r.status, 401);
  });
});

describe('/api/incidents', () => {
  test('401 without a token, with a wrong one, and with another scheme', async () => {
    assert.equal((await request(base, '/api/incidents')).status, 401);
    assert.equal((await request(base, '/api/incidents', { token: 'wrong' })).status, 401);
    assert.equal((await request(base, '/api/incidents', { headers: { authorization: `Basic ${TOKEN}` } })).status, 401);
    const r = await request(base, '/api/incidents', { method: 'POST', body: '{not json', token: 'wrong' });
    assert.equal(r.status, 401, 'auth is checked before the body is parsed');
  });

  test('declare, list, get, timeline and postmortem', async () => {
    const created = await declare({ title: 'Checkout 5xx in eu-west-1', severity: 2, services: ['checkout'] });
    assert.equal(created.status, 201, created.text);
    const ref: string = created.json.ref;
    assert.match(ref, /^INC-\d+$/);
    assert.equal(created.headers.get('location'), `/api/incidents/${ref}`);
    assert.equal(created.json.severity, 'SEV2');
    assert.equal(created.json.status, 'investigating');
    assert.deepEqual(created.json.roles, { commander: null, comms: null, scribe: null, ops: null });
    assert.deepEqual(created.json.alerts, []);
    assert.deepEqual(created.json.alertCounts, { firing: 0, acknowledged: 0, resolved: 0 });
    assert.equal(created.json.resolvedAt, null);

    const list = await api('/api/incidents?status=open');
    assert.equal(list.status, 200);
    assert.ok(list.json.incidents.some((i: { ref: string }) => i.ref === ref));

    const one = await api(`/api/incidents/${ref}`);
    assert.equal(one.status, 200);
    assert.equal(one.json.title, 'Checkout 5xx in eu-west-1');
    assert.deepEqual(one.json.services, ['checkout']);
    assert.equal((await api(`/api/incidents/${ref.toLowerCase()}`)).json.ref, ref, 'refs are case-insensitive');

    const timeline = await api(`/api/incidents/${ref}/timeline`);
    assert.equal(timeline.status, 200);
    assert.equal(timeline.json.events[0].kind, 'incident_declared');
    assert.equal(timeline.json.events[0].actor, 'api');

    const pm = await api(`/api/incidents/${ref}/postmortem`);
    assert.equal(pm.status, 200);
    assert.match(pm.headers.get('content-type') ?? '', /text\/markdown/);
    assert.match(pm.text, new RegExp(`^# ${ref}: Checkout 5xx in eu-west-1`));
    assert.match(pm.text, /incident_declared/);
  });

  test('resolved incidents are not in ?status=open', async () => {
    const created = await declare({ title: 'Already over' });
    const id = Number(String(created.json.ref).slice(4));
    const { createChangeIncident } = await import('../../src/app/change-incident.js');
    const change = createChangeIncident({ store: warroom.database.store, clock: { now: () => new Date() } });
    assert.ok((await change(id, { type: 'resolve', actor: 'U1' })).ok);
    const open = await api('/api/incidents?status=open');
    assert.ok(!open.json.incidents.some((i: { ref: string }) => i.ref === created.json.ref));
    const resolved = await api('/api/incidents?status=resolved');
    assert.ok(resolved.json.incidents.some((i: { ref: string }) => i.ref === created.json.ref));
  });

  test('bad input gets 400 with a reason; unknown refs 404', async () => {
    assert.equal((await api('/api/incidents?status=bogus')).status, 400);
    assert.equal((await api('/api/incidents?limit=0')).status, 400);
    const notJson = await api('/api/incidents', { method: 'POST', body: '{oops' });
    assert.equal(notJson.status, 400);
    assert.match(notJson.json.error, /JSON/);
    const noTitle = await declare({ severity: 1 });
    assert.equal(noTitle.status, 400);
    assert.match(noTitle.json.error, /title/);
    const blank = await declare({ title: '   ' });
    assert.equal(blank.status, 400);
    assert.equal(blank.json.code, 'incident.invalid_title');
    const badSev = await declare({ title: 'x', severity: 'SEV9' });
    assert.equal(badSev.status, 400);
    assert.match(badSev.json.error, /severity/);
    const missing = await api('/api/incidents/INC-999999');
    assert.equal(missing.status, 404);
    assert.equal(missing.json.code, 'incident.not_found');
    assert.equal((await api('/api/incidents/garbage/timeline')).status, 404);
  });

  test('a body over the limit gets 413 and nothing is stored', async () => {
    const before = (await api('/api/incidents?limit=500')).json.incidents.length;
    const r = await declare({ title: 'x'.repeat(100), description: 'y'.repeat(200_000) });
    assert.equal(r.status, 413);
    assert.equal((await api('/api/incidents?limit=500')).json.incidents.length, before);
  });
});
