/**
 * Drills end to end: `/incident drill <scenario>` fires the scenario's alerts through Warroom's own
 * webhook routes; the drill incident gets a `drill-` channel, an on-call commander (PagerDuty
 * fake), a measured scope (Prometheus fake), a stakeholder update (the update modal), and on
 * resolve a scorecard in the channel and on the timeline.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startWarroom, type RunningWarroom } from '../../src/main.js';
import { loadDrillScenarios } from '../../src/adapters/drills/file-scenarios.js';
import { createWebhookDrillSender } from '../../src/adapters/drills/webhook-drill-sender.js';
import type { DrillScenario } from '../../src/core/drill-scenario.js';
import { SCORECARD_STEPS } from '../../src/core/drill-scorecard.js';
import { INPUTS, VIEWS } from '../../src/slack-ui/ids.js';
import { startPagerDutyFake, type PagerDutyFake } from '../fakes/pagerduty-api-fake.js';
import { startPrometheusFake, type PrometheusFake } from '../fakes/prometheus-api-fake.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-api-fake.js';
import { request, waitFor } from '../helpers/http.js';
import { SYNC_RESOLVE_JOB } from '../../src/app/oncall/paging-service.js';
import { alertmanagerDelivery } from '../helpers/provider-payloads.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { slackSender, type SlackSender } from '../helpers/slack-requests.js';
import { testConfig } from '../helpers/test-config.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const SECRET = 'slack-signing-secret';
const API = 'api-token';
const AM_TOKEN = 'am-hook-token';
const DD_TOKEN = 'dd-hook-token';
const PD_TOKEN = 'pd-rest-token';
const PD_HOOK = 'pd-hook-secret';
const OG_HOOK = 'og-hook-token';
const ONCALL = { slack: 'U0ONCALL1', email: 'oncall@example.com', pd: 'PUSER01' };
// The default scope queries of warroom.yml (INTERFACE §3).
const PROM_ERRORS = 'sum by (region, service) (rate(http_requests_total{code=~"5.."}[5m]))';
const PROM_REQUESTS = 'sum by (region, service) (rate(http_requests_total[5m]))';

let db: TestDatabase;
let slackFake: SlackFake;
let pd: PagerDutyFake;
let prom: PrometheusFake;
let warroom: RunningWarroom;
let base: string;
let slack: SlackSender;
let scenarios: DrillScenario[];
// Compressed time: the scorecard's later steps are known to the minute.
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };

before(async () => {
  const loaded = await loadDrillScenarios();
  assert.deepEqual(loaded.problems, [], 'the shipped scenarios are valid');
  scenarios = loaded.scenarios;
  db = await createTestDatabase({ migrate: false });
  slackFake = await startSlackFake({ knownUsers: [{ id: 'U0ALICE01', name: 'alice' }, { id: ONCALL.slack, name: 'oncall', email: ONCALL.email }] });
  slackFake.addChannel({ id: 'C0STAKE', name: 'stakeholders', members: [slackFake.botUserId] });
  pd = await startPagerDutyFake({
    token: PD_TOKEN,
    users: [{ id: ONCALL.pd, name: 'On Call', email: ONCALL.email }, { id: 'PWARROOM', name: 'Warroom', email: 'warroom@example.com' }],
    escalationPolicies: { PEP0001: [{ userId: ONCALL.pd, level: 1 }] },
  });
  prom = await startPrometheusFake();
  const config = testConfig({
    DATABASE_URL: db.url,
    WARROOM_API_TOKEN: API,
    SLACK_BOT_TOKEN: slackFake.token,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slackFake.url,
    ALERTMANAGER_WEBHOOK_TOKEN: AM_TOKEN,
    DATADOG_WEBHOOK_TOKEN: DD_TOKEN,
    PAGERDUTY_WEBHOOK_SECRETS: `old-secret,${PD_HOOK}`,
    OPSGENIE_WEBHOOK_TOKEN: OG_HOOK,
    PAGERDUTY_API_TOKEN: PD_TOKEN,
    PAGERDUTY_FROM_EMAIL: 'warroom@example.com',
    PAGERDUTY_API_URL: pd.url,
    PROMETHEUS_URL: prom.url,
  });
  const service = (name: string) => ({
    match: { pagerdutyServiceIds: [], opsgenieTags: [], datadogTags: [`service:${name}`], alertmanagerLabels: { service: name } },
    pagerduty: { escalationPolicyId: 'PEP0001' },
    opsgenie: { schedule: null },
    runbook: null,
    dashboards: [],
  });
  const settings = {
    ...config.settings,
    stakeholderChannels: ['C0STAKE'],
    grouping: { byService: true },
    services: { checkout: service('checkout'), notifications: service('notifications'), 'orders-db': service('orders-db') },
  };
  warroom = await startWarroom({ ...config, port: 0, host: '127.0.0.1', settings }, silentLogger(), { clock, reminderEveryMs: 500 });
  base = `http://127.0.0.1:${warroom.port}`;
  slack = slackSender(base, SECRET);
  await warroom.ready;
});
after(async () => {
  await warroom.stop();
  for (const f of [slackFake, pd, prom]) await f.close();
  await db.close();
});

const timeline = async (ref: string) => (await request(base, `/api/incidents/${ref}/timeline`, { token: API })).json.events as { kind: string; text: string; at: string; data: any }[];
/** Resolve-sync jobs pg-boss completed: the one that follows a resolve has run once this grows. */
const syncsDone = async () => Number((await db.knex('pgboss.job').where({ name: SYNC_RESOLVE_JOB, state: 'completed' }).count<{ n: string }[]>({ n: '*' }))[0]?.n);
const incident = async (ref: string) => (await request(base, `/api/incidents/${ref}`, { token: API })).json;

