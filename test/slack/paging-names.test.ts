/**
 * The summary's paging line names people (issue 18): whom a page went to and who acknowledged it,
 * as a mention when their Slack account is found by email, else their name; an acknowledgement is
 * one timeline event "Acknowledged by … via …", however many ways Warroom hears of it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { OpsgenieFake } from '../fakes/opsgenie-api-fake.js';
import type { PagerDutyFake } from '../fakes/pagerduty-api-fake.js';
import type { SlackFake } from '../fakes/slack-api-fake.js';
import type { TestDatabase } from '../helpers/test-database.js';
import { startWarroomWithPaging, type WarroomWithPaging } from '../helpers/warroom-with-paging.js';
import { PAGING_SECRETS, pagedService } from '../helpers/paging-config.js';
import { request, waitFor } from '../helpers/http.js';
import { opsgenieAction, pagerDutyEvent, pagerDutySignature } from '../helpers/provider-payloads.js';
import type { SlackSender } from '../helpers/slack-requests.js';

const { api: API, pdHook: PD_HOOK, ogHook: OG_HOOK } = PAGING_SECRETS;
const ONCALL = { slack: 'U0ONCALL1', email: 'oncall@example.com', pd: 'PUSER01', name: 'Olivia Oncall' };
let warroomWithPaging: WarroomWithPaging;
let db: TestDatabase;
let slackFake: SlackFake;
let pd: PagerDutyFake;
let og: OpsgenieFake;
let base: string;
let slack: SlackSender;

before(async () => {
  warroomWithPaging = await startWarroomWithPaging({
    slack: { knownUsers: [{ id: 'U0ALICE01', name: 'alice' }, { id: ONCALL.slack, name: 'oncall', email: ONCALL.email }] },
    pagerduty: {
      users: [{ id: ONCALL.pd, name: ONCALL.name, email: ONCALL.email }],
      escalationPolicies: { PEP0001: [{ userId: ONCALL.pd, level: 1 }] },
      // PagerDuty assigns a page to the service's on-call person.
      servicesEscalationPolicyId: 'PEP0001',
    },
    opsgenie: { schedules: { checkout_schedule: [ONCALL.email], search_schedule: [ONCALL.email] } },
    settings: (settings) => ({
      ...settings,
      services: { checkout: pagedService({ pd: 'PA2P440', policy: 'PEP0001', schedule: 'checkout_schedule' }), search: pagedService({ schedule: 'search_schedule' }) },
      paging: { ...settings.paging, ackTimeoutMinutes: 0.05 },
    }),
  });
  ({ db, slackFake, pd, og, base, slack } = warroomWithPaging);
});
after(() => warroomWithPaging.close());

type Event = { kind: string; text: string; data: Record<string, unknown> };
const timeline = async (ref: string) => (await request(base, `/api/incidents/${ref}/timeline`, { token: API })).json.events as Event[];
const acks = async (ref: string) => (await timeline(ref)).filter((e) => e.kind === 'page_acknowledged');
const roomOf = (ref: string) =>
  waitFor(`room of ${ref}`, () => Promise.resolve(slackFake.channels().find((c) => c.name.startsWith(`inc-${ref.slice(4)}-`))), (c) => c !== undefined && slackFake.messages(c.id).some((m) => m.pinned), 15_000);
const paging = (channel: string) => JSON.stringify(slackFake.messages(channel)[0]?.blocks ?? []).match(/\*Paging:\* ([^"]*)/)?.[1] ?? '';
const DATE = '<!date\\^\\d+\\^\\{ago\\}\\|at [^>]+ UTC>';

async function declareAndPage(title: string, severity: number, service: string): Promise<{ ref: string; channel: string }> {
  const { json } = await request(base, '/api/incidents', { method: 'POST', token: API, body: JSON.stringify({ title, severity, services: [service] }) });
  const ref = json.ref as string;
  const channel = await roomOf(ref);
  assert.ok(channel);
  await slack.command(`page ${service}`, { channel: channel.id, user: 'U0ALICE01' });
  return { ref, channel: channel.id };
}

/** PagerDuty's v3 incident.acknowledged webhook, its `event.agent` the user who acknowledged. */
async function pagerDutyAck(eventId: string, incident: { id: string; incidentKey: string | null }, agent: Record<string, unknown>): Promise<void> {
  const event = pagerDutyEvent({ eventId, type: 'incident.acknowledged', status: 'acknowledged', incidentId: incident.id, incidentKey: incident.incidentKey ?? '', serviceId: 'PA2P440' });
  (event.event as Record<string, unknown>).agent = agent;
  const body = JSON.stringify(event);
  const r = await request(base, '/webhooks/pagerduty', { method: 'POST', body, headers: { 'x-pagerduty-signature': pagerDutySignature(body, PD_HOOK) } });
  assert.equal(r.status, 202, r.text);
}

const oncallAgent = { id: ONCALL.pd, type: 'user_reference', summary: ONCALL.name, self: `https://api.pagerduty.com/users/${ONCALL.pd}`, html_url: `https://acme.pagerduty.com/users/${ONCALL.pd}` };

