// The PagerDuty REST API fake's rules, checked over HTTP with fetch.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import { PAGERDUTY_ACCEPT, startPagerDutyFake } from './pagerduty-api-fake.js';
import type { PagerDutyFake, PagerDutyFakeOptions } from './pagerduty-api-fake.js';

const TOKEN = 'pd-fake-test-token';
const FROM = 'bot@example.com';

const OPTIONS: PagerDutyFakeOptions = {
  token: TOKEN,
  users: [
    { id: 'PBOT001', name: 'Warroom Bot', email: FROM },
    { id: 'PALICE1', name: 'Alice Primary', email: 'alice@example.com' },
    { id: 'PBOB001', name: 'Bob Secondary', email: 'bob@example.com' },
  ],
  escalationPolicies: {
    PEP0001: [
      { userId: 'PBOB001', level: 2 },
      { userId: 'PALICE1', level: 1 },
    ],
    PEP0002: [{ userId: 'PBOB001', level: 1 }],
  },
  services: ['PSVC001', 'PSVC002'],
};

async function fakeFor(t: TestContext, options: PagerDutyFakeOptions = OPTIONS): Promise<PagerDutyFake> {
  const fake = await startPagerDutyFake(options);
  t.after(() => fake.close());
  return fake;
}

interface CallOptions {
  body?: unknown;
  token?: string | null;
  from?: string | null;
  accept?: string | null;
  signal?: AbortSignal;
}

async function call(fake: PagerDutyFake, method: string, path: string, options: CallOptions = {}): Promise<{ status: number; json: any; contentType: string | null }> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers.authorization = `Token token=${token}`;
  const accept = options.accept === undefined ? PAGERDUTY_ACCEPT : options.accept;
  if (accept !== null) headers.accept = accept;
  const from = options.from === undefined ? FROM : options.from;
  if (from !== null) headers.from = from;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${fake.url}${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const text = await res.text();
  let json: any = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, json, contentType: res.headers.get('content-type') };
}

function incidentBody(overrides: Record<string, unknown> = {}): unknown {
  return {
    incident: {
      type: 'incident',
      title: 'Checkout is down',
      service: { id: 'PSVC001', type: 'service_reference' },
      urgency: 'high',
      incident_key: 'INC-1',
      body: { type: 'incident_body', details: 'errors at 40%' },
      ...overrides,
    },
  };
}

test('refuses a missing or wrong token with 401 in PagerDuty error shape', async (t) => {
  const fake = await fakeFor(t);
  for (const token of [null, 'wrong-token']) {
    const res = await call(fake, 'GET', '/oncalls', { token });
    assert.equal(res.status, 401, `token ${String(token)} must be refused`);
    assert.equal(res.json.error?.code, 2006, 'error.code is 2006');
    assert.equal(typeof res.json.error?.message, 'string', 'error.message is a string');
  }
  const bearer = await fetch(`${fake.url}/oncalls`, { headers: { authorization: `Bearer ${TOKEN}`, accept: PAGERDUTY_ACCEPT } });
  assert.equal(bearer.status, 401, 'a REST key is sent as "Token token=", not Bearer');
});

test('requires the version 2 Accept header', async (t) => {
  const fake = await fakeFor(t);
  const missing = await call(fake, 'GET', '/oncalls', { accept: null });
  assert.equal(missing.status, 406, 'no Accept header is refused');
  const json = await call(fake, 'GET', '/oncalls', { accept: 'application/json' });
  assert.equal(json.status, 406, 'plain application/json is refused');
  const spaced = await call(fake, 'GET', '/oncalls', { accept: 'application/vnd.pagerduty+json; version=2' });
  assert.equal(spaced.status, 200, 'whitespace around the parameter is accepted');
});

test('lists on-calls of an escalation policy, embedding users with include[]=users', async (t) => {
  const fake = await fakeFor(t);
  const res = await call(fake, 'GET', '/oncalls?escalation_policy_ids[]=PEP0001&earliest=true&include[]=users');
  assert.equal(res.status, 200, 'on-calls are listed');
  assert.deepEqual(
    res.json.oncalls.map((o: any) => [o.user.id, o.escalation_level, o.user.email, o.user.type]),
    [
      ['PALICE1', 1, 'alice@example.com', 'user'],
      ['PBOB001', 2, 'bob@example.com', 'user'],
    ],
    'level 1 first, full user objects with emails',
  );
  assert.equal(res.json.oncalls[0].escalation_policy.id, 'PEP0001', 'each entry names its escalation policy');
  assert.equal(res.json.more, false, 'a single page');

  const refs = await call(fake, 'GET', '/oncalls?escalation_policy_ids[]=PEP0002');
  assert.equal(refs.json.oncalls.length, 1, 'filtered by escalation policy');
  assert.equal(refs.json.oncalls[0].user.type, 'user_reference', 'without include[]=users a user is a reference');
  assert.equal(refs.json.oncalls[0].user.email, undefined, 'a user reference has no email');
  assert.equal(refs.json.oncalls[0].user.summary, 'Bob Secondary', 'a user reference has the name as summary');
});