/** The scenario's metric hints (failing share per region) served by the Prometheus fake. */
function serveMetrics(scenario: DrillScenario): void {
  const ratios = (scenario.metrics.failingRatio ?? {}) as Record<string, number>;
  prom.setSeries(PROM_ERRORS, Object.entries(ratios).map(([region, ratio]) => ({ labels: { region, service: scenario.service }, value: ratio * 100 })));
  prom.setSeries(PROM_REQUESTS, Object.keys(ratios).map((region) => ({ labels: { region, service: scenario.service }, value: 100 })));
}

async function startDrill(name: string): Promise<{ ref: string; channelId: string }> {
  const answer = await slack.command(`drill ${name}`, { user: 'U0ALICE01' });
  assert.equal(answer.status, 200, answer.text);
  assert.equal(answer.json.response_type, 'ephemeral', 'the answer is ephemeral');
  const ref = /INC-\d+/.exec(answer.json.text)?.[0];
  assert.ok(ref, `the answer names the drill incident: ${answer.json.text}`);
  const channel = await waitFor(`drill channel of ${ref}`, () => Promise.resolve(slackFake.channels().find((c) => c.name.startsWith(`drill-${ref.slice(4)}-`))), (c) => c !== undefined && slackFake.messages(c.id).some((m) => m.pinned), 20_000);
  assert.ok(channel, `drill-${ref.slice(4)}-… created`);
  return { ref, channelId: channel.id };
}

async function postUpdate(ref: string, text: string): Promise<void> {
  const submitted = await slack.interaction({
    type: 'view_submission',
    team: { id: 'TFAKE', domain: 'acme' },
    user: { id: ONCALL.slack, name: 'oncall', team_id: 'TFAKE' },
    api_app_id: 'AWARROOM',
    trigger_id: 'trigger-update',
    view: { id: 'VUPDATE', type: 'modal', callback_id: VIEWS.update, private_metadata: ref, state: { values: { [INPUTS.update]: { [INPUTS.update]: { type: 'plain_text_input', value: text } } } } },
  });
  assert.equal(submitted.status, 200, submitted.text);
}