describe('the paging line names people', () => {
  test('PagerDuty: "Paged <@on-call> via PagerDuty", then "Acknowledged by <@on-call> via PagerDuty"; one timeline event naming them', async () => {
    const { ref, channel } = await declareAndPage('Names on the paging line', 3, 'checkout');
    const paged = await waitFor('PagerDuty paged', () => Promise.resolve(pd.incidents().find((i) => i.incidentKey?.startsWith(`${ref}:`) === true)), (i) => i !== undefined, 15_000);
    assert.ok(paged);
    assert.deepEqual(paged.assignments, [ONCALL.pd], 'PagerDuty assigned the page to the on-call person');
    const waiting = await waitFor('the summary names whom the page went to', () => Promise.resolve(paging(channel)), (p) => p.startsWith('Paged'), 15_000);
    assert.match(waiting, new RegExp(`^Paged <@${ONCALL.slack}> via PagerDuty ${DATE}, waiting for an ack$`));
    await pagerDutyAck(`EV-NAMES-${ref}`, paged, oncallAgent);
    const acked = await waitFor('the summary names who acknowledged', () => Promise.resolve(paging(channel)), (p) => p.startsWith('Acknowledged'), 15_000);
    assert.match(acked, new RegExp(`^Acknowledged by <@${ONCALL.slack}> via PagerDuty ${DATE}$`));
    const events = await acks(ref);
    assert.deepEqual(events.map((e) => e.text), [`Acknowledged by ${ONCALL.name} via PagerDuty`], 'one event, with the name (read outside Slack too), never the PagerDuty id');
    assert.doesNotMatch(JSON.stringify(await timeline(ref)), new RegExp(ONCALL.pd), 'the provider id is not shown');
  });

  test('the ack poll and the webhook both see the acknowledgement: it is on the timeline once', async () => {
    const { ref } = await declareAndPage('Acked twice over', 2, 'checkout');
    const paged = await waitFor('PagerDuty paged', () => Promise.resolve(pd.incidents().find((i) => i.incidentKey?.startsWith(`${ref}:`) === true)), (i) => i !== undefined, 15_000);
    assert.ok(paged);
    pd.acknowledge(paged.id);
    let webhookFirst = false;
    // The window: the ack check has read the page as unacknowledged and asked PagerDuty; before
    // PagerDuty's answer reaches it, the webhook records the acknowledgement.
    pd.beforeAnswer(async (req) => {
      if (webhookFirst || req.method !== 'GET' || req.path !== `/incidents/${paged.id}`) return;
      webhookFirst = true;
      await pagerDutyAck(`EV-TWICE-${ref}`, paged, oncallAgent);
      await waitFor('the webhook recorded the acknowledgement', () => acks(ref), (es) => es.length > 0, 4_000);
    });
    try {
      await waitFor('the ack check ran', () => db.knex.raw<{ rows: { state: string }[] }>("select state from pgboss.job where name = 'paging.check_ack' and data->>'reference' = ?", [paged.id]), (r) => r.rows.some((j) => j.state === 'completed'), 20_000);
    } finally {
      pd.beforeAnswer(null);
    }
    assert.ok(webhookFirst, 'the webhook came in while the poll waited for PagerDuty');
    assert.deepEqual((await acks(ref)).map((e) => e.text), [`Acknowledged by ${ONCALL.name} via PagerDuty`]);
    assert.equal(og.alerts().filter((a) => a.alias.startsWith(`${ref}:`)).length, 0, 'an acknowledged page does not fail over');
  });

  test('Opsgenie: its answer names nobody, so "Paged via Opsgenie" as before; its Acknowledge webhook names the user', async () => {
    const { ref, channel } = await declareAndPage('Opsgenie names', 3, 'search');
    const alert = await waitFor('Opsgenie paged', () => Promise.resolve(og.alerts().find((a) => a.alias.startsWith(`${ref}:`))), (a) => a !== undefined, 15_000);
    assert.ok(alert);
    const waiting = await waitFor('the summary says it waits for an ack', () => Promise.resolve(paging(channel)), (p) => p.startsWith('Paged'), 15_000);
    assert.match(waiting, new RegExp(`^Paged via Opsgenie ${DATE}, waiting for an ack$`), 'no names: today’s wording');
    const body = opsgenieAction({ action: 'Acknowledge', alertId: alert.id, alias: alert.alias, updatedAtNs: '1763892100000000000', tags: [] });
    const r = await request(base, '/webhooks/opsgenie', { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: `Bearer ${OG_HOOK}` } });
    assert.equal(r.status, 202, r.text);
    const acked = await waitFor('the summary names who acknowledged', () => Promise.resolve(paging(channel)), (p) => p.startsWith('Acknowledged'), 15_000);
    assert.match(acked, new RegExp(`^Acknowledged by <@${ONCALL.slack}> via Opsgenie ${DATE}$`));
    assert.deepEqual((await acks(ref)).map((e) => e.text), [`Acknowledged by ${ONCALL.email} via Opsgenie`]);
  });
});