test('answers GET /users/:id, 404 with code 2100 for unknown users', async (t) => {
  const fake = await fakeFor(t);
  const alice = await call(fake, 'GET', '/users/PALICE1');
  assert.equal(alice.status, 200, 'known user');
  assert.equal(alice.json.user.email, 'alice@example.com', 'the user has an email');
  const nobody = await call(fake, 'GET', '/users/PNOBODY');
  assert.equal(nobody.status, 404, 'unknown user');
  assert.equal(nobody.json.error.code, 2100, 'Not Found code');
});

test('writes need a From header naming a user of the account', async (t) => {
  const fake = await fakeFor(t);
  const missing = await call(fake, 'POST', '/incidents', { from: null, body: incidentBody() });
  assert.equal(missing.status, 400, 'no From header');
  assert.deepEqual(missing.json.error.errors, ['From header required'], 'says the From header is required');
  const stranger = await call(fake, 'POST', '/incidents', { from: 'stranger@example.com', body: incidentBody() });
  assert.equal(stranger.status, 400, 'unknown From');
  assert.deepEqual(stranger.json.error.errors, ['Requester User Not Found'], 'says the requester is unknown');
  assert.equal(fake.incidents().length, 0, 'no incident was created');
  const reads = await call(fake, 'GET', '/oncalls', { from: null });
  assert.equal(reads.status, 200, 'reads do not need From');
});