describe('drills', () => {
  test('the three shipped scenarios exist', () => {
    assert.deepEqual(scenarios.map((s) => s.name).sort(), ['checkout-5xx-regional', 'communication-provider-outage', 'database-replication-lag'], 'scenario names');
  });

  for (const name of ['checkout-5xx-regional', 'communication-provider-outage', 'database-replication-lag']) {
    test(`${name}: alerts through the webhook path, drill- channel, commander, scope, update, resolve, scorecard`, async (t) => {
      const scenario = scenarios.find((s) => s.name === name);
      assert.ok(scenario, `scenario ${name}`);
      serveMetrics(scenario);
      const { ref, channelId } = await startDrill(name);

      const started = (await timeline(ref)).find((e) => e.kind === 'note_added');
      assert.equal(started?.text, `Drill "${name}" started by alice`, 'who started the drill is on the timeline, by name (her display name: no real name in her profile)');
      const declared = await incident(ref);
      assert.equal(declared.drill, true, 'a drill incident');
      assert.deepEqual(declared.services, [scenario.service], 'the scenario service, matched like any alert');
      assert.equal(declared.alerts.length, scenario.alerts.length, `every scenario alert attached: ${JSON.stringify(declared.alerts)}`);
      assert.ok(declared.alerts.every((a: { provider: string; key: string }) => a.provider === scenario.provider && a.key.startsWith('drill:')), 'alerts from the scenario provider, grouped per drill run');

      // Run as a real incident: the on-call commander, then a measured scope.
      await waitFor('commander from on-call', () => incident(ref), (i) => i.roles.commander === ONCALL.slack, 20_000);
      await waitFor('scope measured', () => timeline(ref), (events) => events.some((e) => e.kind === 'scope_snapshot'), 20_000);
      offsetMs += 60_000; // the first stakeholder update a minute in
      await postUpdate(ref, `Drill: ${scenario.title}. Next update in 30 min.`);
      await waitFor('stakeholder update on the timeline', () => timeline(ref), (events) => events.some((e) => e.kind === 'stakeholder_update'), 10_000);
      const told = await waitFor('update in the stakeholder channel', () => Promise.resolve(slackFake.messages('C0STAKE').find((m) => m.text.includes(`Update on ${ref}`))), (m) => m !== undefined, 10_000);
      assert.match(told?.text ?? '', /^\[DRILL\] Update on/, `stakeholders see it is a drill: ${told?.text}`);
      offsetMs += 10 * 60_000; // resolved ten minutes later
      const resolved = await slack.command('resolve Drill complete', { channel: channelId, user: ONCALL.slack });
      assert.doesNotMatch(resolved.json.text, /warning/, resolved.json.text);

      const card = await waitFor('scorecard in the channel', () => Promise.resolve(slackFake.messages(channelId).find((m) => /Drill scorecard for INC-/.test(m.text))), (m) => m !== undefined, 15_000);
      assert.ok(card, 'scorecard posted');
      for (const label of ['Time to channel', 'Time to commander', 'Time to first scope', 'Time to first stakeholder update', 'Time to resolve']) {
        assert.match(card.text, new RegExp(`${label}: \\d`), `${label} measured in the card: ${card.text}`);
      }
      assert.doesNotMatch(card.text, /not reached/, `every step reached: ${card.text}`);
      assert.match(card.text, /Time to resolve: 11 min 0\d s/, `resolved 11 min after the declaration: ${card.text}`);

      const events = await waitFor('scorecard on the timeline', () => timeline(ref), (e) => e.some((x) => x.kind === 'drill_scorecard'), 10_000);
      const recorded = events.find((e) => e.kind === 'drill_scorecard');
      const steps = recorded?.data.steps as Record<string, number | null>;
      for (const step of SCORECARD_STEPS) assert.equal(typeof steps[step], 'number', `${step} recorded: ${JSON.stringify(steps)}`);
      const ms = (step: (typeof SCORECARD_STEPS)[number]) => steps[step] ?? -1;
      assert.ok(ms('channel') <= ms('commander'), `channel before commander: ${JSON.stringify(steps)}`);
      assert.ok(ms('commander') < ms('stakeholder_update') && ms('scope') < ms('stakeholder_update'), `commander and scope before the update: ${JSON.stringify(steps)}`);
      assert.ok(ms('stakeholder_update') < ms('resolved'), `update before resolve: ${JSON.stringify(steps)}`);
      assert.deepEqual((await incident(ref)).scorecard, steps, 'the API shows the same scorecard');
      const postmortem = (await request(base, `/api/incidents/${ref}/postmortem`, { token: API })).text;
      assert.match(postmortem, /This was a drill/, 'the postmortem says it was a drill');
      assert.match(postmortem, /Drill scorecard/, 'the scorecard is in the postmortem timeline');
      t.diagnostic(`${name} (${ref}): ${card.text}`);
    });
  }

  test('a drill never joins a real open incident of its service, and real alerts never join the drill', async () => {
    const real = (groupKey: string, alertname: string) =>
      request(base, '/webhooks/alertmanager', { method: 'POST', token: AM_TOKEN, headers: { 'content-type': 'application/json' }, body: JSON.stringify(alertmanagerDelivery({ groupKey, alerts: [{ status: 'firing', labels: { alertname, service: 'checkout' } }] })) });
    assert.equal((await real('{}:{alertname="RealCheckout"}', 'RealCheckout')).status, 202, 'the real alert is stored');
    const realIncident = await waitFor('real incident', async () => ((await request(base, '/api/incidents?status=open', { token: API })).json.incidents as any[]).find((i) => !i.drill && i.alerts.some((a: any) => a.title === 'RealCheckout')), (i) => i !== undefined, 15_000);
    serveMetrics(scenarios.find((s) => s.name === 'checkout-5xx-regional') as DrillScenario);
    const { ref: drillRef } = await startDrill('checkout-5xx-regional');
    assert.notEqual(drillRef, realIncident.ref, 'the drill has its own incident');

    assert.equal((await real('{}:{alertname="RealCheckoutAgain"}', 'RealCheckoutAgain')).status, 202, 'a second real alert is stored');
    const joined = await waitFor('second real alert attached', () => incident(realIncident.ref), (i) => i.alerts.some((a: any) => a.title === 'RealCheckoutAgain'), 15_000);
    assert.equal(joined.drill, false, 'the real alert joined the real incident');
    const drill = await incident(drillRef);
    assert.ok(!drill.alerts.some((a: any) => /RealCheckout/.test(a.title)), `no real alert in the drill: ${JSON.stringify(drill.alerts)}`);

    // Statistics: the drills of this file sent Alertmanager and Datadog alerts too; only the two real ones count.
    const metrics = (await request(base, '/metrics')).text;
    assert.match(metrics, /^warroom_alerts_total\{provider="alertmanager",status="firing"\} 2$/m, 'only the real Alertmanager alerts are counted');
    assert.doesNotMatch(metrics, /^warroom_alerts_total\{provider="datadog"/m, 'no Datadog alert counted (all were drills)');
  });

  test('PagerDuty (signed) and Opsgenie (bearer) drill deliveries are accepted and make drill incidents too', async () => {
    const sender = createWebhookDrillSender({
      baseUrl: base,
      credentials: { pagerdutyWebhookSecrets: [PD_HOOK], opsgenieWebhookToken: OG_HOOK, datadogWebhookToken: null, alertmanagerWebhookToken: null },
    });
    const checkout = scenarios.find((s) => s.name === 'checkout-5xx-regional') as DrillScenario;
    for (const provider of ['pagerduty', 'opsgenie'] as const) {
      assert.equal(sender.missing(provider), null, `${provider} configured`);
      const run = `sender-${provider}-1`;
      await sender.fire({ ...checkout, provider, alerts: [{ title: `${provider} drill alert`, labels: { service: 'checkout' } }] }, run);
      const found = await waitFor(`${provider} drill incident`, async () => ((await request(base, '/api/incidents?status=open', { token: API })).json.incidents as any[]).find((i) => i.alerts.some((a: any) => a.key === `drill:${run}`)), (i) => i !== undefined, 15_000);
      assert.equal(found.drill, true, `${provider}: a drill incident`);
      assert.equal(found.alerts[0].provider, provider, `${provider}: through its webhook`);
      if (provider !== 'pagerduty') continue;
      // Resolving it must not reach out to PagerDuty for an incident that only the drill made up.
      const room = await waitFor('PagerDuty drill channel', () => incident(found.ref), (i) => i.channelId !== null, 15_000);
      const syncsBefore = await syncsDone();
      await slack.command('resolve Drill over', { channel: room.channelId, user: ONCALL.slack });
      await waitFor('PagerDuty drill scorecard', () => timeline(found.ref), (events) => events.some((e) => e.kind === 'drill_scorecard'), 15_000);
      await waitFor('the resolve-sync job done', syncsDone, (n) => n > syncsBefore, 15_000);
      const writes = pd.requests().filter((r) => r.method !== 'GET');
      assert.deepEqual(writes.map((r) => `${r.method} ${r.path}`), [], 'no write to PagerDuty for a drill');
    }
    assert.equal(sender.missing('datadog'), 'DATADOG_WEBHOOK_TOKEN', 'an unset token names its variable');
    const wrong = createWebhookDrillSender({ baseUrl: base, credentials: { pagerdutyWebhookSecrets: ['not-the-secret'], opsgenieWebhookToken: null, datadogWebhookToken: null, alertmanagerWebhookToken: null } });
    await assert.rejects(wrong.fire({ ...checkout, provider: 'pagerduty' }, 'sender-wrong-1'), /Warroom answered 401/, 'a wrong secret is refused like any forged delivery');
  });

  test('listing and unknown scenarios', async () => {
    const listed = await slack.command('drill', { user: 'U0ALICE01' });
    assert.match(listed.json.text, /checkout-5xx-regional/, listed.json.text);
    assert.match(listed.json.text, /database-replication-lag/, listed.json.text);
    const unknown = await slack.command('drill no-such-thing', { user: 'U0ALICE01' });
    assert.match(unknown.json.text, /Unknown drill scenario "no-such-thing"/, unknown.json.text);
    assert.match(unknown.json.text, /communication-provider-outage/, unknown.json.text);
  });
});
