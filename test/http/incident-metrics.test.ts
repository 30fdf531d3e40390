import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { PagerDutyFake } from '../fakes/pagerduty-api-fake.js';
import type { SlackFake } from '../fakes/slack-api-fake.js';
import { request, waitFor } from '../helpers/http.js';
import { pagedService, PAGING_SECRETS } from '../helpers/paging-config.js';
import { pagerDutyEvent, pagerDutySignature } from '../helpers/provider-payloads.js';
import type { SlackSender } from '../helpers/slack-requests.js';
import { startWarroomWithPaging, type WarroomWithPaging } from '../helpers/warroom-with-paging.js';
import { parse } from 'yaml';

/** Incident-level metrics, read from a real /metrics of Warroom on a real database. */
let warroomWithPaging: WarroomWithPaging;
let slack: SlackFake;
let pd: PagerDutyFake;
let base: string;
let slackUser: SlackSender;

before(async () => {
  warroomWithPaging = await startWarroomWithPaging({ settings: (settings) => ({ ...settings, services: { checkout: pagedService({ pd: 'PA2P440' }) } }) });
  ({ slackFake: slack, pd, base, slack: slackUser } = warroomWithPaging);
});
after(() => warroomWithPaging.close());

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

test('declaring raises the open gauge of its severity, resolving lowers it; mitigate (the first move to monitoring) and resolve are observed once each', async () => {
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
  // A relapse, mitigated again: the incident's time to mitigate is already known.
  await inChannel(channel, 'status identified');
  await waitFor('identified again', () => status(ref), (s) => s === 'identified');
  await inChannel(channel, 'status monitoring');
  await waitFor('monitoring again', () => status(ref), (s) => s === 'monitoring');
  assert.equal(await metric('warroom_incident_time_to_mitigate_seconds_count', 'severity="SEV3"'), 1, 'only the first move to monitoring is observed');

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

test('while Slack is down the outbox backlog and its oldest task show in /metrics; both drain once it is back', async () => {
  await slack.stop();
  try {
    const r = await request(base, '/api/incidents', { method: 'POST', token: PAGING_SECRETS.api, body: JSON.stringify({ title: 'Slack-less', severity: 4 }) });
    assert.equal(r.status, 201, r.text);
    await waitFor('a pending Slack task', () => metric('warroom_slack_outbox_pending'), (n) => n > 0);
    await waitFor('its age', () => metric('warroom_slack_outbox_oldest_pending_seconds'), (s) => s >= 1);
  } finally {
    await slack.start();
  }
  await waitFor('the outbox drained', () => metric('warroom_slack_outbox_pending'), (n) => n === 0, 60_000);
  assert.equal(await metric('warroom_slack_outbox_oldest_pending_seconds'), 0);
});

/** Metric names in PromQL: `warroom_…`, a histogram's series included (`_bucket`, `_sum`, `_count`). */
function metricNames(promql: readonly string[]): Set<string> {
  return new Set(promql.flatMap((expr) => expr.match(/\bwarroom_[a-z_]+/g) ?? []));
}

// Runs after the tests above: they declared, paged, acknowledged, mitigated and resolved, so every histogram has series.
test('every metric the shipped alert rules and Grafana dashboard name is in a real /metrics answer', async () => {
  const rules = parse(readFileSync(new URL('../../deploy/prometheus/warroom-alerts.yml', import.meta.url), 'utf8')) as { groups: { rules: { alert: string; expr: string; for: string }[] }[] };
  const ruleExprs = rules.groups.flatMap((g) => g.rules.map((r) => r.expr));
  const alerts = rules.groups.flatMap((g) => g.rules.map((r) => r.alert));
  for (const wanted of ['WarroomSlackOutboxBacklogGrowing', 'WarroomSlackOutboxStale', 'WarroomSlackFailing', 'WarroomPagingFailing', 'WarroomDatabaseUnavailable', 'WarroomRoomSetupsStuck']) {
    assert.ok(alerts.includes(wanted), `the rules alert on ${wanted}`);
  }
  const dashboard = JSON.parse(readFileSync(new URL('../../deploy/grafana/warroom.json', import.meta.url), 'utf8')) as { panels: { targets: { expr: string }[] }[] };
  const dashboardExprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
  assert.ok(ruleExprs.length >= 6 && dashboardExprs.length >= 10, 'both files were read');

  const exposed = (await request(base, '/metrics')).text;
  const series = new Set(exposed.split('\n').filter((l) => l.startsWith('warroom_')).map((l) => /^[a-z_]+/.exec(l)?.[0] ?? ''));
  const named = metricNames([...ruleExprs, ...dashboardExprs]);
  assert.ok(named.has('warroom_incident_time_to_acknowledge_seconds_bucket') && named.size >= 12, `the names were found: ${[...named].join(', ')}`);
  const missing = [...named].filter((name) => !series.has(name));
  assert.deepEqual(missing, [], `named by the rules or the dashboard but without a series in /metrics:\n${exposed.split('\n').filter((l) => l.startsWith('# TYPE warroom_')).join('\n')}`);
});