test('POST /incidents creates an incident in the documented shape', async (t) => {
  const fake = await fakeFor(t);
  const res = await call(fake, 'POST', '/incidents', {
    body: incidentBody({ assignments: [{ assignee: { id: 'PALICE1', type: 'user_reference' } }] }),
  });
  assert.equal(res.status, 201, 'created');
  const incident = res.json.incident;
  assert.match(incident.id, /^P[A-Z0-9]{6}$/, 'a PagerDuty-like id');
  assert.equal(incident.type, 'incident', 'type incident');
  assert.equal(incident.status, 'triggered', 'a new incident is triggered');
  assert.equal(incident.incident_key, 'INC-1', 'keeps the incident key');
  assert.equal(incident.service.id, 'PSVC001', 'on the service');
  assert.match(incident.html_url, /^https:\/\/.+\/incidents\//, 'has an html_url');
  assert.equal(incident.assignments[0].assignee.id, 'PALICE1', 'assigned directly');

  const [state] = fake.incidents();
  assert.ok(state, 'the fake keeps the incident');
  assert.equal(state.title, 'Checkout is down', 'title kept');
  assert.equal(state.details, 'errors at 40%', 'details kept');
  assert.equal(state.createdBy, 'PBOT001', 'created by the From user');
  assert.deepEqual(state.assignments, ['PALICE1'], 'assignments kept');
});

test('POST /incidents validates the body', async (t) => {
  const fake = await fakeFor(t);
  const cases: [string, unknown][] = [
    ['no incident', {}],
    ['wrong type', incidentBody({ type: 'alert' })],
    ['empty title', incidentBody({ title: ' ' })],
    ['unknown service', incidentBody({ service: { id: 'PNOSVC', type: 'service_reference' } })],
    ['service not a reference', incidentBody({ service: { id: 'PSVC001' } })],
    ['bad urgency', incidentBody({ urgency: 'urgent' })],
    ['unknown assignee', incidentBody({ assignments: [{ assignee: { id: 'PNOBODY', type: 'user_reference' } }] })],
  ];
  for (const [name, body] of cases) {
    const res = await call(fake, 'POST', '/incidents', { body });
    assert.equal(res.status, 400, `${name}: refused`);
    assert.equal(res.json.error.code, 2001, `${name}: Invalid Input Provided`);
  }
  assert.equal(fake.incidents().length, 0, 'nothing was created');
});

test('refuses a second open incident with the same incident_key on a service', async (t) => {
  const fake = await fakeFor(t);
  const first = await call(fake, 'POST', '/incidents', { body: incidentBody() });
  assert.equal(first.status, 201, 'the first is created');
  const second = await call(fake, 'POST', '/incidents', { body: incidentBody() });
  assert.equal(second.status, 400, 'the duplicate is refused');
  assert.equal(second.json.error.code, 2002, 'Arguments Caused Error');
  assert.deepEqual(second.json.error.errors, ['Open incident with matching dedup key already exists on this service'], "PagerDuty's dedup message");
  const otherService = await call(fake, 'POST', '/incidents', { body: incidentBody({ service: { id: 'PSVC002', type: 'service_reference' } }) });
  assert.equal(otherService.status, 201, 'the key is per service');

  const listed = await call(fake, 'GET', `/incidents?incident_key=INC-1&service_ids[]=PSVC001&date_range=all`);
  assert.deepEqual(
    listed.json.incidents.map((i: any) => i.id),
    [first.json.incident.id],
    'the open incident is found by its key',
  );

  const resolved = await call(fake, 'PUT', `/incidents/${first.json.incident.id}`, { body: { incident: { type: 'incident_reference', status: 'resolved' } } });
  assert.equal(resolved.status, 200, 'resolved');
  const again = await call(fake, 'POST', '/incidents', { body: incidentBody() });
  assert.equal(again.status, 201, 'once resolved, the key opens a new incident');
  assert.equal(fake.incidents().length, 3, 'three incidents in all');
});

test('GET /incidents/:id follows acknowledgement and resolution', async (t) => {
  const fake = await fakeFor(t);
  const { json } = await call(fake, 'POST', '/incidents', { body: incidentBody() });
  const id: string = json.incident.id;
  assert.equal((await call(fake, 'GET', `/incidents/${id}`)).json.incident.status, 'triggered', 'triggered at first');
  fake.acknowledge(id);
  assert.equal((await call(fake, 'GET', `/incidents/${id}`)).json.incident.status, 'acknowledged', 'acknowledged by a responder');
  const put = await call(fake, 'PUT', `/incidents/${id}`, { body: { incident: { type: 'incident_reference', status: 'resolved' } } });
  assert.equal(put.json.incident.status, 'resolved', 'PUT answers the resolved incident');
  assert.equal((await call(fake, 'GET', `/incidents/${id}`)).json.incident.status, 'resolved', 'resolved');
  const twice = await call(fake, 'PUT', `/incidents/${id}`, { body: { incident: { type: 'incident_reference', status: 'resolved' } } });
  assert.equal(twice.status, 400, 'resolving twice is refused');
  assert.deepEqual(twice.json.error.errors, ['Incident Already Resolved'], 'says it is already resolved');
  const noFrom = await call(fake, 'PUT', `/incidents/${id}`, { from: null, body: { incident: { type: 'incident_reference', status: 'resolved' } } });
  assert.equal(noFrom.status, 400, 'PUT needs From');
  const unknown = await call(fake, 'GET', '/incidents/PNOPE00');
  assert.equal(unknown.status, 404, 'unknown incident');
  assert.equal(unknown.json.error.code, 2100, 'Not Found code');
});

test('POST /incidents/:id/notes adds a note', async (t) => {
  const fake = await fakeFor(t);
  const { json } = await call(fake, 'POST', '/incidents', { body: incidentBody() });
  const id: string = json.incident.id;
  const res = await call(fake, 'POST', `/incidents/${id}/notes`, { body: { note: { content: 'rolled back' } } });
  assert.equal(res.status, 201, 'created');
  assert.equal(res.json.note.content, 'rolled back', 'the note is answered');
  assert.equal(res.json.note.user.id, 'PBOT001', 'written by the From user');
  const empty = await call(fake, 'POST', `/incidents/${id}/notes`, { body: { note: { content: '' } } });
  assert.equal(empty.status, 400, 'an empty note is refused');
  const missing = await call(fake, 'POST', '/incidents/PNOPE00/notes', { body: { note: { content: 'x' } } });
  assert.equal(missing.status, 404, 'a note on an unknown incident is 404');
  assert.deepEqual(
    fake.incidents()[0]?.notes.map((n) => n.content),
    ['rolled back'],
    'the fake keeps the note',
  );
});

test('GET /incidents/:id/notes lists the notes; PUT /incidents/:id sets the urgency (high or low only)', async (t) => {
  const fake = await fakeFor(t);
  const { json } = await call(fake, 'POST', '/incidents', { body: incidentBody() });
  const id: string = json.incident.id;
  await call(fake, 'POST', `/incidents/${id}/notes`, { body: { note: { content: 'first' } } });
  const listed = await call(fake, 'GET', `/incidents/${id}/notes`);
  assert.equal(listed.status, 200);
  assert.deepEqual(listed.json.notes.map((n: { content: string }) => n.content), ['first']);
  const low = await call(fake, 'PUT', `/incidents/${id}`, { body: { incident: { type: 'incident_reference', urgency: 'low' } } });
  assert.equal(low.status, 200);
  assert.equal(fake.incidents()[0]?.urgency, 'low');
  const bad = await call(fake, 'PUT', `/incidents/${id}`, { body: { incident: { type: 'incident_reference', urgency: 'urgent' } } });
  assert.equal(bad.status, 400, 'only high or low');
});

test('echo mode sends the signed v3 webhook of each write to its target, and nothing for reads', async (t) => {
  const fake = await fakeFor(t);
  const received: { type: string; signature: string | undefined }[] = [];
  const target = await startPagerDutyFake({ token: 'unused' });
  t.after(() => target.close());
  target.beforeAnswer((req) => {
    received.push({ type: String((req.body as { event?: { event_type?: string } }).event?.event_type), signature: req.headers['x-pagerduty-signature'] });
    return Promise.resolve();
  });
  fake.echoWebhooks({ url: `${target.url}/hook`, secret: 'hook-secret' });
  const { json } = await call(fake, 'POST', '/incidents', { body: incidentBody() });
  await call(fake, 'POST', `/incidents/${json.incident.id as string}/notes`, { body: { note: { content: 'seen' } } });
  await call(fake, 'GET', `/incidents/${json.incident.id as string}`);
  await fake.echoesSettled();
  // Each echo is its own HTTP request and may arrive in either order; `echoed()` keeps the order sent.
  assert.deepEqual(received.map((r) => r.type).sort(), ['incident.annotated', 'incident.triggered']);
  assert.ok(received.every((r) => r.signature?.startsWith('v1=')), 'signed as PagerDuty signs');
  assert.deepEqual(fake.echoed().map((e) => e.event), ['incident.triggered', 'incident.annotated']);
});

test('failNext answers the next requests with an error, then recovers', async (t) => {
  const fake = await fakeFor(t);
  fake.failNext(2);
  const first = await call(fake, 'GET', '/oncalls', { token: 'wrong' });
  assert.equal(first.status, 500, 'a fault comes before the auth check');
  assert.equal(typeof first.json.error.message, 'string', 'the 500 is JSON in error shape');
  assert.equal((await call(fake, 'GET', '/oncalls')).status, 500, 'the second fails too');
  assert.equal((await call(fake, 'GET', '/oncalls')).status, 200, 'the third succeeds');
  fake.failNext(1, 502, '<html>Bad Gateway</html>');
  const html = await call(fake, 'GET', '/oncalls');
  assert.equal(html.status, 502, 'the chosen status');
  assert.equal(html.json, '<html>Bad Gateway</html>', 'the chosen non-JSON body');
  assert.match(html.contentType ?? '', /text\/html/, 'sent as HTML');
});

test('stop() refuses connections; start() serves again on the same port with the same state', async (t) => {
  const fake = await fakeFor(t);
  await call(fake, 'POST', '/incidents', { body: incidentBody() });
  await fake.stop();
  await assert.rejects(fetch(`${fake.url}/oncalls`), 'a stopped fake refuses connections');
  await fake.start();
  const res = await call(fake, 'GET', '/incidents');
  assert.equal(res.status, 200, 'serves again');
  assert.equal(res.json.incidents.length, 1, 'state survived the outage');
  assert.equal(new URL(fake.url).port, String(fake.port), 'same port');
});

test('setLatency delays answers', async (t) => {
  const fake = await fakeFor(t);
  fake.setLatency(1_000);
  await assert.rejects(call(fake, 'GET', '/oncalls', { signal: AbortSignal.timeout(50) }), 'a client with a short timeout gives up');
  fake.setLatency(0);
  assert.equal((await call(fake, 'GET', '/oncalls')).status, 200, 'answers promptly again');
});

test('requests() records method, path, query, headers and body', async (t) => {
  const fake = await fakeFor(t);
  await call(fake, 'GET', '/oncalls?escalation_policy_ids[]=PEP0001&include[]=users');
  await call(fake, 'POST', '/incidents', { body: incidentBody() });
  const [get, post] = fake.requests();
  assert.ok(get && post, 'two requests recorded');
  assert.equal(get.method, 'GET', 'method');
  assert.equal(get.path, '/oncalls', 'path without query');
  assert.deepEqual(get.query['escalation_policy_ids[]'], ['PEP0001'], 'query kept');
  assert.equal(get.headers.authorization, `Token token=${TOKEN}`, 'headers kept, lower-cased');
  assert.equal(get.status, 200, 'status answered');
  assert.equal(post.headers.from, FROM, 'From header kept');
  assert.equal((post.body as any).incident.incident_key, 'INC-1', 'body parsed');
  assert.equal(post.status, 201, 'created');
});
