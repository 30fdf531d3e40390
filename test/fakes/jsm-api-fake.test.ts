// The JSM Operations fake refuses what JSM refuses: the wrong auth for each API, another cloud id, Opsgenie's own paths.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startJsmFake, type JsmFake } from './jsm-api-fake.js';

let fake: JsmFake;
before(async () => {
  fake = await startJsmFake({ schedules: { s1: ['557058:a'] } });
});
after(() => fake.close());

const call = async (path: string, authorization: string, init: { method?: string; body?: string } = {}) => {
  const res = await fetch(`${fake.url}${path}`, { method: init.method ?? 'GET', headers: { authorization, 'content-type': 'application/json' }, ...(init.body ? { body: init.body } : {}) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};

test('REST: Basic auth under the right cloud id; GenieKey or another cloud id is refused', async () => {
  const basic = `Basic ${Buffer.from(`${fake.apiEmail}:${fake.apiToken}`).toString('base64')}`;
  const good = await call(`/jsm/ops/api/${fake.cloudId}/v1/schedules/s1/on-calls?flat=true`, basic);
  assert.deepEqual(good, { status: 200, json: { onCallUsers: ['557058:a'] } });
  assert.equal((await call(`/jsm/ops/api/${fake.cloudId}/v1/schedules/s1/on-calls?flat=true`, `GenieKey ${fake.integrationKey}`)).status, 401);
  assert.equal((await call('/jsm/ops/api/00000000-0000-4000-8000-000000000000/v1/schedules/s1/on-calls?flat=true', basic)).status, 404);
});

test('integration: GenieKey with the integration key answers 202 + requestId; Basic auth and Opsgenie /v2 paths are refused', async () => {
  const body = JSON.stringify({ message: 'm', alias: 'x' });
  const accepted = await call('/jsm/ops/integration/v2/alerts', `GenieKey ${fake.integrationKey}`, { method: 'POST', body });
  assert.equal(accepted.status, 202);
  assert.equal(typeof accepted.json.requestId, 'string');
  assert.equal((await call('/jsm/ops/integration/v2/alerts', `Basic ${Buffer.from(`${fake.apiEmail}:${fake.apiToken}`).toString('base64')}`, { method: 'POST', body })).status, 401);
  assert.equal((await call('/v2/alerts', `GenieKey ${fake.integrationKey}`, { method: 'POST', body })).status, 404);
  await fake.settled();
});

test('REST priority: PATCH as documented; PUT (Opsgenie’s method) is refused with 405', async () => {
  const basic = `Basic ${Buffer.from(`${fake.apiEmail}:${fake.apiToken}`).toString('base64')}`;
  const body = JSON.stringify({ priority: 'P2' });
  const put = await call(`/jsm/ops/api/${fake.cloudId}/v1/alerts/any-alert-id/priority`, basic, { method: 'PUT', body });
  assert.equal(put.status, 405);
  const patch = await call(`/jsm/ops/api/${fake.cloudId}/v1/alerts/any-alert-id/priority`, basic, { method: 'PATCH', body });
  assert.equal(patch.status, 202);
  await fake.settled();
});

test('REST escalate: `{ escalationId }` as documented; Opsgenie’s `escalation: { id }` is refused with 422', async () => {
  const basic = `Basic ${Buffer.from(`${fake.apiEmail}:${fake.apiToken}`).toString('base64')}`;
  const opsgenieShape = await call(`/jsm/ops/api/${fake.cloudId}/v1/alerts/any-alert-id/escalate`, basic, { method: 'POST', body: JSON.stringify({ escalation: { id: 'e1' } }) });
  assert.equal(opsgenieShape.status, 422);
  assert.deepEqual(opsgenieShape.json.errors, { escalationId: 'must not be blank' });
  const documented = await call(`/jsm/ops/api/${fake.cloudId}/v1/alerts/any-alert-id/escalate`, basic, { method: 'POST', body: JSON.stringify({ escalationId: 'e1' }) });
  assert.equal(documented.status, 202);
  await fake.settled();
});

test('REST notes: `size` from 1 to 100 as documented; another size is refused with 422', async () => {
  const basic = `Basic ${Buffer.from(`${fake.apiEmail}:${fake.apiToken}`).toString('base64')}`;
  assert.equal((await call(`/jsm/ops/api/${fake.cloudId}/v1/alerts/any-alert-id/notes?size=101`, basic)).status, 422);
  assert.equal((await call(`/jsm/ops/api/${fake.cloudId}/v1/alerts/any-alert-id/notes?size=100`, basic)).status, 404, 'no such alert');
});

test('REST request status: a write made through the integration API, polled with Basic auth, answered flat', async () => {
  const basic = `Basic ${Buffer.from(`${fake.apiEmail}:${fake.apiToken}`).toString('base64')}`;
  const accepted = await call('/jsm/ops/integration/v2/alerts', `GenieKey ${fake.integrationKey}`, { method: 'POST', body: JSON.stringify({ message: 'm', alias: 'req-status' }) });
  await fake.settled();
  const status = await call(`/jsm/ops/api/${fake.cloudId}/v1/alerts/requests/${String(accepted.json.requestId)}`, basic);
  assert.equal(status.status, 200);
  assert.equal(status.json.isSuccess, true);
  assert.equal(status.json.alias, 'req-status');
  assert.equal((await call(`/jsm/ops/api/${fake.cloudId}/v1/alerts/requests/no-such-request`, basic)).status, 404);
});
