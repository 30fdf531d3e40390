import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startWarroom, type RunningWarroom } from '../../src/main.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { testConfig } from '../helpers/test-config.js';
import { request, waitFor, type Answer } from '../helpers/http.js';
import { alertmanagerDelivery, pagerDutyEvent, pagerDutySignature } from '../helpers/provider-payloads.js';
import { onNextWrite } from '../helpers/database-faults.js';

const API = 'api-token';
const PD_SECRET = 'pd-secret';
const AM_TOKEN = 'am-token';
let db: TestDatabase;
let warroom: RunningWarroom;
let base: string;

before(async () => {
  db = await createTestDatabase({ migrate: false });
  const config = testConfig({ DATABASE_URL: db.url, WARROOM_API_TOKEN: API, PAGERDUTY_WEBHOOK_SECRETS: PD_SECRET, ALERTMANAGER_WEBHOOK_TOKEN: AM_TOKEN });
  const services = {
    search: {
      match: { pagerdutyServiceIds: [], opsgenieTags: [], datadogTags: [], alertmanagerLabels: { service: 'search' } },
      pagerduty: { escalationPolicyId: null },
      opsgenie: { schedule: null },
      runbook: null,
      dashboards: [],
    },
  };
  warroom = await startWarroom({ ...config, port: 0, host: '127.0.0.1', settings: { ...config.settings, autoResolve: true, services } }, silentLogger());
  base = `http://127.0.0.1:${warroom.port}`;
  await warroom.ready;
});
after(async () => {
  await warroom.stop();
  await db.close();
});

const api = (path: string) => request(base, path, { token: API });

