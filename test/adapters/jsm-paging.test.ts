// The JSM Operations paging adapter against the JSM fake, over real HTTP: REST reads with Basic auth
// under the cloud id, integration writes with GenieKey, asynchronous writes polled by request id.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createJsmPaging } from '../../src/adapters/jsm/jsm-paging.js';
import { OpsgenieApiError } from '../../src/adapters/opsgenie-family/alert-api.js';
import type { OpsgenieFamilyPaging } from '../../src/adapters/opsgenie-family/alert-paging.js';
import { PagingUnavailableError } from '../../src/app/ports/paging.js';
import { startJsmFake, type JsmFake } from '../fakes/jsm-api-fake.js';

const SCHEDULE = '3f1e6d2a-sched-primary';
let fake: JsmFake;

before(async () => {
  fake = await startJsmFake({ apiToken: 'jsm-secret-token-91', integrationKey: 'jsm-secret-key-37', schedules: { [SCHEDULE]: ['557058:alice', '557058:bob'] } });
});
after(() => fake.close());

function jsm(overrides: Partial<Parameters<typeof createJsmPaging>[0]> = {}): OpsgenieFamilyPaging {
  return createJsmPaging({ cloudId: fake.cloudId, apiEmail: fake.apiEmail, apiToken: fake.apiToken, integrationKey: fake.integrationKey, apiUrl: fake.url, timeoutMs: 2_000, ...overrides }) as OpsgenieFamilyPaging;
}

async function rejection(call: Promise<unknown>): Promise<Error> {
  try {
    await call;
  } catch (err) {
    assert.ok(err instanceof Error);
    return err;
  }
  assert.fail('expected the call to fail');
}

void describe('JSM Operations paging', () => {
  void test('on-call: the schedule by id, with Basic auth, under the cloud id; primary first', async () => {
    const people = await jsm().onCall(SCHEDULE);
    assert.deepEqual(people.map((p) => [p.providerUserId, p.level, p.email]), [['557058:alice', 1, null], ['557058:bob', 2, null]]);
    const call = fake.requests().at(-1);
    assert.equal(call?.path, `/jsm/ops/api/${fake.cloudId}/v1/schedules/${SCHEDULE}/on-calls`);
    assert.equal(call?.authorization, `Basic ${Buffer.from(`${fake.apiEmail}:${fake.apiToken}`).toString('base64')}`);
  });

  void test('page → the integration API creates the alert; its request is polled; ack and close follow', async () => {
    const provider = jsm();
    fake.holdApplies();
    const receipt = await provider.page({ incidentRef: 'INC-7', dedupKey: 'INC-7:checkout:0', title: 'INC-7 SEV1: checkout down', details: 'd', urgency: 'high', jsmSchedule: SCHEDULE });
    assert.deepEqual(receipt, { provider: 'jsm', reference: 'INC-7:checkout:0', url: null });
    const create = fake.requests().at(-1);
    assert.equal(create?.path, '/jsm/ops/integration/v2/alerts');
    assert.equal(create?.authorization, `GenieKey ${fake.integrationKey}`);
    // Accepted, not applied: the request is unknown and the alert not there yet (not acknowledged, not an error).
    const created = fake.requests().filter((r) => r.path === '/jsm/ops/integration/v2/alerts').length;
    assert.equal(created, 1);
    assert.equal(await provider.isAcknowledged(receipt.reference), false);
    fake.releaseApplies();
    await fake.settled();
    const alert = fake.alert(receipt.reference);
    assert.deepEqual(alert?.responders, [{ type: 'schedule', id: SCHEDULE }]);
    assert.equal(alert?.priority, 'P1');
    assert.equal(await provider.isAcknowledged(receipt.reference), false);
    assert.ok(fake.acknowledge(receipt.reference));
    assert.equal(await provider.isAcknowledged(receipt.reference), true);
    await provider.addNote(receipt.reference, 'Mitigated by rollback');
    await provider.resolve(receipt.reference, 'Resolved in Warroom (INC-7).');
    await fake.settled();
    assert.equal(fake.alert(receipt.reference)?.status, 'closed');
    assert.deepEqual(fake.alert(receipt.reference)?.notes.map((n) => n.note), ['Mitigated by rollback', 'Resolved in Warroom (INC-7).']);
  });

  void test('the request-status poll: null until JSM applied the write, then its outcome and alert id', async () => {
    const provider = jsm();
    fake.holdApplies();
    await provider.page({ incidentRef: 'INC-8', title: 't', details: 'd', urgency: 'low', jsmUser: 'alice@example.com' });
    const requestId = await lastRequestId();
    assert.equal(await provider.requestStatus(requestId), null);
    fake.releaseApplies();
    await fake.settled();
    const status = await provider.requestStatus(requestId);
    assert.equal(status?.isSuccess, true);
    assert.equal(status?.alertId, fake.alert('INC-8')?.id);
    // JSM documents the request status on its REST API (Basic auth), answered flat.
    const poll = fake.requests().at(-1);
    assert.equal(poll?.path, `/jsm/ops/api/${fake.cloudId}/v1/alerts/requests/${requestId}`);
    assert.equal(poll?.authorization, `Basic ${Buffer.from(`${fake.apiEmail}:${fake.apiToken}`).toString('base64')}`);
  });

  void test('refusals: a wrong cloud id or token is a refusal naming JSM; a 5xx is an outage; no secret in either', async () => {
    const wrongSite = await rejection(jsm({ cloudId: '00000000-0000-4000-8000-000000000000' }).onCall(SCHEDULE));
    assert.ok(wrongSite instanceof OpsgenieApiError && wrongSite.status === 404, wrongSite.message);
    const wrongKey = await rejection(jsm({ integrationKey: 'jsm-secret-wrong' }).page({ incidentRef: 'INC-9', title: 't', details: 'd', urgency: 'low', jsmSchedule: SCHEDULE }));
    assert.match(wrongKey.message, /^JSM Operations refused POST \/jsm\/ops\/integration\/v2\/alerts \(HTTP 401\)/);
    fake.failNext(1, 503);
    const outage = await rejection(jsm().isAcknowledged('INC-9'));
    assert.ok(outage instanceof PagingUnavailableError && outage.provider === 'jsm', outage.message);
    for (const err of [wrongSite, wrongKey, outage]) assert.ok(!`${err.message}${String(err.stack)}`.includes('jsm-secret'), 'no credential in errors');
  });
});

/** The request id of the last accepted write, as the fake answered it. */
async function lastRequestId(): Promise<string> {
  // page() does not return its request id; a note on the same alias gives one to poll.
  const res = await fetch(`${fake.url}/jsm/ops/integration/v2/alerts/INC-8/notes?identifierType=alias`, {
    method: 'POST',
    headers: { authorization: `GenieKey ${fake.integrationKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ note: 'poll me' }),
  });
  return ((await res.json()) as { requestId: string }).requestId;
}
