/**
 * Private incidents (issue 21) over HTTP with the Slack fake, a private incident beside a public
 * one: the private one gets a private channel; every call Warroom makes to Slack is recorded, and
 * none outside the private channel carries its title, services or people; `/api` without
 * WARROOM_API_PRIVATE_TOKEN neither lists it nor reads it (404, like a ref that does not exist);
 * `/incident list` and the App Home show it to a member of its channel only; the stakeholder
 * announcement says only that a private incident was declared, and only in privateStakeholderChannels.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import type { RecordedCall } from '../fakes/slack-api-fake.js';
import { request, waitFor } from '../helpers/http.js';
import { startWarroomWithSlack, type WarroomWithSlack } from '../helpers/warroom-with-slack.js';

const ALICE = 'U0ALICE01'; // declares the public incident; never in the private channel
const BOB = 'U0BOB0002'; // declares the private one
const PRIVATE_TOKEN = 'private-api-token';
const STAKEHOLDERS = 'C0STAKE01';
const SECURITY_LEADS = 'C0SECLEAD';
const SECRET_TITLE = 'Payroll export leaked';
const SECRET_SERVICE = 'payroll';
const WAIT = 15_000;

let h: WarroomWithSlack;
let secret: { ref: string; channelId: string };
let open: { ref: string; channelId: string };

function services(): Record<string, unknown> {
  const loaded = loadConfig({ LOG_LEVEL: 'silent', WARROOM_SANDBOX: 'off', WARROOM_CONFIG: 'w.yml' }, { cwd: process.cwd(), readFile: () => `services:\n  ${SECRET_SERVICE}: {}\n  checkout: {}\n` });
  assert.ok(loaded.ok);
  return loaded.config.settings.services;
}

before(async () => {
  h = await startWarroomWithSlack({
    stakeholderChannels: [STAKEHOLDERS],
    knownUsers: [
      { id: ALICE, name: 'alice' },
      { id: BOB, name: 'bob' },
    ],
    settings: (s) => ({ ...s, services: services() as typeof s.services, privateStakeholderChannels: [SECURITY_LEADS] }),
    env: { WARROOM_API_PRIVATE_TOKEN: PRIVATE_TOKEN },
  });
  for (const [id, name] of [[STAKEHOLDERS, 'stakeholders'], [SECURITY_LEADS, 'security-leads']] as const) h.fake.addChannel({ id, name, members: [h.fake.botUserId] });
  open = await declare('Checkout 5xx --services checkout', ALICE);
  secret = await declare(`${SECRET_TITLE} --services ${SECRET_SERVICE} --private`, BOB);
});
after(async () => {
  await h.close();
});

interface IncidentJson {
  ref: string;
  title: string;
  private: boolean;
  channelId: string | null;
}
const api = (path: string, token = h.apiToken) => request(h.base, path, { token });
const byPrivateToken = async (ref: string) => (await api(`/api/incidents/${ref}`, PRIVATE_TOKEN)).json as IncidentJson;

/** Declares with the slash command as `user`; waits until the set-up has announced (or had nowhere to). */
async function declare(text: string, user: string): Promise<{ ref: string; channelId: string }> {
  const answer = String(((await h.slack.command(`declare ${text}`, { user, channel: 'C0GENERAL' })).json as { text?: string }).text);
  const ref = /\*(INC-\d+)\*/.exec(answer)?.[1];
  assert.ok(ref, answer);
  const { channelId } = await waitFor('the channel', () => byPrivateToken(ref), (i) => i.channelId !== null, WAIT);
  assert.ok(channelId);
  await waitFor('the summary pinned', () => Promise.resolve(h.fake.messages(channelId)), (ms) => ms.some((m) => m.pinned), WAIT);
  return { ref, channelId };
}

async function homeOf(user: string): Promise<string> {
  const before = h.fake.calls('views.publish').length;
  await h.slack.event({ type: 'app_home_opened', user, channel: `D0${user.slice(2)}`, tab: 'home', event_ts: String(Date.now() / 1000) });
  const calls = await waitFor('the App Home published', () => Promise.resolve(h.fake.calls('views.publish')), (c) => c.length > before && c.at(-1)?.status !== null, WAIT);
  return JSON.stringify(calls.at(-1)?.args);
}

async function listFor(user: string): Promise<string> {
  return (await h.slack.command('list', { user, channel: 'C0GENERAL' })).text;
}

/** Where a call puts what it carries: its channel (or the user whose view it is). */
const whereTo = (c: RecordedCall): string => {
  const to = c.args.channel ?? c.args.user_id;
  return typeof to === 'string' ? to : '';
};