function sendAlertmanager(payload: Record<string, unknown>): Promise<Answer> {
  return request(base, '/webhooks/alertmanager', { method: 'POST', body: JSON.stringify(payload), headers: { 'content-type': 'application/json', authorization: `Bearer ${AM_TOKEN}` } });
}
function sendPagerDuty(body: string): Promise<Answer> {
  return request(base, '/webhooks/pagerduty', { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-pagerduty-signature': pagerDutySignature(body, PD_SECRET) } });
}

/** Waits until every stored delivery has been attached by the jobs. */
async function settled(): Promise<void> {
  await waitFor('deliveries attached', async () => Number((await db.knex('deliveries').whereNull('processed_at').count<{ n: string }[]>({ n: '*' }))[0]?.n), (n) => n === 0, 20_000);
}

async function allIncidents(): Promise<any[]> {
  return (await api('/api/incidents?status=all&limit=500')).json.incidents as any[];
}

async function timeline(ref: string): Promise<any[]> {
  const answer = await api(`/api/incidents/${ref}/timeline`);
  assert.equal(answer.status, 200, answer.text);
  return answer.json.events as any[];
}

const GROUP = '{}/{service="search"}:{alertname="HighLatency"}';
const labels = (region: string) => ({ alertname: 'HighLatency', service: 'search', region, severity: 'warning' });

describe('autoResolve with Alertmanager', () => {
  let first: any;

  test('two firing alerts open one incident; resolving one leaves it open', async () => {
    const r = await sendAlertmanager(
      alertmanagerDelivery({
        groupKey: GROUP,
        alerts: [
          { fingerprint: 'fp-eu', status: 'firing', labels: labels('eu-west-1') },
          { fingerprint: 'fp-us', status: 'firing', labels: labels('us-east-1') },
        ],
      }),
    );
    assert.equal(r.status, 202, r.text);
    await settled();
    const incidents = await allIncidents();
    assert.equal(incidents.length, 1, JSON.stringify(incidents));
    first = incidents[0];
    assert.equal(first.status, 'investigating');
    assert.equal(first.severity, 'SEV3', 'severity warning maps to SEV3');
    assert.deepEqual(first.services, ['search']);
    assert.equal(first.alerts.length, 2);

    const partial = await sendAlertmanager(
      alertmanagerDelivery({
        groupKey: GROUP,
        alerts: [
          { fingerprint: 'fp-eu', status: 'resolved', labels: labels('eu-west-1') },
          { fingerprint: 'fp-us', status: 'firing', labels: labels('us-east-1') },
        ],
      }),
    );
    assert.equal(partial.status, 202, partial.text);
    await settled();
    const open = await api(`/api/incidents/${first.ref}`);
    assert.equal(open.status, 200, open.text);
    assert.equal(open.json.status, 'investigating', 'one alert still fires');
    assert.equal(open.json.resolvedAt, null);
    const kinds = (await timeline(first.ref)).map((e) => e.kind);
    assert.deepEqual(kinds, ['incident_declared', 'alert_received', 'alert_resolved']);
    assert.equal((await allIncidents()).length, 1, 'no second incident');
  });

  test('resolving the last alert resolves the incident', async () => {
    assert.ok(first, 'the previous test opened the incident');
    const r = await sendAlertmanager(
      alertmanagerDelivery({
        groupKey: GROUP,
        alerts: [
          { fingerprint: 'fp-eu', status: 'resolved', labels: labels('eu-west-1') },
          { fingerprint: 'fp-us', status: 'resolved', labels: labels('us-east-1') },
        ],
      }),
    );
    assert.equal(r.status, 202, r.text);
    await settled();
    const incident = await api(`/api/incidents/${first.ref}`);
    assert.equal(incident.status, 200, incident.text);
    assert.equal(incident.json.status, 'resolved');
    assert.notEqual(incident.json.resolvedAt, null);
    assert.deepEqual(
      incident.json.alerts.map((a: any) => a.status),
      ['resolved', 'resolved'],
    );
    const events = await timeline(first.ref);
    assert.deepEqual(
      events.map((e) => e.kind),
      ['incident_declared', 'alert_received', 'alert_resolved', 'alert_resolved', 'alerts_all_resolved', 'incident_resolved'],
    );
    const [resolvedAlert, allResolved, incidentResolved] = events.slice(-3);
    assert.equal(resolvedAlert.data.count, 1, 'only fp-us changed; fp-eu was resolved already');
    assert.deepEqual(resolvedAlert.data.fingerprints, ['fp-us']);
    assert.equal(allResolved.actor, 'warroom');
    assert.equal(allResolved.data.autoResolve, true);
    assert.equal(incidentResolved.actor, 'warroom');
  });

  test('a new firing alert with the same groupKey after resolution opens a new incident', async () => {
    assert.ok(first, 'the first tests opened and resolved the incident');
    const r = await sendAlertmanager(alertmanagerDelivery({ groupKey: GROUP, alerts: [{ fingerprint: 'fp-ap', status: 'firing', labels: labels('ap-south-1') }] }));
    assert.equal(r.status, 202, r.text);
    await settled();

    const incidents = await allIncidents();
    assert.equal(incidents.length, 2, JSON.stringify(incidents.map((i) => [i.ref, i.status])));
    const second = incidents.find((i) => i.ref !== first.ref);
    assert.ok(second);
    assert.equal(second.status, 'investigating');
    assert.deepEqual(second.alerts, [{ provider: 'alertmanager', key: GROUP, status: 'firing', title: 'HighLatency' }]);
    assert.deepEqual((await timeline(second.ref)).map((e) => e.kind), ['incident_declared', 'alert_received']);

    const old = await api(`/api/incidents/${first.ref}`);
    assert.equal(old.json.status, 'resolved', 'the old incident stays resolved');
    assert.equal(old.json.alerts.length, 2, 'the new alert is not on the old incident');
    assert.equal((await timeline(first.ref)).at(-1)?.kind, 'incident_resolved', 'nothing new on the old timeline');

    const open = await db.knex('incidents').where({ grouping_key: `alertmanager:${GROUP}` }).whereNot('status', 'resolved').select('id');
    assert.equal(open.length, 1, 'one open incident per grouping key');
    assert.equal(`INC-${open[0].id}`, second.ref);
  });
});

describe('PagerDuty resolve without a firing alert', () => {
  test('incident.resolved for a PagerDuty incident never seen firing: 202 and no incident', async () => {
    const before = (await allIncidents()).length;
    const body = JSON.stringify(pagerDutyEvent({ eventId: 'EV-PD-UNSEEN', type: 'incident.resolved', incidentId: 'PUNSEEN', status: 'resolved', title: 'Never seen' }));
    const r = await sendPagerDuty(body);
    assert.equal(r.status, 202, r.text);
    await settled();
    const row = await db.knex('deliveries').where({ provider: 'pagerduty', delivery_id: 'EV-PD-UNSEEN' }).first();
    assert.ok(row, 'the delivery is stored');
    assert.equal(row.signal_count, 1);
    assert.ok(row.processed_at, 'and processed');
    const incidents = await allIncidents();
    assert.equal(incidents.length, before, 'no incident was created');
    assert.ok(!incidents.some((i) => i.alerts.some((a: any) => a.provider === 'pagerduty')));
    const alerts = await db.knex('alerts').where({ provider: 'pagerduty' }).select('id');
    assert.deepEqual(alerts, [], 'no alert is tracked');
  });
});

describe('autoResolve against a concurrent edit', () => {
  test('an edit committed between reading the incident and resolving it: the incident is still resolved, and the timeline says so', async () => {
    const group = '{}/{service="storage"}:{alertname="DiskFull"}';
    const alert = (status: 'firing' | 'resolved') => ({ fingerprint: 'fp-disk', status, labels: { alertname: 'DiskFull', service: 'storage', region: 'eu-west-1', severity: 'warning' } });
    const known = new Set((await allIncidents()).map((i) => i.ref));
    assert.equal((await sendAlertmanager(alertmanagerDelivery({ groupKey: group, alerts: [alert('firing')] }))).status, 202);
    await settled();
    const incident = (await allIncidents()).find((i) => !known.has(i.ref));
    assert.ok(incident, 'the firing alert opened an incident');
    // Someone changes the incident (its version moves on) right after this attach read it: when the
    // alert's resolved status is written, before the incident is resolved.
    await onNextWrite(db.knex, 'alerts', 'update incidents set version = version + 1, updated_at = now() where id = new.incident_id', "new.status = 'resolved'");
    assert.equal((await sendAlertmanager(alertmanagerDelivery({ groupKey: group, alerts: [alert('resolved')] }))).status, 202);
    await settled();
    const after = await api(`/api/incidents/${incident.ref}`);
    assert.equal(after.json.status, 'resolved', 'the resolve did not lose to the edit');
    const events = await timeline(incident.ref);
    const said = events.filter((e) => e.kind === 'alerts_all_resolved' || e.kind === 'incident_resolved').map((e) => [e.kind, e.data.resolving ?? null]);
    assert.deepEqual(said, [['alerts_all_resolved', true], ['incident_resolved', null]], 'the timeline says it resolved, and it did');
  });
});
