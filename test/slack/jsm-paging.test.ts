// JSM Operations end to end over HTTP (issue 19): a JSM-only service finds its on-call, pages, sees
// the ack from JSM's webhook and resolves; a PagerDuty outage fails over to JSM.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startWarroom, type RunningWarroom } from '../../src/main.js';
import { startJsmFake, type JsmFake } from '../fakes/jsm-api-fake.js';
import { startPagerDutyFake, type PagerDutyFake } from '../fakes/pagerduty-api-fake.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-api-fake.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { pagedService } from '../helpers/paging-config.js';
import { testConfig } from '../helpers/test-config.js';
import { request, waitFor } from '../helpers/http.js';
import { opsgenieAction } from '../helpers/provider-payloads.js';
import { slackSender, type SlackSender } from '../helpers/slack-requests.js';

const API = 'api-token';
const JSM_HOOK = 'jsm-hook-token';
const ONCALL = { slack: 'U0ONCALL1', email: 'oncall@example.com' };
let db: TestDatabase;
let slackFake: SlackFake;
let pd: PagerDutyFake;
let jsm: JsmFake;
let warroom: RunningWarroom;
let base: string;
let slack: SlackSender;

before(async () => {
  db = await createTestDatabase({ migrate: false });
  slackFake = await startSlackFake({ knownUsers: [{ id: 'U0ALICE01', name: 'alice' }, { id: ONCALL.slack, name: 'oncall', email: ONCALL.email }] });
  pd = await startPagerDutyFake({ token: 'pd-rest-token', users: [{ id: 'PWARROOM', name: 'Warroom', email: 'warroom@example.com' }] });
  jsm = await startJsmFake({ schedules: { 'sched-payments': [ONCALL.email], 'sched-checkout': ['557058:backup'] } });
  const config = testConfig({
    DATABASE_URL: db.url,
    WARROOM_API_TOKEN: API,
    SLACK_BOT_TOKEN: slackFake.token,
    SLACK_SIGNING_SECRET: 'secret',
    SLACK_API_URL: slackFake.url,
    PAGERDUTY_API_TOKEN: 'pd-rest-token',
    PAGERDUTY_FROM_EMAIL: 'warroom@example.com',
    PAGERDUTY_API_URL: pd.url,
    JSM_CLOUD_ID: jsm.cloudId,
    JSM_API_EMAIL: jsm.apiEmail,
    JSM_API_TOKEN: jsm.apiToken,
    JSM_INTEGRATION_KEY: jsm.integrationKey,
    JSM_API_URL: jsm.url,
    JSM_WEBHOOK_TOKEN: JSM_HOOK,
  });
  const settings = {
    ...config.settings,
    services: {
      payments: { ...pagedService({}), jsm: { schedule: 'sched-payments' } },
      checkout: { ...pagedService({ pd: 'PA2P440' }), jsm: { schedule: 'sched-checkout' } },
    },
  };
  warroom = await startWarroom({ ...config, port: 0, host: '127.0.0.1', settings }, silentLogger());
  base = `http://127.0.0.1:${warroom.port}`;
  slack = slackSender(base, 'secret');
  await warroom.ready;
});
after(async () => {
  await warroom.stop();
  for (const f of [slackFake, pd, jsm]) await f.close();
  await db.close();
});

const timeline = async (ref: string) => (await request(base, `/api/incidents/${ref}/timeline`, { token: API })).json.events as { kind: string; text: string; data: any }[];
const roomOf = (ref: string) =>
  waitFor(`room of ${ref}`, () => Promise.resolve(slackFake.channels().find((c) => c.name.startsWith(`inc-${ref.slice(4)}-`))), (c) => c !== undefined && slackFake.messages(c.id).some((m) => m.pinned), 15_000);

async function declare(title: string, severity: number, services: string[]): Promise<{ ref: string; channel: string }> {
  const { json } = await request(base, '/api/incidents', { method: 'POST', token: API, body: JSON.stringify({ title, severity, services }) });
  const ref = json.ref as string;
  const room = await roomOf(ref);
  assert.ok(room, 'room');
  return { ref, channel: room.id };
}

