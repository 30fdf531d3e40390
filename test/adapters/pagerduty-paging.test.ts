// The PagerDuty paging adapter (real pdjs over HTTP) against the PagerDuty API fake.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import { createPagerDutyPaging, PagerDutyApiError } from '../../src/adapters/pagerduty/pagerduty-paging.js';
import { PagingUnavailableError } from '../../src/app/ports/paging.js';
import type { PageRequest, PagingProvider } from '../../src/app/ports/paging.js';
import { PAGERDUTY_ACCEPT, startPagerDutyFake } from '../fakes/pagerduty-api-fake.js';
import type { PagerDutyFake } from '../fakes/pagerduty-api-fake.js';

const TOKEN = 'y_BsecretPagerDutyToken42';
const FROM = 'warroom-bot@example.com';

async function fakeFor(t: TestContext): Promise<PagerDutyFake> {
  const fake = await startPagerDutyFake({
    token: TOKEN,
    users: [
      { id: 'PBOT001', name: 'Warroom Bot', email: FROM },
      { id: 'PALICE1', name: 'Alice Primary', email: 'alice@example.com' },
      { id: 'PBOB001', name: 'Bob Secondary', email: 'bob@example.com' },
      { id: 'PCAROL1', name: 'Carol Manager', email: 'carol@example.com' },
    ],
    escalationPolicies: {
      PEP0001: [
        { userId: 'PCAROL1', level: 3 },
        { userId: 'PBOB001', level: 2 },
        { userId: 'PALICE1', level: 1 },
        // Bob is on two levels: he counts once, at level 2.
        { userId: 'PBOB001', level: 3 },
      ],
      // A user PagerDuty only gives as a reference (no email in the on-call answer, 404 on /users).
      PEP0002: [{ userId: 'PGHOST1', level: 1 }],
    },
    services: ['PSVC001'],
  });
  t.after(() => fake.close());
  return fake;
}

function pagingFor(fake: PagerDutyFake, overrides: { token?: string; timeoutMs?: number } = {}): PagingProvider {
  return createPagerDutyPaging({ token: overrides.token ?? TOKEN, fromEmail: FROM, apiUrl: fake.url, timeoutMs: overrides.timeoutMs ?? 2_000 });
}

const REQUEST: PageRequest = {
  incidentRef: 'INC-42',
  title: 'Checkout errors at 40%',
  details: 'Declared from #inc-42',
  urgency: 'high',
  pagerdutyServiceId: 'PSVC001',
};

/** The error a call rejects with; every error is checked for the token on the way. */
async function rejection(call: Promise<unknown>): Promise<Error> {
  try {
    await call;
  } catch (err) {
    assert.ok(err instanceof Error, `rejects with an Error, got ${String(err)}`);
    assertNoToken(err);
    return err;
  }
  assert.fail('expected the call to fail');
}

function assertNoToken(err: Error): void {
  const seen = new Set<unknown>();
  for (let e: unknown = err; e instanceof Error && !seen.has(e); e = e.cause) {
    seen.add(e);
    assert.ok(!e.message.includes(TOKEN), `the token must not appear in the message: ${e.message}`);
    assert.ok(!String(e.stack).includes(TOKEN), 'the token must not appear in the stack');
    assert.ok(!JSON.stringify(e).includes(TOKEN), 'the token must not appear in the serialised error');
  }
}

test('onCall lists the on-call users of a policy, primary first, once each, with emails', async (t) => {
  const fake = await fakeFor(t);
  const people = await pagingFor(fake).onCall('PEP0001');
  assert.deepEqual(
    people,
    [
      { providerUserId: 'PALICE1', name: 'Alice Primary', email: 'alice@example.com', level: 1 },
      { providerUserId: 'PBOB001', name: 'Bob Secondary', email: 'bob@example.com', level: 2 },
      { providerUserId: 'PCAROL1', name: 'Carol Manager', email: 'carol@example.com', level: 3 },
    ],
    'sorted by escalation level, deduplicated by user, emails from the embedded users',
  );
  const [request, ...others] = fake.requests();
  assert.ok(request, 'one request was made');
  assert.equal(others.length, 0, 'the embedded users spare a /users call per person');
  assert.equal(request.path, '/oncalls', 'GET /oncalls at the configured base URL');
  assert.deepEqual(request.query['escalation_policy_ids[]'], ['PEP0001'], 'filtered by the escalation policy');
  assert.deepEqual(request.query['include[]'], ['users'], 'asks for user objects');
  assert.deepEqual(request.query.earliest, ['true'], 'earliest on-call only');
  assert.equal(request.headers.accept, PAGERDUTY_ACCEPT, 'the version 2 Accept header');
  assert.equal(request.headers.authorization, `Token token=${TOKEN}`, 'the REST key as a Token header');
  assert.equal(request.headers.from, undefined, 'reads send no From header');
});

