// The JSM Operations adapter beyond paging a schedule, against the JSM fake over HTTP: a person found
// by email (Jira's user search) and paged by account id, who acknowledged, a mirrored note found again,
// priority from severity, and escalation through a team's escalation (REST API by alert id).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createJsmPaging } from '../../src/adapters/jsm/jsm-paging.js';
import { PagingUnavailableError, type PagingProvider } from '../../src/app/ports/paging.js';
import { JSM_FAKE_TEAM_ID, startJsmFake, type JsmFake } from '../fakes/jsm-api-fake.js';

const PRIMARY = 'sched-primary';
const SECONDARY = 'sched-secondary';
const ESCALATION = 'esc-payments';
let fake: JsmFake;
let jsm: PagingProvider;

before(async () => {
  fake = await startJsmFake({
    schedules: { [PRIMARY]: ['first@example.com'], [SECONDARY]: ['second@example.com'] },
    users: [{ email: 'Bob@Example.com', displayName: 'Bob Builder' }],
    escalations: { [ESCALATION]: [{ type: 'schedule', name: PRIMARY }, { type: 'schedule', name: SECONDARY }] },
  });
  jsm = createJsmPaging({ cloudId: fake.cloudId, apiEmail: fake.apiEmail, apiToken: fake.apiToken, integrationKey: fake.integrationKey, apiUrl: fake.url, timeoutMs: 2_000 });
});
after(() => fake.close());

async function paged(alias: string): Promise<void> {
  await jsm.page({ incidentRef: alias, dedupKey: alias, title: `${alias} down`, details: '', urgency: 'high', jsmSchedule: PRIMARY });
  await fake.settled();
}

void describe('JSM Operations: people, notes, priority and escalation', () => {
  void test('findUser: Jira user search on the site, by exact email (any case), Basic auth; the account id pages them as a user responder', async () => {
    const bob = await jsm.findUser?.('bob@example.com');
    assert.deepEqual(bob, { providerUserId: fake.accountIdOf('bob@example.com'), name: 'Bob Builder' });
    const search = fake.requests().at(-1);
    assert.equal(search?.path, `/ex/jira/${fake.cloudId}/rest/api/3/user/search`);
    assert.equal(search?.authorization, `Basic ${Buffer.from(`${fake.apiEmail}:${fake.apiToken}`).toString('base64')}`);
    assert.equal(await jsm.findUser?.('nobody@example.com'), null);
    assert.equal(await jsm.findUser?.('not an email'), null);

    await jsm.page({ incidentRef: 'INC-1', dedupKey: 'INC-1:user:0', title: 'INC-1', details: '', urgency: 'high', personUserId: bob?.providerUserId });
    await fake.settled();
    assert.deepEqual(fake.alert('INC-1:user:0')?.responders, [{ type: 'user', id: bob?.providerUserId }]);
  });

  void test('acknowledgement names who acknowledged and owns the alert; nobody before, and nothing for an alert not applied yet', async () => {
    assert.deepEqual(await jsm.acknowledgement?.('INC-2'), { acknowledged: false, acknowledgedBy: null, paged: [] });
    await paged('INC-2');
    assert.deepEqual(await jsm.acknowledgement?.('INC-2'), { acknowledged: false, acknowledgedBy: null, paged: [] });
    fake.acknowledge('INC-2', 'first@example.com');
    const first = { providerUserId: 'first@example.com', name: 'first@example.com', email: 'first@example.com' };
    assert.deepEqual(await jsm.acknowledgement?.('INC-2'), { acknowledged: true, acknowledgedBy: first, paged: [first] });
  });

  void test('hasNote finds a note by its marker through the REST API by alert id; setSeverity sets the priority', async () => {
    await paged('INC-3');
    await jsm.addNote('INC-3', 'Rolled back [warroom INC-3 note k1]');
    await fake.settled();
    assert.equal(await jsm.hasNote?.('INC-3', '[warroom INC-3 note k1]'), true);
    assert.equal(await jsm.hasNote?.('INC-3', '[warroom INC-3 note k2]'), false);
    assert.equal(await jsm.hasNote?.('INC-404', '[warroom INC-404 note k1]'), false, 'no alert yet: no note');
    const alertId = fake.alert('INC-3')?.id ?? '';
    assert.ok(fake.requests().some((r) => r.method === 'GET' && r.path === `/jsm/ops/api/${fake.cloudId}/v1/alerts/${alertId}/notes`));
    // Past JSM's default page of 20 notes: the list asks for 100 (`size`, JSM's own name for it).
    for (let i = 1; i <= 24; i++) await jsm.addNote('INC-3', `Update ${i}`);
    await fake.settled();
    assert.equal(fake.alert('INC-3')?.notes.length, 25);
    assert.equal(await jsm.hasNote?.('INC-3', '[warroom INC-3 note k1]'), true, 'the 25th newest note is still found');
    assert.equal(fake.requests().filter((r) => r.path.endsWith('/notes') && r.method === 'GET').at(-1)?.query['size'], '100');

    await jsm.setSeverity?.('INC-3', 'SEV2');
    await fake.settled();
    assert.equal(fake.alert('INC-3')?.priority, 'P2');
    const patch = fake.requests().find((r) => r.path.endsWith('/priority'));
    assert.equal(patch?.method, 'PATCH', 'JSM sets the priority with PATCH');
    assert.equal(patch?.path, `/jsm/ops/api/${fake.cloudId}/v1/alerts/${alertId}/priority`);
    // An alert JSM has not applied yet is there shortly: an outage to retry, not a refusal.
    await assert.rejects(jsm.setSeverity?.('INC-404', 'SEV1') ?? Promise.resolve(), (err) => err instanceof PagingUnavailableError && /not there yet/.test(err.message));
  });

  void test('escalate: the team escalation’s next rule, POST …/alerts/{id}/escalate by escalation id, who is on call there; the last level and no escalation call nothing', async () => {
    await paged('INC-4');
    const escalation = `${JSM_FAKE_TEAM_ID}/${ESCALATION}`;
    assert.deepEqual(await jsm.escalate?.('INC-4', { fromLevel: 1, escalation: null }), { kind: 'no_escalation' });
    assert.deepEqual(await jsm.escalate?.('INC-4', { fromLevel: 1, escalation }), { kind: 'escalated', level: 2, nowPaged: [{ name: 'second@example.com', email: 'second@example.com' }] });
    await fake.settled();
    assert.deepEqual(fake.requests().filter((r) => r.path.endsWith('/escalate')).at(-1)?.body, { escalationId: ESCALATION }, 'JSM takes only the escalation id');
    assert.ok(fake.alert('INC-4')?.responders.some((r) => r.type === 'escalation' && r.name === ESCALATION), 'the escalation joined the responders');
    const escalates = () => fake.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/escalate')).length;
    const before = escalates();
    assert.deepEqual(await jsm.escalate?.('INC-4', { fromLevel: 2, escalation }), { kind: 'last_level', level: 2 });
    assert.equal(escalates(), before, 'nothing escalated past the last level');
    await assert.rejects(jsm.escalate?.('INC-4', { fromLevel: 1, escalation: ESCALATION }) ?? Promise.resolve(), /<team id>\/<escalation id>/);
    await assert.rejects(jsm.escalate?.('INC-4', { fromLevel: 1, escalation: `other-team/${ESCALATION}` }) ?? Promise.resolve(), /No team with id other-team/);
  });
});