describe('a JSM-only service', () => {
  test('/incident oncall finds the on-call through JSM, as a Slack mention', async () => {
    const r = await slack.command('oncall', { user: 'U0ALICE01' });
    assert.match(r.json.text, /\*payments\*: <@U0ONCALL1> \(jsm\)/, r.json.text);
    assert.ok(jsm.requests().some((q) => q.path === `/jsm/ops/api/${jsm.cloudId}/v1/schedules/sched-payments/on-calls`), 'asked JSM REST under the cloud id');
  });

  test('pages through JSM, sees the ack from the JSM webhook, and resolving closes the JSM alert', async () => {
    const { ref, channel } = await declare('Payments failing', 1, ['payments']);
    const r = await slack.command('page payments', { channel, user: 'U0ALICE01' });
    assert.match(r.json.text, /Paging payments through JSM…/, r.text);
    const alert = await waitFor('JSM alert', () => jsm.settled().then(() => jsm.alerts().find((a) => a.alias.startsWith(`${ref}:`))), (a) => a !== undefined, 15_000);
    assert.ok(alert);
    assert.deepEqual(alert.responders, [{ type: 'schedule', id: 'sched-payments' }]);
    await waitFor('page_sent', () => timeline(ref), (es) => es.some((e) => e.kind === 'page_sent' && e.data.provider === 'jsm'), 10_000);

    // JSM's outgoing webhook says the responder acknowledged (Opsgenie's action data, bearer token).
    const body = opsgenieAction({ action: 'Acknowledge', alertId: alert.id, alias: alert.alias, message: alert.message, updatedAtNs: '1765090000000000000' });
    const unauthorized = await request(base, '/webhooks/jsm', { method: 'POST', body, headers: { authorization: 'Bearer wrong' } });
    assert.equal(unauthorized.status, 401);
    const hook = await request(base, '/webhooks/jsm', { method: 'POST', body, headers: { authorization: `Bearer ${JSM_HOOK}` } });
    assert.equal(hook.status, 202, hook.text);
    const acked = await waitFor('page acknowledged', () => timeline(ref), (es) => es.some((e) => e.kind === 'page_acknowledged'), 15_000);
    // The webhook names who acknowledged (its username), as Opsgenie's does.
    assert.equal(acked.find((e) => e.kind === 'page_acknowledged')?.text, 'Acknowledged by oncall@example.com via JSM');

    await slack.command('resolve Fixed', { channel, user: 'U0ALICE01' });
    await waitFor('JSM alert closed', () => jsm.settled().then(() => jsm.alert(alert.alias)), (a) => a?.status === 'closed', 15_000);
    const resolved = await waitFor('provider_resolved', () => timeline(ref), (es) => es.some((e) => e.kind === 'provider_resolved'), 10_000);
    assert.match(resolved.find((e) => e.kind === 'provider_resolved')?.text ?? '', /^Resolved the linked JSM alert /);
  });
});

describe('failover to JSM', () => {
  test('PagerDuty answers 5xx: the SEV1 page goes out through JSM, both attempts on the timeline', async () => {
    const { ref, channel } = await declare('Checkout down', 1, ['checkout']);
    pd.failNext(10, 503);
    const r = await slack.command('page checkout', { channel, user: 'U0ALICE01' });
    assert.match(r.json.text, /Paging checkout through PagerDuty, then JSM…/, r.text);
    await waitFor('JSM paged', () => jsm.settled().then(() => jsm.alerts().find((a) => a.alias.startsWith(`${ref}:`))), (a) => a !== undefined, 15_000);
    const events = await waitFor('both attempts', () => timeline(ref), (es) => es.some((e) => e.kind === 'page_sent' && e.data.provider === 'jsm'), 10_000);
    assert.equal(events.find((e) => e.kind === 'page_failed')?.data.provider, 'pagerduty');
    assert.match(events.find((e) => e.kind === 'page_sent')?.text ?? '', /through JSM \(PagerDuty failed\)/);
    pd.failNext(0);
  });
});
