import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { OpsgenieFake } from '../fakes/opsgenie-api-fake.js';
import type { PagerDutyFake } from '../fakes/pagerduty-api-fake.js';
import type { SlackFake } from '../fakes/slack-api-fake.js';
import { startWarroomWithPaging, type WarroomWithPaging } from '../helpers/warroom-with-paging.js';
import { PAGING_SECRETS, pagedService } from '../helpers/paging-config.js';
import { request, waitFor } from '../helpers/http.js';
import { pagerDutyEvent, pagerDutySignature } from '../helpers/provider-payloads.js';
import type { SlackSender } from '../helpers/slack-requests.js';

const { api: API, pdHook: PD_HOOK } = PAGING_SECRETS;
const ONCALL = { slack: 'U0ONCALL1', email: 'oncall@example.com', pd: 'PUSER01' };
let warroomWithPaging: WarroomWithPaging;
let slackFake: SlackFake;
let pd: PagerDutyFake;
let og: OpsgenieFake;
let base: string;
let slack: SlackSender;

before(async () => {
  warroomWithPaging = await startWarroomWithPaging({
    slack: { knownUsers: [{ id: 'U0ALICE01', name: 'alice' }, { id: ONCALL.slack, name: 'oncall', email: ONCALL.email }] },
    pagerduty: { users: [{ id: ONCALL.pd, name: 'On Call', email: ONCALL.email }], escalationPolicies: { PEP0001: [{ userId: ONCALL.pd, level: 1 }] } },
    opsgenie: { schedules: { checkout_schedule: [ONCALL.email], search_schedule: ['someone@example.com'] } },
    settings: (settings) => ({
      ...settings,
      services: { checkout: pagedService({ pd: 'PA2P440', policy: 'PEP0001', schedule: 'checkout_schedule' }), search: pagedService({ schedule: 'search_schedule' }) },
      paging: { ...settings.paging, ackTimeoutMinutes: 0.05 },
    }),
  });
  ({ slackFake, pd, og, base, slack } = warroomWithPaging);
});
after(() => warroomWithPaging.close());

const timeline = async (ref: string) => (await request(base, `/api/incidents/${ref}/timeline`, { token: API })).json.events as { kind: string; text: string; data: any }[];
const roomOf = (ref: string) =>
  waitFor(`room of ${ref}`, () => Promise.resolve(slackFake.channels().find((c) => c.name.startsWith(`inc-${ref.slice(4)}-`))), (c) => c !== undefined && slackFake.messages(c.id).some((m) => m.pinned), 15_000);

describe('commander from on-call', () => {
  test('a PagerDuty alert for a mapped service: its on-call engineer, found in Slack by email, commands and is invited', async () => {
    const body = JSON.stringify(pagerDutyEvent({ eventId: 'EV-ONCALL-1', type: 'incident.triggered', incidentId: 'PDONCALL', title: 'Checkout down', serviceId: 'PA2P440', priority: 'P1' }));
    const r = await request(base, '/webhooks/pagerduty', { method: 'POST', body, headers: { 'x-pagerduty-signature': pagerDutySignature(body, PD_HOOK) } });
    assert.equal(r.status, 202, r.text);
    const listed = await waitFor('incident', () => request(base, '/api/incidents', { token: API }), (a) => a.json.incidents.some((i: any) => i.title === 'Checkout down'), 15_000);
    const ref = listed.json.incidents.find((i: any) => i.title === 'Checkout down').ref as string;
    const channel = await roomOf(ref);
    assert.ok(channel, 'room');
    const incident = (await request(base, `/api/incidents/${ref}`, { token: API })).json;
    assert.equal(incident.roles.commander, ONCALL.slack, 'the on-call engineer commands');
    assert.ok(slackFake.channel(channel.id)?.members.includes(ONCALL.slack), 'and is invited');
    const assigned = (await timeline(ref)).find((e) => e.kind === 'role_assigned');
    assert.equal(assigned?.data.user, ONCALL.slack, 'on the timeline');
    assert.match(JSON.stringify(slackFake.messages(channel.id)[0]?.blocks), new RegExp(`<@${ONCALL.slack}>`), 'and in the summary');
    assert.ok(slackFake.calls('users.lookupByEmail').some((c) => c.args.email === ONCALL.email), 'found through users.lookupByEmail');
  });
});