test('onCall falls back to /users/{id} when the answer carries no email', async (t) => {
  const fake = await fakeFor(t);
  const people = await pagingFor(fake).onCall('PEP0002');
  assert.deepEqual(people, [{ providerUserId: 'PGHOST1', name: 'PGHOST1', email: null, level: 1 }], 'an unknown user is kept with no email');
  assert.deepEqual(
    fake.requests().map((r) => r.path),
    ['/oncalls', '/users/PGHOST1'],
    'the email was looked up on /users/{id}',
  );
});

test('onCall of a policy nobody is on is empty', async (t) => {
  const fake = await fakeFor(t);
  assert.deepEqual(await pagingFor(fake).onCall('PEPNONE'), [], 'nobody on call');
});

test('page opens an incident on the service with the From header and the ref as incident_key', async (t) => {
  const fake = await fakeFor(t);
  const receipt = await pagingFor(fake).page({ ...REQUEST, pagerdutyUserId: 'PALICE1' });
  const [incident] = fake.incidents();
  assert.ok(incident, 'an incident was created');
  assert.deepEqual(
    receipt,
    {
      provider: 'pagerduty',
      reference: incident.id,
      url: `https://warroom-fake.pagerduty.com/incidents/${incident.id}`,
      paged: [{ providerUserId: 'PALICE1', name: 'Alice Primary', email: 'alice@example.com' }],
    },
    'the receipt names the incident, and whom it is assigned to (the email from /users/{id})',
  );
  assert.equal(incident.serviceId, 'PSVC001', 'on the requested service');
  assert.equal(incident.incidentKey, 'INC-42', 'the incident ref is the incident_key');
  assert.equal(incident.title, REQUEST.title, 'title');
  assert.equal(incident.details, REQUEST.details, 'details in the incident body');
  assert.equal(incident.urgency, 'high', 'urgency');
  assert.deepEqual(incident.assignments, ['PALICE1'], 'assigned to the requested user');
  assert.equal(incident.createdBy, 'PBOT001', 'created as the From user');
  const post = fake.requests().find((r) => r.method === 'POST');
  assert.equal(post?.headers.from, FROM, 'the From header is sent');
  assert.match(post?.headers['content-type'] ?? '', /^application\/json/, 'JSON body');
});

test('page without pagerdutyUserId leaves assignment to the escalation policy', async (t) => {
  const fake = await fakeFor(t);
  await pagingFor(fake).page({ ...REQUEST, urgency: 'low' });
  const post = fake.requests().find((r) => r.method === 'POST');
  assert.equal((post?.body as any).incident.assignments, undefined, 'no assignments sent');
  assert.equal(fake.incidents()[0]?.urgency, 'low', 'low urgency kept');
});

test('page needs a PagerDuty service', async (t) => {
  const fake = await fakeFor(t);
  const { pagerdutyServiceId: _omitted, ...withoutService } = REQUEST;
  const err = await rejection(pagingFor(fake).page(withoutService));
  assert.match(err.message, /pagerdutyServiceId/, 'the error names the missing field');
  assert.ok(!(err instanceof PagingUnavailableError), 'a configuration problem, not an outage');
  assert.equal(fake.requests().length, 0, 'nothing was sent');
});

test('a second page with the same ref answers the open incident instead of opening another', async (t) => {
  const fake = await fakeFor(t);
  const paging = pagingFor(fake);
  const first = await paging.page(REQUEST);
  const second = await paging.page(REQUEST);
  assert.deepEqual(second, first, 'the same receipt');
  assert.equal(fake.incidents().length, 1, 'one incident in PagerDuty');
  assert.deepEqual(
    fake.requests().map((r) => `${r.method} ${r.path} ${r.status}`),
    ['POST /incidents 201', 'POST /incidents 400', 'GET /incidents 200'],
    'the duplicate is found by incident_key',
  );
  const lookup = fake.requests()[2];
  assert.deepEqual(lookup?.query.incident_key, ['INC-42'], 'looked up by key');
  assert.deepEqual(lookup?.query['service_ids[]'], ['PSVC001'], 'on the service');
});

