/** Without WARROOM_PUBLIC_URL the fallback room is off (issue 23): /readyz says so, links are refused, no room route serves. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { API_TOKEN, startApiWithSlack, type ApiWithSlack } from '../helpers/api-with-slack.js';
import { request } from '../helpers/http.js';

let h: ApiWithSlack;
before(async () => {
  h = await startApiWithSlack(['checkout']);
});
after(async () => {
  await h.close();
});

void test('no public URL: /readyz reports the room not configured (and stays ready), no link is issued, no room is served', async () => {
  const ready = await request(h.base, '/readyz', { token: API_TOKEN });
  assert.equal(ready.status, 200, 'the room is no critical dependency');
  assert.equal(ready.json.dependencies.fallbackRoom.state, 'off');
  assert.equal(ready.json.dependencies.fallbackRoom.detail, 'not configured: set WARROOM_PUBLIC_URL');
  const anonymous = await request(h.base, '/readyz');
  assert.deepEqual(Object.keys(anonymous.json.dependencies.fallbackRoom), ['state', 'since'], 'anonymous callers see the state only');

  const created = await h.api('POST', '/api/incidents', { title: 'No room for this', services: ['checkout'] });
  assert.equal(created.status, 201, created.text);
  const link = await h.api('POST', `/api/incidents/${created.json.ref}/room-links`, { person: { name: 'Ada Lovelace' } });
  assert.equal(link.status, 409);
  assert.equal(link.json.code, 'fallback_room.off');
  assert.match(link.json.error, /WARROOM_PUBLIC_URL/);
  assert.equal((await request(h.base, `/rooms/${created.json.ref}?t=x.y`)).status, 404);
});
