import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { request } from '../helpers/http.js';
import { API_TOKEN, startApiWithSlack, type ApiWithSlack } from '../helpers/api-with-slack.js';

let h: ApiWithSlack;
let ref = '';

before(async () => {
  h = await startApiWithSlack(['checkout', 'search']);
  ref = (await h.declareWithRoom('Checkout 5xx')).ref;
});
after(async () => {
  await h.close();
});

const patch = (body: unknown) => h.api('PATCH', `/api/incidents/${ref}`, body);

/** A 400 whose sentences are exactly `problems`, and the incident untouched. */
async function refused(answer: Promise<{ status: number; json: any; text: string }>, problems: string[]): Promise<void> {
  const before = (await h.api('GET', `/api/incidents/${ref}`)).json;
  const r = await answer;
  assert.equal(r.status, 400, r.text);
  assert.deepEqual(r.json.problems, problems);
  assert.equal(r.json.error, problems.join('; '));
  assert.deepEqual((await h.api('GET', `/api/incidents/${ref}`)).json.version, before.version, 'nothing was changed');
}

describe('/api input errors are sentences that name the field', () => {
  test('unknown fields are refused, with the field they were probably meant to be', async () => {
    await refused(patch({ sevrity: 'SEV1' }), ['unknown field "sevrity" (did you mean "severity"?)']);
    await refused(patch({ severity: 'SEV1', colour: 'red' }), ['unknown field "colour" (known fields: status, severity, title, roles, services)']);
    await refused(patch({ roles: { comander: 'U0BOB0002' } }), ['unknown field "roles.comander" (did you mean "roles.commander"?)']);
    await refused(h.api('POST', `/api/incidents/${ref}/notes`, { txt: 'hello' }), ['text is required', 'unknown field "txt" (did you mean "text"?)']);
  });

  test('the existing declare words its errors the same way, and refuses unknown fields too', async () => {
    const r = await h.api('POST', '/api/incidents', { title: 'x', sevrity: 1 });
    assert.equal(r.status, 400);
    assert.deepEqual(r.json.problems, ['unknown field "sevrity" (did you mean "severity"?)']);
    const bad = await h.api('POST', '/api/incidents', { severity: 'SEV9', services: 'checkout' });
    assert.deepEqual(bad.json.problems, ['title is required', 'severity must be one of SEV1, SEV2, SEV3, SEV4 (or 1-4)', 'services must be a list']);
    assert.deepEqual((await h.api('POST', '/api/incidents', [])).json.problems, ['the body must be a JSON object']);
  });

  test('wrong values name the field and what it accepts', async () => {
    await refused(patch({ severity: 'SEV9' }), ['severity must be one of SEV1, SEV2, SEV3, SEV4 (or 1-4)']);
    await refused(patch({ status: 'done' }), ['status must be one of investigating, identified, monitoring, resolved']);
    await refused(patch({ roles: { commander: 'alice' } }), ['roles.commander must be a Slack user id (U… or W…) or null']);
    await refused(patch({ title: 42, services: ['checkout', ''] }), ['title must be a string', 'services[1] must not be empty']);
    await refused(patch({}), ['the body must set at least one of status, severity, title, roles, services']);
    await refused(h.api('PATCH', `/api/incidents/${ref}`, undefined), ['the body is not valid JSON']);
  });

  test('services must be configured ones, named when they are not', async () => {
    await refused(patch({ services: ['checkout', 'serch'] }), ['unknown service "serch" (did you mean "search"?)']);
    await refused(patch({ services: ['billing', 'ledger'] }), ['unknown service "billing" (configured: checkout, search)', 'unknown service "ledger" (configured: checkout, search)']);
  });

  test('the domain rules answer as for a declare: a blank title or note is 400 with its code', async () => {
    const title = await patch({ title: '   ' });
    assert.equal(title.status, 400);
    assert.equal(title.json.code, 'incident.invalid_title');
    const note = await h.api('POST', `/api/incidents/${ref}/notes`, { text: '' });
    assert.equal(note.status, 400);
    assert.equal(note.json.code, 'incident.invalid_text');
  });
});

describe('/api change routes: auth and unknown incidents', () => {
  test('401 without a token or with a wrong one, before the body is read', async () => {
    for (const [path, method] of [[`/api/incidents/${ref}`, 'PATCH'], [`/api/incidents/${ref}/notes`, 'POST']] as const) {
      assert.equal((await request(h.base, path, { method, body: JSON.stringify({ severity: 1, text: 'x' }) })).status, 401, `${method} ${path} without a token`);
      assert.equal((await request(h.base, path, { method, body: '{not json', token: `${API_TOKEN}-wrong` })).status, 401, `${method} ${path} with a wrong token`);
    }
  });

  test('404 for an unknown ref', async () => {
    const missing = await h.api('PATCH', '/api/incidents/INC-999999', { severity: 'SEV1' });
    assert.equal(missing.status, 404);
    assert.equal(missing.json.code, 'incident.not_found');
    assert.equal((await h.api('POST', '/api/incidents/garbage/notes', { text: 'x' })).status, 404);
  });
});

describe('a database outage', () => {
  test('a change that cannot be stored is 503 with Retry-After; it works again once the database is back', { skip: process.env.TEST_DATABASE_URL ? 'needs the embedded server to stop and start it' : false }, async () => {
    const server = h.db.server;
    assert.ok(server);
    await server.stop();
    try {
      for (const answer of [await h.api('PATCH', `/api/incidents/${ref}`, { severity: 'SEV2' }), await h.api('POST', `/api/incidents/${ref}/notes`, { text: 'during the outage' })]) {
        assert.equal(answer.status, 503, answer.text);
        assert.ok(answer.headers.get('retry-after'));
      }
    } finally {
      await server.start();
    }
  });
});
