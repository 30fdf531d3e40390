/** The Statuspage fake answers as Statuspage documents: auth, page id, shapes and enums, failNext. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startStatusPageFake, type StatusPageFake } from './statuspage-api-fake.js';

let fake: StatusPageFake;
before(async () => {
  fake = await startStatusPageFake({ components: ['comp0000001', 'comp0000002'] });
});
after(async () => {
  await fake.close();
});

const call = async (method: string, path: string, body?: unknown, key = fake.apiKey) => {
  const res = await fetch(`${fake.url}${path}`, { method, headers: { authorization: `OAuth ${key}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> & { id?: string; error?: unknown }, retryAfter: res.headers.get('retry-after') };
};
const incidents = () => `/pages/${fake.pageId}/incidents`;

test('a wrong key is 401, another page 404; a valid create is stored and listed, a PATCH updates it', async () => {
  assert.equal((await call('GET', incidents(), undefined, 'wrong')).status, 401);
  assert.equal((await call('GET', '/pages/otherpage/incidents')).status, 404);
  const created = await call('POST', incidents(), { incident: { name: 'Checkout down', status: 'investigating', body: 'Looking', components: { comp0000001: 'major_outage' }, component_ids: ['comp0000001'], metadata: { warroom: { incident: 'INC-1@x' } } } });
  assert.equal(created.status, 201);
  const id = String(created.json.id);
  const patched = await call('PATCH', `${incidents()}/${id}`, { incident: { status: 'resolved', body: 'Fixed', components: { comp0000001: 'operational' } } });
  assert.equal(patched.status, 200);
  const [stored] = fake.incidents();
  assert.deepEqual([stored?.status, stored?.components, stored?.incident_updates.map((u) => u.body), stored?.metadata], ['resolved', [{ id: 'comp0000001', status: 'operational' }], ['Looking', 'Fixed'], { warroom: { incident: 'INC-1@x' } }]);
  const listed = await fetch(`${fake.url}${incidents()}?limit=100&page=1`, { headers: { authorization: `OAuth ${fake.apiKey}` } });
  assert.equal(((await listed.json()) as unknown[]).length, 1);
  assert.equal((await call('PATCH', `${incidents()}/nosuch`, { incident: { status: 'resolved' } })).status, 404);
});

test('a blank name, a bad status, a bad component status or an unknown component is 422; no incident wrapper is 400', async () => {
  const before = fake.incidents().length;
  const base = { name: 'X', status: 'investigating', body: 'b' };
  assert.equal((await call('POST', incidents(), { incident: { ...base, name: ' ' } })).status, 422);
  assert.equal((await call('POST', incidents(), { incident: { ...base, status: 'on_fire' } })).status, 422);
  assert.equal((await call('POST', incidents(), { incident: { ...base, components: { comp0000001: 'broken' } } })).status, 422);
  assert.equal((await call('POST', incidents(), { incident: { ...base, components: { nosuchcomp: 'major_outage' } } })).status, 422);
  assert.equal((await call('POST', incidents(), { name: 'X' })).status, 400);
  assert.equal(fake.incidents().length, before, 'nothing refused was stored');
});

test('failNext answers the next calls with the status and Retry-After, then recovers', async () => {
  fake.failNext(1, 429, 2);
  const limited = await call('GET', incidents());
  assert.deepEqual([limited.status, limited.retryAfter], [429, '2']);
  assert.equal((await call('GET', incidents())).status, 200);
});
