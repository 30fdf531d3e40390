/**
 * Incident types (issue 21) over HTTP with the Slack fake: `/incident declare --type security` opens
 * a `sec-` channel, announces in the type's stakeholder channel only, starts with the type's
 * services, offers its roles (`/incident role security-lead @U…` works and the JSON shows it; a role
 * the type lacks is refused, listing its roles), and the pinned summary shows the type. An unknown
 * type is refused, listing the types; an alert routed to a service of type platform opens a platform
 * incident; the declare modal offers the types and its choice declares that type.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ServiceConfig } from '../../src/config.js';
import type { IncidentType } from '../../src/core/incident-type.js';
import { ACTIONS, INPUTS, VIEWS } from '../../src/slack-ui/ids.js';
import { request, waitFor } from '../helpers/http.js';
import { alertmanagerDelivery } from '../helpers/provider-payloads.js';
import { startWarroomWithSlack, type WarroomWithSlack } from '../helpers/warroom-with-slack.js';

const ALICE = 'U0ALICE01';
const BOB = 'U0BOB0001';
const AM_TOKEN = 'am-hook-token';
const WAIT = 15_000;
const GLOBAL_STAKEHOLDERS = 'C0GLOBAL1';
const SECURITY_STAKEHOLDERS = 'C0SECURE1';

const service = (label: string, type?: string): ServiceConfig => ({
  match: { pagerdutyServiceIds: [], opsgenieTags: [], datadogTags: [], alertmanagerLabels: { service: label } },
  pagerduty: { escalationPolicyId: null },
  opsgenie: { schedule: null },
  runbook: null,
  dashboards: [],
  ...(type ? { type } : {}),
});

const TYPES: IncidentType[] = [
  {
    name: 'security',
    description: 'Breaches and leaked secrets',
    channelPrefix: 'sec',
    // Public here, so its room and JSON can be read with the plain token; a private type's incidents
    // are private (test/sandbox/sandbox.test.ts declares one of the example private security type).
    private: false,
    stakeholderChannels: [SECURITY_STAKEHOLDERS],
    roles: ['commander', 'comms', 'security-lead'],
    updateCadence: { SEV3: 20 },
    services: ['auth'],
    runbooks: [],
    default: false,
  },
  { name: 'platform', description: 'Outages of shared infrastructure', channelPrefix: 'plat', private: false, stakeholderChannels: null, roles: ['commander', 'comms', 'scribe', 'ops'], updateCadence: {}, services: [], runbooks: [], default: true },
];

let h: WarroomWithSlack;

before(async () => {
  h = await startWarroomWithSlack({
    knownUsers: [
      { id: ALICE, name: 'alice' },
      { id: BOB, name: 'bob' },
    ],
    stakeholderChannels: [GLOBAL_STAKEHOLDERS],
    env: { ALERTMANAGER_WEBHOOK_TOKEN: AM_TOKEN },
    settings: (s) => ({ ...s, services: { auth: service('auth'), api: service('api', 'platform') }, incidentTypes: TYPES }),
  });
  for (const id of [GLOBAL_STAKEHOLDERS, SECURITY_STAKEHOLDERS]) h.fake.addChannel({ id, name: `stakeholders-${id.slice(-3).toLowerCase()}`, members: [h.fake.botUserId] });
});
after(() => h.close());

interface IncidentJson {
  ref: string;
  title: string;
  type: string;
  services: string[];
  channelId: string | null;
  channelName: string | null;
  roles: Record<string, string | null>;
}
const incident = async (ref: string) => (await request(h.base, `/api/incidents/${ref}`, { token: h.apiToken })).json as IncidentJson;
const incidents = async () => ((await request(h.base, '/api/incidents', { token: h.apiToken })).json as { incidents: IncidentJson[] }).incidents;
const answer = async (text: string, channel = 'C0GENERAL') => {
  const r = await h.slack.command(text, { user: ALICE, channel });
  const body = r.json as { response_type?: string; text?: string };
  return { ephemeral: body.response_type === 'ephemeral', text: String(body.text) };
};
const pinnedSummary = (channelId: string) => JSON.stringify(h.fake.messages(channelId).find((m) => m.pinned)?.blocks ?? []);
const withRoom = (ref: string) => waitFor(`the room of ${ref}`, () => incident(ref), (i) => i.channelId !== null, WAIT);

test('declare --type security: its prefix, its stakeholder channel only, its services and roles, and the summary names it', async () => {
  const declared = await answer('declare Leaked deploy key --type security');
  const ref = /INC-\d+/.exec(declared.text)?.[0] ?? '';
  assert.ok(ref, declared.text);
  const room = await withRoom(ref);
  assert.equal(room.type, 'security');
  assert.match(room.channelName ?? '', /^sec-\d+-leaked-deploy-key/, 'the type\'s channel prefix');
  assert.deepEqual(room.services, ['auth'], 'the type\'s default services');
  await waitFor('announced in the security stakeholder channel', () => Promise.resolve(h.fake.messages(SECURITY_STAKEHOLDERS).length), (n) => n >= 1, WAIT);
  const channelId = room.channelId ?? '';
  await waitFor('the summary shows the type', () => Promise.resolve(pinnedSummary(channelId)), (s) => s.includes('*Type*\\nsecurity'), WAIT);

  const assigned = await answer(`role security-lead <@${BOB}|bob>`, channelId);
  assert.match(assigned.text, /is now security-lead of/, assigned.text);
  assert.equal((await incident(ref)).roles['security-lead'], BOB, 'the JSON shows the type\'s own role under its name');
  await waitFor('the summary lists the role', () => Promise.resolve(pinnedSummary(channelId)), (s) => s.includes(`security-lead: <@${BOB}>`), WAIT);

  const refused = await answer(`role scribe <@${BOB}|bob>`, channelId);
  assert.ok(refused.ephemeral);
  assert.match(refused.text, /security incidents have no role "scribe"; the roles are commander, comms, security-lead/, refused.text);
  assert.equal((await incident(ref)).roles.scribe, null, 'nothing assigned');
  // The summary's "Assign role" offers the type's roles, its own by name.
  const summary = h.fake.messages(channelId).find((m) => m.pinned);
  const trigger = `${Date.now()}.1.assign-role`;
  const clicked = await h.slack.interaction({
    type: 'block_actions',
    user: { id: ALICE, username: 'alice', name: 'alice', team_id: 'TFAKE' },
    api_app_id: 'AWARROOM',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: summary?.ts, channel_id: channelId, is_ephemeral: false },
    trigger_id: trigger,
    team: { id: 'TFAKE', domain: 'acme' },
    channel: { id: channelId, name: 'incident' },
    message: { type: 'message', ts: summary?.ts, user: h.fake.botUserId, bot_id: 'BBOT', text: '' },
    response_url: 'https://hooks.slack.com/actions/TFAKE/1/unused',
    actions: [{ action_ts: `${Date.now() / 1000}`, block_id: 'summary-actions', type: 'button', action_id: ACTIONS.assignRole, value: ref, text: { type: 'plain_text', text: 'Assign role' } }],
  });
  assert.equal(clicked.status, 200, clicked.text);
  const roleModal = await waitFor('the role modal', () => Promise.resolve(h.fake.views().find((v) => v.via === 'open' && v.triggerId === trigger)), (v) => v !== undefined, WAIT);
  const roleBlock = (roleModal?.view.blocks as { block_id?: string; element?: { options?: { value: string }[] } }[]).find((b) => b.block_id === INPUTS.role);
  assert.deepEqual(roleBlock?.element?.options?.map((o) => o.value), ['commander', 'comms', 'security-lead']);

  // The global stakeholder channel never heard of it: checked after the later changes had their room work done.
  assert.equal(h.fake.messages(GLOBAL_STAKEHOLDERS).filter((m) => m.text.includes(ref)).length, 0, 'not announced in the global stakeholder channel');
});

test('an unknown type is refused, listing the types, and declares nothing; the API takes a type and defaults to the default type', async () => {
  const before = (await incidents()).length;
  const refused = await answer('declare Disk full --type securty');
  assert.ok(refused.ephemeral);
  assert.match(refused.text, /no incident type "securty"; the types are security, platform/, refused.text);
  assert.equal((await incidents()).length, before, 'nothing declared');

  const typed = await request(h.base, '/api/incidents', { method: 'POST', token: h.apiToken, body: JSON.stringify({ title: 'Cert expiring', type: 'security' }) });
  assert.equal(typed.status, 201, typed.text);
  assert.equal((typed.json as IncidentJson).type, 'security');
  const untyped = await request(h.base, '/api/incidents', { method: 'POST', token: h.apiToken, body: JSON.stringify({ title: 'Queue backlog' }) });
  assert.equal((untyped.json as IncidentJson).type, 'platform', 'the default type');
  const unknown = await request(h.base, '/api/incidents', { method: 'POST', token: h.apiToken, body: JSON.stringify({ title: 'X', type: 'nope' }) });
  assert.equal(unknown.status, 400, unknown.text);
  assert.match(unknown.text, /incident\.unknown_type/);
});

test('an alert for a service of type platform opens a platform incident with the platform prefix', async () => {
  const delivery = alertmanagerDelivery({ groupKey: 'api-5xx', alerts: [{ status: 'firing', labels: { alertname: 'ApiErrors', service: 'api' } }] });
  const sent = await request(h.base, '/webhooks/alertmanager', { method: 'POST', token: AM_TOKEN, headers: { 'content-type': 'application/json' }, body: JSON.stringify(delivery) });
  assert.equal(sent.status, 202, sent.text);
  const opened = await waitFor('the alert\'s incident', () => incidents(), (list) => list.some((i) => i.title === 'ApiErrors'), WAIT);
  const ref = opened.find((i) => i.title === 'ApiErrors')?.ref ?? '';
  const room = await withRoom(ref);
  assert.equal(room.type, 'platform');
  assert.match(room.channelName ?? '', /^plat-\d+-/);
});

test('the declare modal offers the types (the default chosen) and declares the one picked', async () => {
  const opened = await h.slack.command('declare', { user: ALICE, channel: 'C0GENERAL' });
  assert.equal(opened.status, 200, opened.text);
  const modal = h.fake.views().at(-1);
  assert.equal(modal?.view.callback_id, VIEWS.declare);
  const blocks = (modal?.view.blocks ?? []) as { block_id?: string; element?: { options?: { value: string }[]; initial_option?: { value: string } } }[];
  const select = blocks.find((b) => b.block_id === INPUTS.type)?.element;
  assert.deepEqual(select?.options?.map((o) => o.value), ['security', 'platform']);
  assert.equal(select?.initial_option?.value, 'platform', 'the default type is preselected');
  const security = select?.options?.[0];

  const submitted = await h.slack.interaction({
    type: 'view_submission',
    team: { id: 'TFAKE', domain: 'acme' },
    user: { id: ALICE, username: 'alice', name: 'alice', team_id: 'TFAKE' },
    api_app_id: 'AWARROOM',
    token: 'legacy-verification-token',
    trigger_id: '1.2.modal',
    view: {
      id: modal?.id ?? 'V0SUBMIT01',
      team_id: 'TFAKE',
      type: 'modal',
      blocks: [],
      private_metadata: '',
      callback_id: VIEWS.declare,
      state: {
        values: {
          [INPUTS.title]: { [INPUTS.title]: { type: 'plain_text_input', value: 'Phishing wave' } },
          [INPUTS.severity]: { [INPUTS.severity]: { type: 'static_select', selected_option: { value: 'SEV2' } } },
          [INPUTS.type]: { [INPUTS.type]: { type: 'static_select', selected_option: security } },
        },
      },
      hash: '1712345678.AbCdEf12',
      title: { type: 'plain_text', text: 'Warroom' },
      clear_on_close: false,
      notify_on_close: false,
      root_view_id: modal?.id ?? 'V0SUBMIT01',
      app_id: 'AWARROOM',
      bot_id: 'B0WARROOM',
    },
  });
  assert.equal(submitted.status, 200, submitted.text);
  const declared = (await incidents()).find((i) => i.title === 'Phishing wave');
  assert.equal(declared?.type, 'security');
});

test('PATCH /api/incidents sets a type\'s own role and refuses a role the incident\'s type lacks, naming its roles', async () => {
  const patch = (ref: string, body: unknown) => request(h.base, `/api/incidents/${ref}`, { method: 'PATCH', token: h.apiToken, body: JSON.stringify(body) });
  const secure = (await request(h.base, '/api/incidents', { method: 'POST', token: h.apiToken, body: JSON.stringify({ title: 'Token in a public gist', type: 'security' }) })).json as IncidentJson;
  const set = await patch(secure.ref, { roles: { 'security-lead': BOB, commander: ALICE } });
  assert.equal(set.status, 200, JSON.stringify(set.json));
  assert.equal((set.json as IncidentJson).roles['security-lead'], BOB);
  assert.equal((set.json as IncidentJson).roles.commander, ALICE);
  const lacking = await patch(secure.ref, { roles: { scribe: BOB } });
  assert.equal(lacking.status, 400);
  assert.match(JSON.stringify(lacking.json), /unknown field \\"roles.scribe\\" \(known fields: commander, comms, security-lead\)/);
  const plain = (await request(h.base, '/api/incidents', { method: 'POST', token: h.apiToken, body: JSON.stringify({ title: 'Queue lag', type: 'platform' }) })).json as IncidentJson;
  const typo = await patch(plain.ref, { roles: { 'security-lead': BOB } });
  assert.equal(typo.status, 400);
  assert.equal((await incident(plain.ref)).roles['security-lead'], undefined, 'nothing assigned');
});