test('a page whose answer was lost to the timeout is found again on retry', async (t) => {
  const fake = await fakeFor(t);
  // The fake opens the incident, then holds the answer far beyond the client's timeout. The timeout
  // is long enough for a loaded machine to deliver the request first (at 100 ms it sometimes did not).
  fake.setLatency(30_000);
  const err = await rejection(pagingFor(fake, { timeoutMs: 1_500 }).page(REQUEST));
  assert.ok(err instanceof PagingUnavailableError, `a timeout is unavailability, got ${err.name}: ${err.message}`);
  assert.equal(fake.incidents().length, 1, 'PagerDuty did open the incident');
  fake.setLatency(0);
  const receipt = await pagingFor(fake).page(REQUEST);
  assert.equal(receipt.reference, fake.incidents()[0]?.id, 'the retry answers that incident');
  assert.equal(fake.incidents().length, 1, 'still one incident');
});

test('isAcknowledged follows the incident status', async (t) => {
  const fake = await fakeFor(t);
  const paging = pagingFor(fake);
  const { reference } = await paging.page(REQUEST);
  assert.equal(await paging.isAcknowledged(reference), false, 'a triggered incident is not acknowledged');
  fake.acknowledge(reference);
  assert.equal(await paging.isAcknowledged(reference), true, 'acknowledged by a responder');
  await paging.resolve(reference, '');
  assert.equal(await paging.isAcknowledged(reference), true, 'a resolved incident needs no more waiting');
});

test('resolve resolves the incident and adds the note; resolving again is fine', async (t) => {
  const fake = await fakeFor(t);
  const paging = pagingFor(fake);
  const { reference } = await paging.page(REQUEST);
  await paging.resolve(reference, 'Rolled back deploy 123');
  const [incident] = fake.incidents();
  assert.equal(incident?.status, 'resolved', 'resolved');
  assert.deepEqual(incident?.notes.map((n) => n.content), ['Rolled back deploy 123'], 'the note was added');
  const put = fake.requests().find((r) => r.method === 'PUT');
  assert.deepEqual((put?.body as any).incident, { type: 'incident_reference', status: 'resolved' }, 'PUT with an incident_reference');
  assert.equal(put?.headers.from, FROM, 'PUT sends From');

  await paging.resolve(reference, '');
  assert.equal(fake.incidents()[0]?.notes.length, 1, 'an empty note is not added');
  assert.equal(fake.incidents()[0]?.status, 'resolved', 'still resolved');
});

test('addNote adds a note; an empty note is refused before any call', async (t) => {
  const fake = await fakeFor(t);
  const paging = pagingFor(fake);
  const { reference } = await paging.page(REQUEST);
  await paging.addNote(reference, 'Commander: @alice');
  assert.deepEqual(fake.incidents()[0]?.notes.map((n) => [n.content, n.userId]), [['Commander: @alice', 'PBOT001']], 'note written as the From user');
  const before = fake.requests().length;
  await rejection(paging.addNote(reference, '  '));
  assert.equal(fake.requests().length, before, 'nothing sent for an empty note');
});

test('an unknown incident is a PagerDutyApiError, not an outage', async (t) => {
  const fake = await fakeFor(t);
  const err = await rejection(pagingFor(fake).isAcknowledged('PNOPE00'));
  assert.ok(err instanceof PagerDutyApiError, `a refusal, got ${err.name}`);
  assert.equal(err.status, 404, 'status 404');
  assert.equal(err.pagerdutyCode, 2100, "PagerDuty's code");
  assert.ok(!(err instanceof PagingUnavailableError), 'not unavailable');
});

test('a 5xx answer is PagingUnavailableError', async (t) => {
  const fake = await fakeFor(t);
  fake.failNext(1, 500);
  const err = await rejection(pagingFor(fake).page(REQUEST));
  assert.ok(err instanceof PagingUnavailableError, `unavailable, got ${err.name}`);
  assert.equal(err.provider, 'pagerduty', 'names the provider');
  assert.match(err.message, /HTTP 500/, 'says what PagerDuty answered');
  assert.equal(fake.incidents().length, 0, 'no incident');
});

test('a non-JSON 502 (which pdjs rejects with the bare Response) is PagingUnavailableError', async (t) => {
  const fake = await fakeFor(t);
  fake.failNext(1, 502, '<html>Bad Gateway</html>');
  const err = await rejection(pagingFor(fake).onCall('PEP0001'));
  assert.ok(err instanceof PagingUnavailableError, `unavailable, got ${err.name}: ${err.message}`);
  assert.match(err.message, /HTTP 502/, 'says what came back');
});

