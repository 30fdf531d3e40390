import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startWarroom, type RunningWarroom } from '../../src/main.js';
import { startOpsgenieFake, type OpsgenieFake } from '../fakes/opsgenie-api-fake.js';
import { startPagerDutyFake, type PagerDutyFake } from '../fakes/pagerduty-api-fake.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-api-fake.js';
import { request, waitFor } from '../helpers/http.js';
import { pagedService, pagingConfig, PAGING_SECRETS } from '../helpers/paging-config.js';
import { pagerDutyEvent, pagerDutySignature } from '../helpers/provider-payloads.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { slackSender, type SlackSender } from '../helpers/slack-requests.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

/** Incident-level metrics, read from a real /metrics of Warroom on a real database. */
let db: TestDatabase;
let slack: SlackFake;
let pd: PagerDutyFake;
let og: OpsgenieFake;
let warroom: RunningWarroom;
let base: string;
let slackUser: SlackSender;

before(async () => {
  db = await createTestDatabase({ migrate: false });
  slack = await startSlackFake();
  pd = await startPagerDutyFake({ token: PAGING_SECRETS.pdToken, users: [{ id: 'PWARROOM', name: 'Warroom', email: 'warroom@example.com' }] });
  og = await startOpsgenieFake({ apiKey: PAGING_SECRETS.ogKey });
  const config = pagingConfig({ databaseUrl: db.url, slack, pd, og });
  const settings = { ...config.settings, services: { checkout: pagedService({ pd: 'PA2P440' }) } };
  warroom = await startWarroom({ ...config, port: 0, host: '127.0.0.1', settings }, silentLogger());
  base = `http://127.0.0.1:${warroom.port}`;
  slackUser = slackSender(base, PAGING_SECRETS.slackSigning);
  await warroom.ready;
});
after(async () => {
  await warroom.stop();
  await Promise.all([slack.close(), pd.close(), og.close()]);
  await db.close();
});

/** The value of one series in /metrics (0 when absent). */
async function metric(name: string, labels = ''): Promise<number> {
  const text = (await request(base, '/metrics')).text;
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

async function declare(severity: number): Promise<{ ref: string; channel: string }> {
  const r = await request(base, '/api/incidents', { method: 'POST', token: PAGING_SECRETS.api, body: JSON.stringify({ title: 'Checkout down', severity, services: ['checkout'] }) });
  assert.equal(r.status, 201, r.text);
  const ref = r.json.ref as string;
  const channel = await waitFor(`${ref}'s channel`, () => Promise.resolve(slack.channels().find((c) => c.name.startsWith(`inc-${ref.slice(4)}-`))), (c) => c !== undefined);
  return { ref, channel: channel!.id };
}

async function inChannel(channel: string, text: string): Promise<void> {
  const answer = await slackUser.command(text, { channel });
  assert.equal(answer.status, 200, answer.text);
}

async function status(ref: string): Promise<string> {
  return (await request(base, `/api/incidents/${ref}`, { token: PAGING_SECRETS.api })).json.status as string;
}

test('declaring raises the open gauge of its severity, resolving lowers it; mitigate and resolve are observed once each', async () => {
  const openBefore = await metric('warroom_incidents_open', 'severity="SEV3"');
  const { ref, channel } = await declare(3);
  assert.equal(await metric('warroom_incidents_open', 'severity="SEV3"'), openBefore + 1, 'one more open SEV3');
  assert.equal(await metric('warroom_incidents_open', 'severity="SEV1"'), 0, 'other severities untouched');

  await inChannel(channel, 'status identified');
  await waitFor('identified', () => status(ref), (s) => s === 'identified');
  assert.equal(await metric('warroom_incident_time_to_mitigate_seconds_count', 'severity="SEV3"'), 0, 'identified is not mitigated');
  await inChannel(channel, 'status monitoring');
  await waitFor('monitoring', () => status(ref), (s) => s === 'monitoring');
  assert.equal(await metric('warroom_incident_time_to_mitigate_seconds_count', 'severity="SEV3"'), 1, 'the move to monitoring is observed once');

  await inChannel(channel, 'resolve');
  await waitFor('resolved', () => status(ref), (s) => s === 'resolved');
  assert.equal(await metric('warroom_incidents_open', 'severity="SEV3"'), openBefore, 'resolving lowers the gauge');
  assert.equal(await metric('warroom_incident_time_to_resolve_seconds_count', 'severity="SEV3"'), 1);
  assert.equal(await metric('warroom_incident_time_to_mitigate_seconds_count', 'severity="SEV3"'), 1, 'resolving is no mitigation');
});

test('a page counts as sent for its provider, and its acknowledgement (a PagerDuty webhook) is observed as time to acknowledge', async () => {
  const { ref, channel } = await declare(2);
  await inChannel(channel, 'page checkout');
  const paged = await waitFor('the page in PagerDuty', () => Promise.resolve(pd.incidents().find((i) => i.incidentKey?.startsWith(`${ref}:`) === true)), (i) => i !== undefined);
  await waitFor('the page counted', () => metric('warroom_pages_total', 'provider="pagerduty",outcome="sent"'), (n) => n === 1);

  const body = JSON.stringify(pagerDutyEvent({ eventId: 'EV-ACK-1', type: 'incident.acknowledged', incidentId: paged!.id, incidentKey: paged!.incidentKey!, status: 'acknowledged' }));
  const answer = await request(base, '/webhooks/pagerduty', { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-pagerduty-signature': pagerDutySignature(body, PAGING_SECRETS.pdHook) } });
  assert.equal(answer.status, 202, answer.text);
  await waitFor('time to acknowledge observed', () => metric('warroom_incident_time_to_acknowledge_seconds_count', 'severity="SEV2"'), (n) => n === 1);
  assert.equal(await metric('warroom_deliveries_awaiting_attach'), 0, 'the acknowledgement was attached');
  assert.equal(await metric('warroom_database_up'), 1);
});
