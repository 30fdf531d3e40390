/**
 * `/incident page @user` and `/incident escalate` over HTTP: signed slash commands to Warroom, the
 * Slack fake (users.info for the person's email, users.lookupByEmail for who is paged now), and the
 * PagerDuty and Opsgenie fakes answering the documented calls.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { OpsgenieFake } from '../fakes/opsgenie-api-fake.js';
import type { PagerDutyFake } from '../fakes/pagerduty-api-fake.js';
import type { SlackFake } from '../fakes/slack-api-fake.js';
import { request, waitFor } from '../helpers/http.js';
import { PAGING_SECRETS, pagedService } from '../helpers/paging-config.js';
import type { SlackSender } from '../helpers/slack-requests.js';
import { startWarroomWithPaging, type WarroomWithPaging } from '../helpers/warroom-with-paging.js';

const { api: API } = PAGING_SECRETS;
const ASKER = 'U0ALICE01';
const BOB = { slack: 'U0BOB0001', email: 'bob@example.com', pd: 'PUSERBOB' }; // PagerDuty only
const CAROL = { slack: 'U0CAROL01', email: 'carol@example.com' }; // Opsgenie only
const DAVE = { slack: 'U0DAVE001', email: 'dave@example.com' }; // neither
const PRIMARY = { slack: 'U0PRIMARY', email: 'primary@example.com', pd: 'PUSER01' };
const SECOND = { slack: 'U0SECOND1', email: 'second@example.com', pd: 'PUSER02' };

let warroomWithPaging: WarroomWithPaging;
let slackFake: SlackFake;
let pd: PagerDutyFake;
let og: OpsgenieFake;
let base: string;
let slack: SlackSender;

before(async () => {
  warroomWithPaging = await startWarroomWithPaging({
    slack: { knownUsers: [{ id: ASKER, name: 'alice' }, ...[BOB, CAROL, DAVE, PRIMARY, SECOND].map((p) => ({ id: p.slack, name: p.email.split('@')[0] ?? '', email: p.email }))] },
    pagerduty: {
      users: [
        { id: BOB.pd, name: 'Bob Builder', email: BOB.email },
        { id: PRIMARY.pd, name: 'Primary Person', email: PRIMARY.email },
        { id: SECOND.pd, name: 'Second Person', email: SECOND.email },
      ],
      escalationPolicies: { PEP0001: [{ userId: PRIMARY.pd, level: 1 }, { userId: SECOND.pd, level: 2 }] },
      serviceEscalationPolicies: { PA2P440: 'PEP0001' },
    },
    opsgenie: {
      users: [{ username: CAROL.email, fullName: 'Carol Jones' }],
      schedules: { search_schedule: [PRIMARY.email] },
      escalations: { search_escalation: [{ type: 'schedule', name: 'search_schedule' }, { type: 'user', username: SECOND.email }] },
    },
    settings: (settings) => {
      const search = pagedService({ schedule: 'search_schedule' });
      return { ...settings, services: { checkout: pagedService({ pd: 'PA2P440', policy: 'PEP0001' }), search: { ...search, opsgenie: { ...search.opsgenie, escalation: 'search_escalation' } } } };
    },
  });
  ({ slackFake, pd, og, base, slack } = warroomWithPaging);
});
after(() => warroomWithPaging.close());

const timeline = async (ref: string) => (await request(base, `/api/incidents/${ref}/timeline`, { token: API })).json.events as { kind: string; text: string; actor: string; data: any }[];

async function incidentWithRoom(title: string, service: string): Promise<{ ref: string; channel: string }> {
  const { json } = await request(base, '/api/incidents', { method: 'POST', token: API, body: JSON.stringify({ title, severity: 3, services: [service] }) });
  const ref = json.ref as string;
  const room = await waitFor(`room of ${ref}`, () => Promise.resolve(slackFake.channels().find((c) => c.name.startsWith(`inc-${ref.slice(4)}-`))), (c) => c !== undefined && slackFake.messages(c.id).some((m) => m.pinned), 15_000);
  assert.ok(room);
  return { ref, channel: room.id };
}

const pageSent = (ref: string) => waitFor('the page recorded', () => timeline(ref), (es) => es.some((e) => e.kind === 'page_sent'), 15_000);

describe('/incident page @user', () => {
  test('a person PagerDuty knows by their Slack email: an incident assigned to them, on the timeline naming them', async () => {
    const { ref, channel } = await incidentWithRoom('Page Bob', 'checkout');
    const r = await slack.command(`page <@${BOB.slack}|bob>`, { channel, user: ASKER });
    assert.equal(r.json.response_type, 'ephemeral');
    assert.equal(r.json.text, `:pager: Paging <@${BOB.slack}> through PagerDuty…`);
    assert.ok(slackFake.calls('users.info').some((c) => c.args.user === BOB.slack), 'the email came from users.info');
    assert.ok(pd.requests().some((q) => q.method === 'GET' && q.path === '/users' && q.query.query?.[0] === BOB.email), 'PagerDuty was asked by email');
    const paged = await waitFor('PagerDuty paged', () => Promise.resolve(pd.incidents().find((i) => i.incidentKey?.startsWith(`${ref}:`) === true)), (i) => i !== undefined, 15_000);
    assert.deepEqual(paged?.assignments, [BOB.pd], 'assigned to Bob directly');
    assert.equal(paged?.serviceId, 'PA2P440', 'on the incident’s service');
    const sent = (await pageSent(ref)).find((e) => e.kind === 'page_sent');
    // The API reads people by name (captured from Slack when recorded); in Slack the text is a mention.
    assert.equal(sent?.text, 'Paged bob through PagerDuty');
    assert.equal(sent?.data.user, BOB.slack);
    // The paging line names whom PagerDuty assigned the incident to: Bob, as a mention.
    const summary = await waitFor('the summary’s paging line', () => Promise.resolve(JSON.stringify(slackFake.messages(channel)[0]?.blocks ?? [])), (b) => b.includes(`Paged <@${BOB.slack}> via PagerDuty`), 15_000);
    assert.match(summary, /waiting for an ack/);
  });

  test('a person Opsgenie knows: an alert with them as a user responder', async () => {
    const { ref, channel } = await incidentWithRoom('Page Carol', 'search');
    const r = await slack.command(`page <@${CAROL.slack}|carol>`, { channel, user: ASKER });
    assert.equal(r.json.text, `:pager: Paging <@${CAROL.slack}> through Opsgenie…`);
    const alert = await waitFor('Opsgenie paged', () => Promise.resolve(og.alerts().find((a) => a.alias.startsWith(`${ref}:`))), (a) => a !== undefined, 15_000);
    assert.deepEqual(alert?.responders, [{ type: 'user', username: CAROL.email }]);
    assert.ok(og.requests().some((q) => q.method === 'GET' && decodeURIComponent(q.path) === `/v2/users/${CAROL.email}`), 'Opsgenie was asked by username (email)');
    const sent = (await pageSent(ref)).find((e) => e.kind === 'page_sent');
    assert.equal(sent?.text, 'Paged carol through Opsgenie');
    assert.equal(sent?.data.user, CAROL.slack);
  });

  test('a person no provider knows: a clear ephemeral answer, and no page', async () => {
    const { ref, channel } = await incidentWithRoom('Page Dave', 'checkout');
    const r = await slack.command(`page <@${DAVE.slack}|dave>`, { channel, user: ASKER });
    assert.equal(r.json.response_type, 'ephemeral');
    assert.equal(r.json.text, `:warning: Cannot page <@${DAVE.slack}>: nobody with their email is known to PagerDuty or Opsgenie.`);
    assert.ok(og.requests().some((q) => decodeURIComponent(q.path) === `/v2/users/${DAVE.email}` && q.status === 404), 'Opsgenie said it does not know them');
    assert.ok(!(await timeline(ref)).some((e) => e.kind === 'page_sent' || e.kind === 'page_failed'), 'nothing was queued');
  });
});

describe('/incident escalate', () => {
  test('PagerDuty: escalation_level goes to 2; the channel hears who is assigned now; the last level says so', async () => {
    const { ref, channel } = await incidentWithRoom('Escalate on PagerDuty', 'checkout');
    await slack.command('page checkout', { channel, user: ASKER });
    await pageSent(ref);
    const paged = pd.incidents().find((i) => i.incidentKey?.startsWith(`${ref}:`) === true);
    assert.deepEqual(paged?.assignments, [PRIMARY.pd], 'level 1 first');
    const r = await slack.command('escalate', { channel, user: ASKER });
    assert.equal(r.json.response_type, 'in_channel', r.text);
    assert.equal(r.json.text, `:arrow_double_up: <@${ASKER}> escalated the PagerDuty page to level 2. Now paged: <@${SECOND.slack}>.`);
    const put = pd.requests().find((q) => q.method === 'PUT' && q.path === `/incidents/${paged?.id ?? ''}`);
    assert.deepEqual(put?.body, { incident: { type: 'incident_reference', escalation_level: 2 } });
    assert.deepEqual(pd.incidents().find((i) => i.id === paged?.id)?.assignments, [SECOND.pd]);
    const escalated = (await timeline(ref)).find((e) => e.data.escalated === true);
    assert.equal(escalated?.text, 'Escalated the PagerDuty page to level 2: now paging second');
    assert.deepEqual([escalated?.actor, escalated?.data.level, escalated?.data.user], [ASKER, 2, SECOND.slack]);

    const last = await slack.command('escalate', { channel, user: ASKER });
    assert.equal(last.json.response_type, 'ephemeral');
    assert.equal(last.json.text, ':warning: Nothing to escalate: the PagerDuty page is already at the last level (2) of its escalation.');
  });

  test('Opsgenie: the alert is escalated through the configured escalation; its next rule names who is notified', async () => {
    const { ref, channel } = await incidentWithRoom('Escalate on Opsgenie', 'search');
    await slack.command('page search', { channel, user: ASKER });
    await pageSent(ref);
    const alias = og.alerts().find((a) => a.alias.startsWith(`${ref}:`))?.alias ?? '';
    const r = await slack.command('escalate', { channel, user: ASKER });
    assert.equal(r.json.response_type, 'in_channel', r.text);
    assert.equal(r.json.text, `:arrow_double_up: <@${ASKER}> escalated the Opsgenie page to level 2. Now paged: <@${SECOND.slack}>.`);
    const call = og.requests().find((q) => q.method === 'POST' && decodeURIComponent(q.path) === `/v2/alerts/${alias}/escalate`);
    assert.equal(call?.query.identifierType, 'alias');
    assert.deepEqual((call?.body as { escalation?: unknown }).escalation, { name: 'search_escalation', type: 'escalation' });
    const alert = await waitFor('the escalation applied', () => Promise.resolve(og.alert(alias)), (a) => a?.responders.some((x) => x.type === 'escalation') === true, 15_000);
    assert.ok(alert);
    const last = await slack.command('escalate', { channel, user: ASKER });
    assert.match(last.json.text, /^:warning: Nothing to escalate: the Opsgenie page is already at the last level \(2\)/);
  });

  test('nothing paged yet: a clear ephemeral answer', async () => {
    const { ref, channel } = await incidentWithRoom('Nothing to escalate', 'checkout');
    const r = await slack.command('escalate', { channel, user: ASKER });
    assert.equal(r.json.response_type, 'ephemeral');
    assert.match(r.json.text, /^:warning: Nothing to escalate: nobody has been paged for this incident yet/);
    assert.ok(!(await timeline(ref)).some((e) => e.kind === 'page_sent'));
  });
});