test('a stopped PagerDuty is PagingUnavailableError, and the adapter recovers when it returns', async (t) => {
  const fake = await fakeFor(t);
  const paging = pagingFor(fake);
  await fake.stop();
  const err = await rejection(paging.onCall('PEP0001'));
  assert.ok(err instanceof PagingUnavailableError, `unavailable, got ${err.name}: ${err.message}`);
  assert.match(err.message, /ECONNREFUSED/, 'says the connection was refused');
  await fake.start();
  assert.equal((await paging.onCall('PEP0001')).length, 3, 'works again after the outage');
});

test('an answer slower than timeoutMs is PagingUnavailableError', async (t) => {
  const fake = await fakeFor(t);
  fake.setLatency(1_000);
  const err = await rejection(pagingFor(fake, { timeoutMs: 100 }).isAcknowledged('PNOPE00'));
  assert.ok(err instanceof PagingUnavailableError, `unavailable, got ${err.name}: ${err.message}`);
  assert.match(err.message, /100 ms/, 'names the timeout');
});

test('a bad token is a plain refusal, not unavailability, and never shows the token', async (t) => {
  const fake = await fakeFor(t);
  const wrongToken = `${TOKEN}-revoked`;
  const paging = createPagerDutyPaging({ token: wrongToken, fromEmail: FROM, apiUrl: fake.url, timeoutMs: 2_000 });
  const err = await rejection(paging.page(REQUEST));
  assert.ok(err instanceof PagerDutyApiError, `a refusal, got ${err.name}`);
  assert.ok(!(err instanceof PagingUnavailableError), 'not unavailable: failing over would not help');
  assert.equal(err.status, 401, 'status 401');
  assert.match(err.message, /Unauthorized/, "carries PagerDuty's message");
  assert.ok(!err.message.includes(wrongToken), 'the wrong token is not shown either');
});

test('a non-JSON 401 is still a refusal', async (t) => {
  const fake = await fakeFor(t);
  fake.failNext(1, 401, 'Unauthorized');
  const err = await rejection(pagingFor(fake).onCall('PEP0001'));
  assert.ok(err instanceof PagerDutyApiError, `a refusal, got ${err.name}: ${err.message}`);
  assert.equal(err.status, 401, 'status 401');
});

test('a From address PagerDuty does not know is a refusal with its message', async (t) => {
  const fake = await fakeFor(t);
  const paging = createPagerDutyPaging({ token: TOKEN, fromEmail: 'nobody@example.com', apiUrl: fake.url, timeoutMs: 2_000 });
  const err = await rejection(paging.page(REQUEST));
  assert.ok(err instanceof PagerDutyApiError, `a refusal, got ${err.name}`);
  assert.match(err.message, /Requester User Not Found/, "PagerDuty's error detail");
});

test('pdjs retries one 429 by itself; a lasting 429 is PagingUnavailableError', async (t) => {
  const fake = await fakeFor(t);
  const paging = pagingFor(fake, { timeoutMs: 1_000 });
  fake.failNext(1, 429);
  assert.equal((await paging.onCall('PEP0001')).length, 3, 'one 429 is retried');
  assert.deepEqual(
    fake.requests().map((r) => r.status),
    [429, 200],
    'pdjs sent the request again',
  );
  fake.failNext(10, 429);
  const err = await rejection(paging.onCall('PEP0001'));
  assert.ok(err instanceof PagingUnavailableError, `unavailable, got ${err.name}: ${err.message}`);
});

test('acknowledgement names who acknowledged (acknowledgements[].acknowledger) and whom it went to (assignments[].assignee), with their emails', async (t) => {
  const fake = await fakeFor(t);
  const paging = pagingFor(fake);
  const receipt = await paging.page({ ...REQUEST, pagerdutyUserId: 'PALICE1' });
  const alice = { providerUserId: 'PALICE1', name: 'Alice Primary', email: 'alice@example.com' };
  assert.deepEqual(await paging.acknowledgement?.(receipt.reference), { acknowledged: false, acknowledgedBy: null, paged: [alice] });
  fake.acknowledge(receipt.reference);
  assert.deepEqual(await paging.acknowledgement?.(receipt.reference), { acknowledged: true, acknowledgedBy: alice, paged: [alice] });
});