describe('/incident oncall', () => {
  test('lists every configured service with who is on call, from both providers', async () => {
    const r = await slack.command('oncall', { user: 'U0ALICE01' });
    assert.equal(r.status, 200, r.text);
    assert.match(r.json.text, /\*checkout\*: .*<@U0ONCALL1> \(opsgenie\).*<@U0ONCALL1> \(pagerduty\)/, r.json.text);
    assert.match(r.json.text, /\*search\*: someone@example\.com \(opsgenie\)/, r.json.text);
  });
});

describe('paging with failover', () => {
  test('PagerDuty answers 500: the page goes out through Opsgenie; both attempts are on the timeline', async () => {
    const { json } = await request(base, '/api/incidents', { method: 'POST', token: API, body: JSON.stringify({ title: 'Payments failing', severity: 1, services: ['checkout'] }) });
    const ref = json.ref as string;
    const channel = await roomOf(ref);
    assert.ok(channel);
    pd.failNext(10, 500);
    const r = await slack.command('page checkout', { channel: channel.id, user: 'U0ALICE01' });
    assert.match(r.json.text, /Paging checkout through PagerDuty, then Opsgenie/, r.text);
    await waitFor('Opsgenie paged', () => Promise.resolve(og.alerts().find((a) => a.alias.startsWith(`${ref}:`))), (a) => a !== undefined, 15_000);
    const events = await waitFor('both attempts recorded', () => timeline(ref), (es) => es.some((e) => e.kind === 'page_sent' && e.data.provider === 'opsgenie'), 10_000);
    const failed = events.find((e) => e.kind === 'page_failed');
    assert.equal(failed?.data.provider, 'pagerduty', 'the PagerDuty attempt failed');
    assert.match(events.find((e) => e.kind === 'page_sent')?.text ?? '', /through Opsgenie \(PagerDuty failed\)/);
    pd.failNext(0);
  });

  test('a page not acknowledged within paging.ackTimeoutMinutes goes to the other provider too', async () => {
    const { json } = await request(base, '/api/incidents', { method: 'POST', token: API, body: JSON.stringify({ title: 'Search down', severity: 2, services: ['checkout'] }) });
    const ref = json.ref as string;
    const channel = await roomOf(ref);
    assert.ok(channel);
    await slack.command('page checkout', { channel: channel.id, user: 'U0ALICE01' });
    await waitFor('PagerDuty paged', () => Promise.resolve(pd.incidents().find((i) => i.incidentKey?.startsWith(`${ref}:`) === true)), (i) => i !== undefined, 15_000);
    // Nobody acks within 3 s (0.05 min): Opsgenie gets the page as well.
    await waitFor('Opsgenie paged after the ack timeout', () => Promise.resolve(og.alerts().find((a) => a.alias.startsWith(`${ref}:`))), (a) => a !== undefined, 20_000);
    const sent = (await timeline(ref)).filter((e) => e.kind === 'page_sent').map((e) => [e.data.provider, e.text]);
    assert.deepEqual(sent.map((s) => s[0]), ['pagerduty', 'opsgenie']);
    assert.match(String(sent[1]?.[1]), /not acknowledged within 0.05 min/);
  });

  test('resolving in Slack resolves the linked PagerDuty incident', async () => {
    const { json } = await request(base, '/api/incidents', { method: 'POST', token: API, body: JSON.stringify({ title: 'To resolve', severity: 3, services: ['checkout'] }) });
    const ref = json.ref as string;
    const channel = await roomOf(ref);
    assert.ok(channel);
    await slack.command('page checkout', { channel: channel.id, user: 'U0ALICE01' });
    const paged = await waitFor('PagerDuty paged', () => Promise.resolve(pd.incidents().find((i) => i.incidentKey?.startsWith(`${ref}:`) === true)), (i) => i !== undefined, 15_000);
    assert.ok(paged);
    await slack.command('resolve Fixed', { channel: channel.id, user: 'U0ALICE01' });
    await waitFor('the PagerDuty incident resolved', () => Promise.resolve(pd.incidents().find((i) => i.id === paged.id)?.status), (s) => s === 'resolved', 15_000);
  });
});

