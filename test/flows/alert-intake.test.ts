import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startWarroom, type RunningWarroom } from '../../src/main.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { testConfig } from '../helpers/test-config.js';
import { request, waitFor, type Answer } from '../helpers/http.js';
import { alertmanagerDelivery, datadogDefault, datadogRecommended, opsgenieAction, pagerDutyEvent, pagerDutySignature } from '../helpers/provider-payloads.js';

const API = 'api-token';
const PD_SECRET = 'pd-secret-1';
const TOKENS = { opsgenie: 'og-token', datadog: 'dd-token', alertmanager: 'am-token' };
let db: TestDatabase;
let warroom: RunningWarroom;
let base: string;

before(async () => {
  db = await createTestDatabase({ migrate: false });
  const config = testConfig({
    DATABASE_URL: db.url,
    WARROOM_API_TOKEN: API,
    PAGERDUTY_WEBHOOK_SECRETS: `old-secret, ${PD_SECRET}`,
    OPSGENIE_WEBHOOK_TOKEN: TOKENS.opsgenie,
    DATADOG_WEBHOOK_TOKEN: TOKENS.datadog,
    ALERTMANAGER_WEBHOOK_TOKEN: TOKENS.alertmanager,
  });
  const match = (m: Partial<{ pagerdutyServiceIds: string[]; opsgenieTags: string[]; datadogTags: string[]; alertmanagerLabels: Record<string, string> }>) => ({
    match: { pagerdutyServiceIds: [], opsgenieTags: [], datadogTags: [], alertmanagerLabels: {}, ...m },
    pagerduty: { escalationPolicyId: null },
    opsgenie: { schedule: null },
    runbook: null,
    dashboards: [],
  });
  const services = {
    checkout: match({ pagerdutyServiceIds: ['PA2P440'], datadogTags: ['service:checkout'] }),
    payments: match({ opsgenieTags: ['service:payments'], alertmanagerLabels: { service: 'payments' } }),
    search: match({ alertmanagerLabels: { service: 'search' } }),
  };
  warroom = await startWarroom({ ...config, port: 0, host: '127.0.0.1', settings: { ...config.settings, services } }, silentLogger());
  base = `http://127.0.0.1:${warroom.port}`;
  await warroom.ready;
});
after(async () => {
  await warroom.stop();
  await db.close();
});

const api = (path: string) => request(base, path, { token: API });

