/**
 * `/incident page @user` and `/incident escalate` through JSM Operations over HTTP (issue 19): signed
 * slash commands to Warroom, the Slack fake (users.info for the person's email, users.lookupByEmail
 * for who is paged now) and the JSM fake (Jira's user search, the integration API's alert create, the
 * REST API's team escalation and alert escalate). JSM is the only paging provider here.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startWarroom, type RunningWarroom } from '../../src/main.js';
import { JSM_FAKE_TEAM_ID, startJsmFake, type JsmFake } from '../fakes/jsm-api-fake.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-api-fake.js';
import { request, waitFor } from '../helpers/http.js';
import { pagedService } from '../helpers/paging-config.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { slackSender, type SlackSender } from '../helpers/slack-requests.js';
import { testConfig } from '../helpers/test-config.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const API = 'api-token';
const ASKER = 'U0ALICE01';
const ERIN = { slack: 'U0ERIN001', email: 'erin@example.com' }; // a JSM (Atlassian) account
const DAVE = { slack: 'U0DAVE001', email: 'dave@example.com' }; // unknown to JSM
const PRIMARY = { slack: 'U0PRIMARY', email: 'primary@example.com' };
const SECOND = { slack: 'U0SECOND1', email: 'second@example.com' };
const ESCALATION = 'esc-payments';

let db: TestDatabase;
let slackFake: SlackFake;
let jsm: JsmFake;
let warroom: RunningWarroom;
let base: string;
let slack: SlackSender;

before(async () => {
  db = await createTestDatabase({ migrate: false });
  const people = [ERIN, DAVE, PRIMARY, SECOND].map((p) => ({ id: p.slack, name: p.email.split('@')[0] ?? '', email: p.email }));
  slackFake = await startSlackFake({ knownUsers: [{ id: ASKER, name: 'alice' }, ...people] });
  jsm = await startJsmFake({
    schedules: { 'sched-primary': [PRIMARY.email], 'sched-second': [SECOND.email] },
    users: [{ email: ERIN.email, displayName: 'Erin Example' }],
    escalations: { [ESCALATION]: [{ type: 'schedule', name: 'sched-primary' }, { type: 'schedule', name: 'sched-second' }] },
  });
  const config = testConfig({
    DATABASE_URL: db.url,
    WARROOM_API_TOKEN: API,
    SLACK_BOT_TOKEN: slackFake.token,
    SLACK_SIGNING_SECRET: 'secret',
    SLACK_API_URL: slackFake.url,
    JSM_CLOUD_ID: jsm.cloudId,
    JSM_API_EMAIL: jsm.apiEmail,
    JSM_API_TOKEN: jsm.apiToken,
    JSM_INTEGRATION_KEY: jsm.integrationKey,
    JSM_API_URL: jsm.url,
  });
  const settings = {
    ...config.settings,
    services: { payments: { ...pagedService({}), jsm: { schedule: 'sched-primary', escalation: `${JSM_FAKE_TEAM_ID}/${ESCALATION}` } } },
  };
  warroom = await startWarroom({ ...config, port: 0, host: '127.0.0.1', settings }, silentLogger());
  base = `http://127.0.0.1:${warroom.port}`;
  slack = slackSender(base, 'secret');
  await warroom.ready;
});
after(async () => {
  await warroom.stop();
  for (const f of [slackFake, jsm]) await f.close();
  await db.close();
});

const timeline = async (ref: string) => (await request(base, `/api/incidents/${ref}/timeline`, { token: API })).json.events as { kind: string; text: string; actor: string; data: any }[];

async function incidentWithRoom(title: string): Promise<{ ref: string; channel: string }> {
  const { json } = await request(base, '/api/incidents', { method: 'POST', token: API, body: JSON.stringify({ title, severity: 3, services: ['payments'] }) });
  const ref = json.ref as string;
  const room = await waitFor(`room of ${ref}`, () => Promise.resolve(slackFake.channels().find((c) => c.name.startsWith(`inc-${ref.slice(4)}-`))), (c) => c !== undefined && slackFake.messages(c.id).some((m) => m.pinned), 15_000);
  assert.ok(room);
  return { ref, channel: room.id };
}

const pageSent = (ref: string) => waitFor('the page recorded', () => timeline(ref), (es) => es.some((e) => e.kind === 'page_sent'), 15_000);
const alertOf = (ref: string) => waitFor('the JSM alert', () => jsm.settled().then(() => jsm.alerts().find((a) => a.alias.startsWith(`${ref}:`))), (a) => a !== undefined, 15_000);

describe('/incident page @user through JSM', () => {
  test('a person JSM knows by their Slack email: an alert with their Atlassian account as a user responder, on the timeline naming them', async () => {
    const { ref, channel } = await incidentWithRoom('Page Erin');
    const r = await slack.command(`page <@${ERIN.slack}|erin>`, { channel, user: ASKER });
    assert.equal(r.json.response_type, 'ephemeral');
    assert.equal(r.json.text, `:pager: Paging <@${ERIN.slack}> through JSM…`);
    assert.ok(slackFake.calls('users.info').some((c) => c.args.user === ERIN.slack), 'the email came from users.info');
    assert.ok(jsm.requests().some((q) => q.path === `/ex/jira/${jsm.cloudId}/rest/api/3/user/search` && q.query.query === ERIN.email), 'JSM’s site was asked by email');
    const alert = await alertOf(ref);
    assert.deepEqual(alert?.responders, [{ type: 'user', id: jsm.accountIdOf(ERIN.email) }]);
    const sent = (await pageSent(ref)).find((e) => e.kind === 'page_sent');
    assert.equal(sent?.text, 'Paged erin through JSM');
    assert.equal(sent?.data.user, ERIN.slack);
  });

  test('a person JSM does not know: a clear ephemeral answer, and no page', async () => {
    const { ref, channel } = await incidentWithRoom('Page Dave');
    const r = await slack.command(`page <@${DAVE.slack}|dave>`, { channel, user: ASKER });
    assert.equal(r.json.response_type, 'ephemeral');
    assert.equal(r.json.text, `:warning: Cannot page <@${DAVE.slack}>: nobody with their email is known to JSM.`);
    assert.ok(!(await timeline(ref)).some((e) => e.kind === 'page_sent' || e.kind === 'page_failed'), 'nothing was queued');
  });
});

describe('/incident escalate through JSM', () => {
  test('the alert is escalated through the team’s escalation by id; its next rule’s on-call is named in the channel; the last level says so', async () => {
    const { ref, channel } = await incidentWithRoom('Escalate on JSM');
    await slack.command('page payments', { channel, user: ASKER });
    await pageSent(ref);
    const alert = await alertOf(ref);
    const r = await slack.command('escalate', { channel, user: ASKER });
    assert.equal(r.json.response_type, 'in_channel', r.text);
    assert.equal(r.json.text, `:arrow_double_up: <@${ASKER}> escalated the JSM page to level 2. Now paged: <@${SECOND.slack}>.`);
    assert.ok(jsm.requests().some((q) => q.method === 'GET' && q.path === `/jsm/ops/api/${jsm.cloudId}/v1/teams/${JSM_FAKE_TEAM_ID}/escalations/${ESCALATION}`), 'the rules came from the team’s escalation');
    const call = jsm.requests().find((q) => q.method === 'POST' && q.path === `/jsm/ops/api/${jsm.cloudId}/v1/alerts/${alert?.id ?? ''}/escalate`);
    assert.deepEqual(call?.body, { escalationId: ESCALATION }, 'JSM’s escalate body is the escalation id only');
    await waitFor('the escalation applied', () => jsm.settled().then(() => jsm.alert(alert?.alias ?? '')), (a) => a?.responders.some((x) => x.type === 'escalation') === true, 15_000);
    const escalated = (await timeline(ref)).find((e) => e.data.escalated === true);
    assert.equal(escalated?.text, 'Escalated the JSM page to level 2: now paging second');
    assert.deepEqual([escalated?.actor, escalated?.data.level, escalated?.data.user], [ASKER, 2, SECOND.slack]);

    const last = await slack.command('escalate', { channel, user: ASKER });
    assert.equal(last.json.response_type, 'ephemeral');
    assert.equal(last.json.text, ':warning: Nothing to escalate: the JSM page is already at the last level (2) of its escalation.');
  });
});