test('the private incident gets a private channel whose name says nothing of it, with its declarer in it', () => {
  const created = h.fake.calls('conversations.create').filter((c) => c.ok === true);
  const privateCreate = created.find((c) => String(c.args.is_private) === 'true');
  assert.ok(privateCreate, 'conversations.create with is_private');
  assert.equal(privateCreate.args.name, `inc-${secret.ref.slice(4)}-private`);
  const channel = h.fake.channel(secret.channelId);
  assert.equal(channel?.isPrivate, true);
  assert.ok(channel?.members.includes(BOB));
  assert.ok(!channel?.members.includes(ALICE));
  assert.equal(h.fake.channel(open.channelId)?.isPrivate, false, 'the public incident keeps a public channel');
});

test('the stakeholders hear only that a private incident was declared, and only in privateStakeholderChannels', async () => {
  const lead = await waitFor('the private announcement', () => Promise.resolve(h.fake.messages(SECURITY_LEADS)), (ms) => ms.length === 1, WAIT);
  assert.equal(lead[0]?.text, ':lock: A private incident was declared.');
  const stakeholders = h.fake.messages(STAKEHOLDERS).map((m) => m.text);
  assert.equal(stakeholders.length, 1, 'the public incident is announced there, the private one is not');
  assert.match(stakeholders[0] ?? '', /Checkout 5xx/);
});

test('/incident list and the App Home show the private incident to a member of its channel only', async () => {
  const [aliceList, bobList] = [await listFor(ALICE), await listFor(BOB)];
  assert.doesNotMatch(aliceList, new RegExp(`${SECRET_TITLE}|${secret.ref}\\b`), 'not for a non-member');
  assert.match(aliceList, /Checkout 5xx/);
  assert.match(bobList, new RegExp(SECRET_TITLE), 'a member sees it');
  const [aliceHome, bobHome] = [await homeOf(ALICE), await homeOf(BOB)];
  assert.doesNotMatch(aliceHome, new RegExp(SECRET_TITLE));
  assert.match(aliceHome, /Checkout 5xx/);
  assert.match(bobHome, new RegExp(SECRET_TITLE));
});

test('/api without the private token neither lists nor reads the private incident; the private token sees it', async () => {
  const listed = (await api('/api/incidents')).json as { incidents: IncidentJson[] };
  assert.deepEqual(listed.incidents.map((i) => i.ref), [open.ref]);
  assert.equal(listed.incidents[0]?.private, false);
  const missing = await api('/api/incidents/INC-999999');
  for (const path of ['', '/timeline', '/postmortem']) {
    const r = await api(`/api/incidents/${secret.ref}${path}`);
    assert.equal(r.status, 404, `${path}: ${r.text}`);
    assert.deepEqual(r.json, { ...(missing.json as object), error: (missing.json as { error: string }).error.replace('999999', secret.ref.slice(4)) }, 'worded as a ref that does not exist');
  }
  const patched = await request(h.base, `/api/incidents/${secret.ref}`, { method: 'PATCH', token: h.apiToken, body: JSON.stringify({ severity: 1 }) });
  assert.equal(patched.status, 404);
  const noted = await request(h.base, `/api/incidents/${secret.ref}/notes`, { method: 'POST', token: h.apiToken, body: JSON.stringify({ text: 'x' }) });
  assert.equal(noted.status, 404);

  const all = (await api('/api/incidents', PRIVATE_TOKEN)).json as { incidents: IncidentJson[] };
  assert.deepEqual(all.incidents.map((i) => [i.ref, i.private]), [[secret.ref, true], [open.ref, false]]);
  assert.equal((await byPrivateToken(secret.ref)).title, SECRET_TITLE);
  assert.equal((await api(`/api/incidents/${secret.ref}/timeline`, PRIVATE_TOKEN)).status, 200);
  for (const body of [JSON.stringify(listed), missing.text]) assert.ok(!body.includes(SECRET_TITLE));
});

test('no call to Slack outside the private channel carries its title, services or people', () => {
  // A member's views are theirs: BOB's own App Home and list answers may show it.
  const inside = (c: RecordedCall) => whereTo(c) === secret.channelId || whereTo(c) === BOB || (c.method === 'conversations.create' && String(c.args.is_private) === 'true');
  // Looking people up (users.info) and the channel's members show nothing to anyone.
  const reads = new Set(['users.info', 'users.lookupByEmail', 'conversations.members', 'conversations.list', 'conversations.history', 'conversations.replies', 'auth.test']);
  const outside = h.fake.calls().filter((c) => !inside(c) && !reads.has(c.method));
  assert.ok(outside.length >= 5, `the public incident made calls too (${outside.length})`);
  for (const c of outside) {
    const text = JSON.stringify(c.args);
    for (const secretWord of [SECRET_TITLE, 'Payroll', SECRET_SERVICE, BOB]) {
      assert.ok(!text.includes(secretWord), `${c.method} to ${whereTo(c)} carries "${secretWord}": ${text.slice(0, 300)}`);
    }
  }
});