function sendPagerDuty(body: string, signature = pagerDutySignature(body, PD_SECRET)): Promise<Answer> {
  return request(base, '/webhooks/pagerduty', { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-pagerduty-signature': signature, 'x-webhook-id': 'whk-1' } });
}
function sendBearer(provider: 'opsgenie' | 'datadog' | 'alertmanager', body: string, token: string = TOKENS[provider]): Promise<Answer> {
  return request(base, `/webhooks/${provider}`, { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } });
}

/** Waits until every stored delivery has been attached by the jobs. */
async function settled(): Promise<void> {
  await waitFor('deliveries attached', async () => Number((await db.knex('deliveries').whereNull('processed_at').count<{ n: string }[]>({ n: '*' }))[0]?.n), (n) => n === 0, 20_000);
}

async function incidentWithAlert(provider: string, key: string): Promise<any> {
  const list = (await api('/api/incidents?status=all&limit=500')).json.incidents as any[];
  return list.find((i) => i.alerts.some((a: any) => a.provider === provider && a.key === key));
}

async function timelineKinds(ref: string): Promise<string[]> {
  return (await api(`/api/incidents/${ref}/timeline`)).json.events.map((e: { kind: string }) => e.kind);
}

describe('PagerDuty', () => {
  test('triggered declares an incident; a repeat is a duplicate; ack, note and resolve land on it', async () => {
    const triggered = JSON.stringify(pagerDutyEvent({ eventId: 'EV-PD-1', type: 'incident.triggered', incidentId: 'PDINC1', title: 'Checkout 5xx in eu-west-1', priority: 'P1' }));
    const first = await sendPagerDuty(triggered);
    assert.equal(first.status, 202, first.text);
    assert.equal(first.json.deliveryId, 'EV-PD-1');
    const again = await sendPagerDuty(triggered);
    assert.equal(again.status, 200);
    assert.equal(again.json.status, 'duplicate');
    await settled();

    const incident = await incidentWithAlert('pagerduty', 'PDINC1');
    assert.ok(incident, 'an incident holds the PagerDuty alert');
    assert.equal(incident.title, 'Checkout 5xx in eu-west-1');
    assert.equal(incident.severity, 'SEV1', 'P1 maps to SEV1');
    assert.deepEqual(incident.services, ['checkout'], 'service PA2P440 is checkout');
    assert.equal(incident.status, 'investigating');
    assert.deepEqual(incident.alerts, [{ provider: 'pagerduty', key: 'PDINC1', status: 'firing', title: 'Checkout 5xx in eu-west-1' }]);
    assert.deepEqual(await timelineKinds(incident.ref), ['incident_declared', 'alert_received']);

    for (const [id, type] of [['EV-PD-2', 'incident.acknowledged'], ['EV-PD-3', 'incident.annotated'], ['EV-PD-4', 'incident.resolved']] as const) {
      const body = JSON.stringify(pagerDutyEvent({ eventId: id, type, incidentId: 'PDINC1', title: 'Checkout 5xx in eu-west-1', status: type.split('.')[1] ?? 'triggered', content: 'Rolled back deploy 42' }));
      assert.equal((await sendPagerDuty(body)).status, 202);
      await settled();
    }
    const after = await api(`/api/incidents/${incident.ref}`);
    assert.equal(after.json.alerts[0].status, 'resolved');
    assert.equal(after.json.status, 'investigating', 'no autoResolve: the incident stays open for the commander');
    const events = (await api(`/api/incidents/${incident.ref}/timeline`)).json.events as any[];
    assert.deepEqual(
      events.map((e) => e.kind),
      ['incident_declared', 'alert_received', 'alert_acknowledged', 'note_added', 'alert_resolved', 'alerts_all_resolved'],
    );
    assert.match(events[3].text, /Rolled back deploy 42/);
    assert.equal(events[3].actor, 'pagerduty');
    const rows = await db.knex('deliveries').where({ provider: 'pagerduty' }).count<{ n: string }[]>({ n: '*' });
    assert.equal(Number(rows[0]?.n), 4, 'one row per distinct delivery');
  });

  test('a signature made with either rotated secret is accepted', async () => {
    const body = JSON.stringify(pagerDutyEvent({ eventId: 'EV-PD-ROT', type: 'incident.triggered', incidentId: 'PDROT' }));
    assert.equal((await sendPagerDuty(body, pagerDutySignature(body, 'old-secret'))).status, 202);
    const body2 = JSON.stringify(pagerDutyEvent({ eventId: 'EV-PD-ROT2', type: 'incident.triggered', incidentId: 'PDROT' }));
    assert.equal((await sendPagerDuty(body2, pagerDutySignature(body2, 'unknown', PD_SECRET))).status, 202, 'any v1 signature may match');
  });

  test('event types Warroom does not act on are stored and ignored', async () => {
    const body = JSON.stringify({ event: { id: 'EV-SVC-1', event_type: 'service.updated', resource_type: 'service', occurred_at: '2026-11-23T10:00:00Z', agent: null, client: null, data: { id: 'PA2P440', type: 'service', name: 'checkout' } } });
    const r = await sendPagerDuty(body);
    assert.equal(r.status, 202);
    assert.equal(r.json.alerts, 0);
    const row = await db.knex('deliveries').where({ provider: 'pagerduty', delivery_id: 'EV-SVC-1' }).first();
    assert.ok(row.processed_at, 'nothing to attach');
    assert.equal(Buffer.from(row.raw).toString('utf8'), body, 'the raw body is kept byte-exact');
  });
});

describe('Opsgenie', () => {
  test('Create, Acknowledge, Close by alias; 19-digit timestamps stay exact', async () => {
    const create = opsgenieAction({ action: 'Create', alertId: 'og-alert-1', alias: 'payments-db-lag', message: 'Payments DB replication lag', updatedAtNs: '1763892000000000001', tags: ['service:payments'], priority: 'P2' });
    assert.equal((await sendBearer('opsgenie', create)).status, 202);
    await settled();
    const incident = await incidentWithAlert('opsgenie', 'payments-db-lag');
    assert.ok(incident);
    assert.equal(incident.severity, 'SEV2');
    assert.deepEqual(incident.services, ['payments']);

    // Two actions one nanosecond apart are two deliveries: plain JSON.parse would merge them.
    const ack1 = opsgenieAction({ action: 'Acknowledge', alertId: 'og-alert-1', alias: 'payments-db-lag', updatedAtNs: '1763892000000000002' });
    const ack2 = opsgenieAction({ action: 'Acknowledge', alertId: 'og-alert-1', alias: 'payments-db-lag', updatedAtNs: '1763892000000000003' });
    const a1 = await sendBearer('opsgenie', ack1);
    const a2 = await sendBearer('opsgenie', ack2);
    assert.equal(a1.status, 202);
    assert.equal(a2.status, 202);
    assert.notEqual(a1.json.deliveryId, a2.json.deliveryId);
    assert.match(a1.json.deliveryId, /1763892000000000002/);
    assert.equal((await sendBearer('opsgenie', ack2)).status, 200, 'the same action again is a duplicate');
    await settled();
    assert.equal((await api(`/api/incidents/${incident.ref}`)).json.alerts[0].status, 'acknowledged');

    assert.equal((await sendBearer('opsgenie', opsgenieAction({ action: 'Close', alertId: 'og-alert-1', alias: 'payments-db-lag', updatedAtNs: '1763892000000000009' }))).status, 202);
    await settled();
    assert.equal((await api(`/api/incidents/${incident.ref}`)).json.alerts[0].status, 'resolved');
    const kinds = await timelineKinds(incident.ref);
    assert.deepEqual(kinds, ['incident_declared', 'alert_received', 'alert_acknowledged', 'alert_resolved', 'alerts_all_resolved'], 'the second acknowledge changes nothing');
  });

  test('without an alias the alertId groups', async () => {
    assert.equal((await sendBearer('opsgenie', opsgenieAction({ action: 'Create', alertId: 'og-no-alias', updatedAtNs: '1763892000000000100', tags: [] }))).status, 202);
    await settled();
    assert.ok(await incidentWithAlert('opsgenie', 'og-no-alias'));
  });
});

describe('Datadog', () => {
  test('recommended template: Triggered opens, a renotification of the cycle is a duplicate, Recovered resolves', async () => {
    const trig = JSON.stringify(datadogRecommended({ alertId: '9001', cycleKey: 'cyc-1', transition: 'Triggered', title: 'Search latency high', tags: 'service:search-api,env:prod', priority: 'P3' }));
    assert.equal((await sendBearer('datadog', trig)).status, 202);
    assert.equal((await sendBearer('datadog', JSON.stringify(datadogRecommended({ alertId: '9001', cycleKey: 'cyc-1', transition: 'Triggered', eventId: 'another-event' })))).status, 200);
    await settled();
    const incident = await incidentWithAlert('datadog', '9001');
    assert.ok(incident);
    assert.equal(incident.title, 'Search latency high');
    assert.equal(incident.severity, 'SEV3');
    assert.equal((await sendBearer('datadog', JSON.stringify(datadogRecommended({ alertId: '9001', cycleKey: 'cyc-1', transition: 'Recovered', title: 'Search latency high' })))).status, 202);
    await settled();
    assert.equal((await api(`/api/incidents/${incident.ref}`)).json.alerts[0].status, 'resolved');
  });

  test('default template: the [Triggered] title prefix and the monitor id from the body', async () => {
    const r = await sendBearer('datadog', JSON.stringify(datadogDefault({ id: '5485379890863845239', title: '[Triggered] [TEST] Host Cluster Alert', monitorId: '18692904' })));
    assert.equal(r.status, 202, r.text);
    await settled();
    const incident = await incidentWithAlert('datadog', '18692904');
    assert.ok(incident);
    assert.match(incident.title, /Host Cluster Alert/);
    assert.doesNotMatch(incident.title, /\[Triggered\]/);
  });

  test('with grouping.byService an alert of a service with an open incident joins it', async () => {
    const pd = await incidentWithAlert('pagerduty', 'PDINC1');
    const r = await sendBearer('datadog', JSON.stringify(datadogRecommended({ alertId: '7777', cycleKey: 'cyc-join', transition: 'Triggered', title: 'Checkout error rate', tags: 'service:checkout' })));
    assert.equal(r.status, 202);
    await settled();
    const joined = await incidentWithAlert('datadog', '7777');
    assert.equal(joined.ref, pd.ref, 'joined the open checkout incident');
    // PDROT (service PA2P440, also checkout) joined the same way earlier.
    assert.deepEqual(joined.alerts.map((a: any) => `${a.provider}:${a.key}`).sort(), ['datadog:7777', 'pagerduty:PDINC1', 'pagerduty:PDROT']);
  });
});

describe('Alertmanager', () => {
  test('one delivery, many alerts: one incident, each alert tracked on its own', async () => {
    const firing = alertmanagerDelivery({
      groupKey: '{}:{alertname="HighLatency"}',
      alerts: [
        { fingerprint: 'fp-a', status: 'firing', labels: { alertname: 'HighLatency', service: 'search', region: 'eu-west-1', severity: 'critical' } },
        { fingerprint: 'fp-b', status: 'firing', labels: { alertname: 'HighLatency', service: 'search', region: 'us-east-1', severity: 'critical' } },
        { status: 'firing', labels: { alertname: 'HighLatency', service: 'search', region: 'ap-south-1', severity: 'critical' } },
      ],
    });
    assert.equal((await sendBearer('alertmanager', JSON.stringify(firing))).status, 202);
    await settled();
    const incident = await incidentWithAlert('alertmanager', '{}:{alertname="HighLatency"}');
    assert.ok(incident);
    assert.equal(incident.alerts.length, 3);
    assert.equal(incident.severity, 'SEV2', 'severity critical maps to SEV2');
    assert.deepEqual(incident.services, ['search']);
    const events = (await api(`/api/incidents/${incident.ref}/timeline`)).json.events as any[];
    const received = events.filter((e) => e.kind === 'alert_received');
    assert.equal(received.length, 1, 'one timeline line for the delivery, not one per alert');
    assert.equal(received[0].data.count, 3);

    const resolved = alertmanagerDelivery({
      groupKey: '{}:{alertname="HighLatency"}',
      alerts: [
        { fingerprint: 'fp-a', status: 'resolved', labels: { alertname: 'HighLatency', service: 'search', region: 'eu-west-1' } },
        { fingerprint: 'fp-b', status: 'firing', labels: { alertname: 'HighLatency', service: 'search', region: 'us-east-1' } },
      ],
    });
    assert.equal((await sendBearer('alertmanager', JSON.stringify(resolved))).status, 202);
    await settled();
    const statuses: { fingerprint: string; status: string }[] = await db.knex('alerts').where({ provider: 'alertmanager', incident_id: Number(incident.ref.slice(4)) }).select('fingerprint', 'status');
    const byFp = Object.fromEntries(statuses.map((r) => [r.fingerprint, r.status]));
    assert.equal(byFp['fp-a'], 'resolved');
    assert.equal(byFp['fp-b'], 'firing');
    assert.equal(statuses.length, 3);
    assert.ok(!(await timelineKinds(incident.ref)).includes('alerts_all_resolved'), 'two alerts still firing');
    const shown = (await api(`/api/incidents/${incident.ref}`)).json;
    assert.deepEqual(shown.alertCounts, { firing: 2, acknowledged: 0, resolved: 1 });
    assert.match(shown.lastAlertAt, /^\d{4}-\d\d-\d\dT/);
  });
});

describe('metrics', () => {
  test('webhook and alert counters are exported', async () => {
    const text = (await request(base, '/metrics')).text;
    assert.match(text, /warroom_webhook_requests_total\{provider="pagerduty",outcome="stored"\} \d+/);
    assert.match(text, /warroom_webhook_requests_total\{provider="pagerduty",outcome="duplicate"\} \d+/);
    assert.match(text, /warroom_alerts_total\{provider="alertmanager",status="firing"\} \d+/);
    assert.match(text, /warroom_webhook_answer_seconds_bucket\{le="0.05",provider="opsgenie"\} \d+/);
  });
});