describe('the summary’s paging status', () => {
  const paging = (channel: string) => JSON.stringify(slackFake.messages(channel)[0]?.blocks ?? []).match(/\*Paging:\* ([^"]*)/)?.[1] ?? '';
  test('says "Not paged", then who was paged through what and how long ago, then that it was acknowledged', async () => {
    const { json } = await request(base, '/api/incidents', { method: 'POST', token: API, body: JSON.stringify({ title: 'Paging status', severity: 3, services: ['checkout'] }) });
    const ref = json.ref as string;
    const channel = await roomOf(ref);
    assert.ok(channel);
    assert.equal(paging(channel.id), 'Not paged');
    await slack.command('page checkout', { channel: channel.id, user: 'U0ALICE01' });
    const paged = await waitFor('PagerDuty paged', () => Promise.resolve(pd.incidents().find((i) => i.incidentKey?.startsWith(`${ref}:`) === true)), (i) => i !== undefined, 15_000);
    const waiting = await waitFor('the summary says it waits for an ack', () => Promise.resolve(paging(channel.id)), (p) => p.startsWith('Paged'), 15_000);
    assert.match(waiting, /^Paged via PagerDuty <!date\^\d+\^\{ago\}\|at \d{4}-\d\d-\d\d \d\d:\d\d UTC>, waiting for an ack$/);
    const body = JSON.stringify(pagerDutyEvent({ eventId: `EV-ACK-${ref}`, type: 'incident.acknowledged', status: 'acknowledged', incidentId: paged?.id ?? '', incidentKey: paged?.incidentKey ?? '', serviceId: 'PA2P440' }));
    const r = await request(base, '/webhooks/pagerduty', { method: 'POST', body, headers: { 'x-pagerduty-signature': pagerDutySignature(body, PD_HOOK) } });
    assert.equal(r.status, 202, r.text);
    const acked = await waitFor('the summary says it was acknowledged', () => Promise.resolve(paging(channel.id)), (p) => p.startsWith('Acknowledged'), 15_000);
    assert.match(acked, /^Acknowledged by Tenex Engineer via PagerDuty <!date\^\d+\^\{ago\}\|at [^>]+ UTC>$/, "the webhook's agent names who acknowledged");
  });

  test('an acknowledgement found by the ack check (SEV1/SEV2) shows in the summary too', async () => {
    const { json } = await request(base, '/api/incidents', { method: 'POST', token: API, body: JSON.stringify({ title: 'Acked by phone', severity: 2, services: ['checkout'] }) });
    const ref = json.ref as string;
    const channel = await roomOf(ref);
    assert.ok(channel);
    await slack.command('page checkout', { channel: channel.id, user: 'U0ALICE01' });
    const paged = await waitFor('PagerDuty paged', () => Promise.resolve(pd.incidents().find((i) => i.incidentKey?.startsWith(`${ref}:`) === true)), (i) => i !== undefined, 15_000);
    await waitFor('the summary says it waits for an ack', () => Promise.resolve(paging(channel.id)), (p) => p.startsWith('Paged'), 15_000);
    pd.acknowledge(paged?.id ?? '');
    await waitFor('the ack check records it', () => timeline(ref), (es) => es.some((e) => e.kind === 'page_acknowledged'), 20_000);
    await waitFor('the summary says it was acknowledged', () => Promise.resolve(paging(channel.id)), (p) => p.startsWith('Acknowledged via PagerDuty'), 15_000);
  });
});

describe('resolve sync', () => {
  test('each linked page is resolved on its own: PagerDuty refusing its close does not keep the Opsgenie alert open; both outcomes are on the timeline', async () => {
    const { json } = await request(base, '/api/incidents', { method: 'POST', token: API, body: JSON.stringify({ title: 'Two pages to resolve', severity: 3, services: ['checkout'] }) });
    const ref = json.ref as string;
    const channel = await roomOf(ref);
    assert.ok(channel);
    await slack.command('page checkout', { channel: channel.id, user: 'U0ALICE01' });
    await slack.command('page search', { channel: channel.id, user: 'U0ALICE01' });
    await waitFor('both pages sent', () => timeline(ref), (es) => es.filter((e) => e.kind === 'page_sent').length === 2, 15_000);
    const paged = pd.incidents().find((i) => i.incidentKey?.startsWith(`${ref}:`) === true);
    assert.ok(paged);
    // PagerDuty refuses every call from now on (403: not an outage, so not retried).
    pd.failNext(1_000, 403);
    try {
      await slack.command('resolve Fixed', { channel: channel.id, user: 'U0ALICE01' });
      const events = await waitFor('both outcomes recorded', () => timeline(ref), (es) => es.some((e) => e.kind === 'provider_resolved') && es.some((e) => e.kind === 'provider_resolve_failed'), 15_000);
      await og.settled(); // Opsgenie applies an accepted close a moment later, as the real one does
      const alert = og.alerts().find((a) => a.alias.startsWith(`${ref}:`));
      assert.equal(alert?.status, 'closed', 'the Opsgenie alert was closed although PagerDuty refused first');
      const failed = events.find((e) => e.kind === 'provider_resolve_failed');
      assert.deepEqual([failed?.data.provider, failed?.data.reference, failed?.data.retrying], ['pagerduty', paged.id, false]);
      assert.match(failed?.text ?? '', /HTTP 403/);
      assert.deepEqual(events.filter((e) => e.kind === 'provider_resolved').map((e) => e.data.provider), ['opsgenie']);
    } finally {
      pd.failNext(0);
    }
  });

  test('PagerDuty down while resolving: the Opsgenie alert is closed at once; PagerDuty is retried until resolved, each outcome said once', async () => {
    const { json } = await request(base, '/api/incidents', { method: 'POST', token: API, body: JSON.stringify({ title: 'Resolve through an outage', severity: 3, services: ['checkout'] }) });
    const ref = json.ref as string;
    const channel = await roomOf(ref);
    assert.ok(channel);
    await slack.command('page checkout', { channel: channel.id, user: 'U0ALICE01' });
    await slack.command('page search', { channel: channel.id, user: 'U0ALICE01' });
    await waitFor('both pages sent', () => timeline(ref), (es) => es.filter((e) => e.kind === 'page_sent').length === 2, 15_000);
    const paged = pd.incidents().find((i) => i.incidentKey?.startsWith(`${ref}:`) === true);
    assert.ok(paged);
    await pd.stop();
    try {
      await slack.command('resolve Fixed', { channel: channel.id, user: 'U0ALICE01' });
      await waitFor('the outage recorded', () => timeline(ref), (es) => es.some((e) => e.kind === 'provider_resolve_failed' && e.data.retrying === true), 15_000);
      await og.settled(); // Opsgenie applies an accepted close a moment later, as the real one does
      assert.equal(og.alerts().find((a) => a.alias.startsWith(`${ref}:`))?.status, 'closed', 'Opsgenie did not wait for PagerDuty');
    } finally {
      await pd.start();
    }
    const events = await waitFor('PagerDuty resolved on a retry', () => timeline(ref), (es) => es.some((e) => e.kind === 'provider_resolved' && e.data.provider === 'pagerduty'), 30_000);
    assert.equal(pd.incidents().find((i) => i.id === paged.id)?.status, 'resolved');
    const outcomes = events.filter((e) => e.kind.startsWith('provider_resolve')).map((e) => [e.kind, e.data.provider]);
    assert.deepEqual(outcomes, [['provider_resolve_failed', 'pagerduty'], ['provider_resolved', 'opsgenie'], ['provider_resolved', 'pagerduty']]);
  });
});

describe('reopen', () => {
  test('reopening an incident whose alert has a newer open incident: a clear ephemeral answer naming it, no error', async () => {
    const fire = async (eventId: string) => {
      const body = JSON.stringify(pagerDutyEvent({ eventId, type: 'incident.triggered', incidentId: 'PDREOPEN', title: 'Unmapped alert that comes back', serviceId: 'PUNMAPPED2' }));
      assert.equal((await request(base, '/webhooks/pagerduty', { method: 'POST', body, headers: { 'x-pagerduty-signature': pagerDutySignature(body, PD_HOOK) } })).status, 202);
    };
    const isOpenOne = (i: any) => i.title === 'Unmapped alert that comes back' && i.status !== 'resolved';
    const openOne = async () => (await waitFor('an open incident for the alert', () => request(base, '/api/incidents', { token: API }), (a) => a.json.incidents.some(isOpenOne), 15_000)).json.incidents.find(isOpenOne).ref as string;
    await fire('EV-REOPEN-1');
    const first = await openOne();
    const channel = await roomOf(first);
    assert.ok(channel);
    assert.match((await slack.command('resolve Went away', { channel: channel.id, user: 'U0ALICE01' })).json.text, /is resolved/);
    // The alert fires again: a new incident owns its grouping key now.
    await fire('EV-REOPEN-2');
    const second = await openOne();
    assert.notEqual(second, first);
    const r = await slack.command('status investigating', { channel: channel.id, user: 'U0ALICE01' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.response_type ?? 'ephemeral', 'ephemeral');
    assert.match(r.json.text, new RegExp(`${second} is already open for this alert`), r.text);
    assert.equal((await request(base, `/api/incidents/${first}`, { token: API })).json.status, 'resolved', 'the first stays resolved');
  });
});

describe('providers down', () => {
  test('with PagerDuty down at declare time the channel opens, the declarer commands; an alert-made incident offers "claim command"', async () => {
    await pd.stop();
    await og.stop();
    try {
      const declared = await slack.command('declare Declared while PagerDuty is down', { user: 'U0ALICE01' });
      const ref = /INC-\d+/.exec(declared.json.text)?.[0] ?? '';
      const started = Date.now();
      const { json } = await request(base, `/api/incidents/${ref}`, { token: API });
      assert.equal(json.status, 'investigating');
      const channel = await roomOf(ref);
      assert.ok(channel);
      assert.ok(Date.now() - started < 10_000, 'the channel did not wait for the paging provider');
      assert.equal((await request(base, `/api/incidents/${ref}`, { token: API })).json.roles.commander, 'U0ALICE01', 'the declarer commands');

      // An alert-made incident nobody can be found for (its service maps to nothing): nobody commands,
      // and the summary offers the claim button.
      const body = JSON.stringify(pagerDutyEvent({ eventId: 'EV-DOWN-1', type: 'incident.triggered', incidentId: 'PDDOWN', title: 'Checkout alert while PD API is down', serviceId: 'PUNMAPPED' }));
      assert.equal((await request(base, '/webhooks/pagerduty', { method: 'POST', body, headers: { 'x-pagerduty-signature': pagerDutySignature(body, PD_HOOK) } })).status, 202);
      const listed = await waitFor('alert incident', () => request(base, '/api/incidents', { token: API }), (a) => a.json.incidents.some((i: any) => i.title === 'Checkout alert while PD API is down'), 15_000);
      const alertRef = listed.json.incidents.find((i: any) => i.title === 'Checkout alert while PD API is down').ref as string;
      const alertRoom = await roomOf(alertRef);
      assert.ok(alertRoom);
      assert.equal((await request(base, `/api/incidents/${alertRef}`, { token: API })).json.roles.commander, null, 'nobody commands an alert-made incident without on-call');
      assert.match(JSON.stringify(slackFake.messages(alertRoom.id)[0]?.blocks), /incident\.claim_command/, 'the claim button is offered');
      // Claiming it makes the clicker commander.
      const claim = await slack.interaction({
        type: 'block_actions',
        user: { id: 'U0ALICE01', username: 'alice', team_id: 'TFAKE' },
        team: { id: 'TFAKE', domain: 'acme' },
        api_app_id: 'AWARROOM',
        trigger_id: 'trigger-claim',
        channel: { id: alertRoom.id, name: alertRoom.name },
        container: { type: 'message', message_ts: slackFake.messages(alertRoom.id)[0]?.ts, channel_id: alertRoom.id },
        actions: [{ type: 'button', action_id: 'incident.claim_command', block_id: 'b', value: alertRef, action_ts: '1.1' }],
      });
      assert.equal(claim.status, 200, claim.text);
      await waitFor('claimed', () => request(base, `/api/incidents/${alertRef}`, { token: API }), (a) => a.json.roles.commander === 'U0ALICE01', 10_000);
    } finally {
      await pd.start();
      await og.start();
    }
  });
});