test('/incident private moves a public incident to a new private channel: members invited, summary pinned, the public one archived with a pointer', async () => {
  const CAROL = 'U0CAROL03';
  h.fake.addUser({ id: CAROL, name: 'carol' });
  const moved = await declare('Card testing spike --services checkout', ALICE);
  assert.ok(h.fake.joinAs({ user: CAROL, channel: moved.channelId }));
  const answer = String(((await h.slack.command('private', { user: ALICE, channel: moved.channelId })).json as { text?: string }).text);
  assert.match(answer, /Moving INC-\d+ to a new private channel/, answer);

  const old = await waitFor('the public channel archived', () => Promise.resolve(h.fake.channel(moved.channelId)), (c) => c?.isArchived === true, WAIT);
  const pointer = h.fake.messages(moved.channelId).at(-1)?.text ?? '';
  assert.equal(pointer, ':lock: This incident moved to a private channel; ask the incident commander to be added.');
  assert.ok(old);

  const now = await byPrivateToken(moved.ref);
  assert.equal(now.private, true);
  assert.ok(now.channelId !== null && now.channelId !== moved.channelId);
  const room = h.fake.channel(now.channelId);
  assert.equal(room?.isPrivate, true);
  for (const member of [ALICE, CAROL]) assert.ok(room?.members.includes(member), `${member} invited to the private channel`);
  await waitFor('the summary pinned in the private channel', () => Promise.resolve(h.fake.messages(now.channelId ?? '')), (ms) => ms.some((m) => m.pinned), WAIT);

  const events = (await api(`/api/incidents/${moved.ref}/timeline`, PRIVATE_TOKEN)).json as { events: { kind: string; data: { previous?: { channelId: string } } }[] };
  assert.equal(events.events.filter((e) => e.kind === 'moved_to_private').at(0)?.data.previous?.channelId, moved.channelId);
  assert.equal((await api(`/api/incidents/${moved.ref}`)).status, 404, 'hidden from WARROOM_API_TOKEN from now on');
  // The announcement made while it was public is edited to say nothing of it.
  const announcement = await waitFor('the announcement made private', () => Promise.resolve(h.fake.messages(STAKEHOLDERS)), (ms) => ms.some((m) => m.text === ':lock: A private incident was declared.'), WAIT);
  assert.ok(!JSON.stringify(announcement).includes('Card testing'));
});

test('the update form says where an update goes: the stakeholder channel for the public incident, none for the private one', async () => {
  const goesTo = async (user: string, channel: string): Promise<string> => {
    const before = h.fake.calls('views.open').length;
    await h.slack.command('update', { user, channel });
    const calls = await waitFor('the update form', () => Promise.resolve(h.fake.calls('views.open')), (c) => c.length > before, WAIT);
    return /Goes to [^"]*?stakeholder channel\(s\)/.exec(JSON.stringify(calls.at(-1)?.args))?.[0] ?? '';
  };
  assert.equal(await goesTo(ALICE, open.channelId), 'Goes to 1 stakeholder channel(s)');
  assert.equal(await goesTo(BOB, secret.channelId), 'Goes to 0 stakeholder channel(s)', 'a private incident’s updates stay in its channel');
});

test('POST /api/incidents declares a private incident with the private token only (the general one could not read it back)', async () => {
  const body = JSON.stringify({ title: 'Credential stuffing on login', severity: 2, private: true });
  const refused = await request(h.base, '/api/incidents', { method: 'POST', token: h.apiToken, body });
  assert.equal(refused.status, 403);
  assert.match(String((refused.json as { error: string }).error), /WARROOM_API_PRIVATE_TOKEN/);
  const declared = await request(h.base, '/api/incidents', { method: 'POST', token: PRIVATE_TOKEN, body });
  assert.equal(declared.status, 201, JSON.stringify(declared.json));
  const incident = declared.json as IncidentJson;
  assert.equal(incident.private, true);
  const { channelId } = await waitFor('the channel', () => byPrivateToken(incident.ref), (i) => i.channelId !== null, WAIT);
  assert.ok(channelId);
  assert.equal(h.fake.channel(channelId)?.isPrivate, true);
  assert.equal((await api(`/api/incidents/${incident.ref}`)).status, 404, 'hidden from WARROOM_API_TOKEN');
  const publicOne = await request(h.base, '/api/incidents', { method: 'POST', token: h.apiToken, body: JSON.stringify({ title: 'Search slow', private: false }) });
  assert.equal((publicOne.json as IncidentJson).private, false);
});
