// The Opsgenie paging adapter against the Opsgenie API fake, over real HTTP.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { createOpsgeniePaging, OpsgenieApiError } from '../../src/adapters/opsgenie/opsgenie-paging.js';
import type { OpsgeniePagingOptions } from '../../src/adapters/opsgenie/opsgenie-paging.js';
import { PagingUnavailableError } from '../../src/app/ports/paging.js';
import type { PageRequest, PagingProvider } from '../../src/app/ports/paging.js';
import { startOpsgenieFake } from '../fakes/opsgenie-api-fake.js';
import type { OpsgenieFake, OpsgenieFakeOptions } from '../fakes/opsgenie-api-fake.js';

/** Distinctive, so that a leak into any error text is found. */
const KEY = 'og-secret-7f3c9a1e-key';

const SCHEDULES = { 'SRE primary': ['alice@example.com', 'bob@example.com', 'ops-bot'], empty: [] };

async function fakeFor(t: TestContext, options: OpsgenieFakeOptions = {}): Promise<OpsgenieFake> {
  const fake = await startOpsgenieFake({ apiKey: KEY, schedules: SCHEDULES, ...options });
  t.after(() => fake.close());
  return fake;
}

function pagingFor(fake: OpsgenieFake, options: Partial<OpsgeniePagingOptions> = {}): PagingProvider {
  return createOpsgeniePaging({ apiKey: KEY, apiUrl: fake.url, timeoutMs: 2_000, ...options });
}

const pageRequest = (overrides: Partial<PageRequest> = {}): PageRequest => ({
  incidentRef: 'INC-42',
  title: 'Checkout API error rate above 5%',
  details: 'Warroom incident INC-42: 12 alerts from checkout-api.',
  urgency: 'high',
  opsgenieSchedule: 'SRE primary',
  ...overrides,
});

/** The error a call rejects with (fails the test if it resolves). */
async function rejection(call: Promise<unknown>, what: string): Promise<Error> {
  try {
    await call;
  } catch (err) {
    assert.ok(err instanceof Error, `${what}: rejects with an Error`);
    return err;
  }
  assert.fail(`${what}: expected the call to fail`);
}

/** Every text an error carries: message, name, stack and its causes', and its own properties. */
function everyText(err: unknown, depth = 0): string {
  if (depth > 5 || err === null || err === undefined) return '';
  if (!(err instanceof Error)) return typeof err === 'string' ? err : JSON.stringify(err);
  const own = JSON.stringify(Object.fromEntries(Object.entries(err)));
  return [err.name, err.message, err.stack ?? '', own, String(err), everyText(err.cause, depth + 1)].join('\n');
}

function assertNoKey(err: unknown, what: string): void {
  assert.ok(!everyText(err).includes(KEY), `${what}: the API key must not appear in the error`);
  assert.ok(!everyText(err).includes('og-secret'), `${what}: no part of the API key appears in the error`);
}

describe('onCall', () => {
  test('lists the flat on-call recipients in order: level 1 first, email when it looks like one', async (t) => {
    const fake = await fakeFor(t);
    const people = await pagingFor(fake).onCall('SRE primary');
    assert.deepEqual(
      people,
      [
        { providerUserId: 'alice@example.com', name: 'alice@example.com', email: 'alice@example.com', level: 1 },
        { providerUserId: 'bob@example.com', name: 'bob@example.com', email: 'bob@example.com', level: 2 },
        { providerUserId: 'ops-bot', name: 'ops-bot', email: null, level: 3 },
      ],
      'on-call people in Opsgenie order',
    );
    const [req] = fake.requests();
    assert.equal(req?.method, 'GET', 'a GET');
    assert.equal(req?.path, '/v2/schedules/SRE%20primary/on-calls', 'the schedule name is path-encoded');
    assert.deepEqual(req?.query, { scheduleIdentifierType: 'name', flat: 'true' }, 'by name, flat');
    assert.equal(req?.authorization, `GenieKey ${KEY}`, 'GenieKey auth by default');
  });

  test('an empty schedule is an empty list; an unknown one is a plain error with Opsgenie’s message', async (t) => {
    const fake = await fakeFor(t);
    const paging = pagingFor(fake);
    assert.deepEqual(await paging.onCall('empty'), [], 'nobody on call');
    const err = await rejection(paging.onCall('no such schedule'), 'unknown schedule');
    assert.ok(!(err instanceof PagingUnavailableError), 'a 404 is not an outage');
    assert.ok(err instanceof OpsgenieApiError, 'an OpsgenieApiError');
    assert.equal(err.status, 404, 'carries the status');
    assert.match(err.message, /No schedule exists with name \[no such schedule\]/, 'carries Opsgenie’s message');
  });

  test('a trailing slash on apiUrl is tolerated', async (t) => {
    const fake = await fakeFor(t);
    const people = await pagingFor(fake, { apiUrl: `${fake.url}/` }).onCall('SRE primary');
    assert.equal(people.length, 3, 'same answer with a trailing slash');
  });
});

describe('page', () => {
  test('creates an alert aliased by the incident ref, with responders and priority, once the async write applies', async (t) => {
    const fake = await fakeFor(t);
    const receipt = await pagingFor(fake).page(pageRequest());
    assert.deepEqual(receipt, { provider: 'opsgenie', reference: 'INC-42', url: null }, 'the receipt names the alias');
    await fake.settled();
    const alert = fake.alert('INC-42');
    assert.ok(alert, 'the alert exists after the async apply');
    assert.equal(alert.message, 'Checkout API error rate above 5%', 'message is the title');
    assert.equal(alert.description, 'Warroom incident INC-42: 12 alerts from checkout-api.', 'description is the details');
    assert.deepEqual(alert.responders, [{ type: 'schedule', name: 'SRE primary' }], 'the schedule is the responder');
    assert.equal(alert.priority, 'P1', 'high urgency is P1');
    assert.equal(alert.source, 'Warroom', 'source Warroom');
    assert.equal(alert.status, 'open', 'open');
    assert.equal(alert.count, 1, 'paged once');
  });

  test('low urgency is P3; a user is paged by username; both responders when both are given', async (t) => {
    const fake = await fakeFor(t);
    const paging = pagingFor(fake);
    await paging.page(pageRequest({ incidentRef: 'INC-1', urgency: 'low', opsgenieSchedule: undefined, opsgenieUser: 'alice@example.com' }));
    await paging.page(pageRequest({ incidentRef: 'INC-2', opsgenieUser: 'bob@example.com' }));
    await fake.settled();
    assert.equal(fake.alert('INC-1')?.priority, 'P3', 'low urgency is P3');
    assert.deepEqual(fake.alert('INC-1')?.responders, [{ type: 'user', username: 'alice@example.com' }], 'user responder by username');
    assert.deepEqual(
      fake.alert('INC-2')?.responders,
      [
        { type: 'schedule', name: 'SRE primary' },
        { type: 'user', username: 'bob@example.com' },
      ],
      'schedule and user',
    );
  });

  test('paging twice with the same ref is one alert (Opsgenie de-duplicates by alias): count 2', async (t) => {
    const fake = await fakeFor(t);
    const paging = pagingFor(fake);
    const first = await paging.page(pageRequest());
    const second = await paging.page(pageRequest());
    assert.equal(second.reference, first.reference, 'same reference');
    await fake.settled();
    assert.equal(fake.alerts().length, 1, 'one alert');
    assert.equal(fake.alert('INC-42')?.count, 2, 'de-duplicated: count 2');
  });

  test('a title longer than 130 characters is cut to fit Opsgenie’s message limit', async (t) => {
    const fake = await fakeFor(t);
    await pagingFor(fake).page(pageRequest({ title: `${'x'.repeat(128)}😀 and more` }));
    await fake.settled();
    const message = fake.alert('INC-42')?.message ?? '';
    assert.ok(message.length <= 130, `message is at most 130 characters (got ${message.length})`);
    assert.ok(message.endsWith('…'), 'the cut is marked');
    assert.ok(!/[\ud800-\udbff]…$/.test(message), 'no half surrogate pair before the mark');
  });

  test('without a schedule or a user, page throws a clear error and calls nothing', async (t) => {
    const fake = await fakeFor(t);
    const err = await rejection(pagingFor(fake).page(pageRequest({ opsgenieSchedule: undefined })), 'no responders');
    assert.ok(!(err instanceof PagingUnavailableError), 'a configuration problem, not an outage');
    assert.match(err.message, /opsgenieSchedule/, 'names the missing schedule option');
    assert.match(err.message, /opsgenieUser/, 'names the missing user option');
    assert.equal(fake.requests().length, 0, 'nothing was sent');
  });
});

describe('acknowledgement, notes and resolve', () => {
  test('isAcknowledged: false before the create applies (404), false while open, true once acknowledged', async (t) => {
    const fake = await fakeFor(t, { applyDelayMs: 200 });
    const paging = pagingFor(fake);
    fake.holdApplies();
    await paging.page(pageRequest());
    assert.equal(await paging.isAcknowledged('INC-42'), false, 'not applied yet (404): false');
    assert.equal(fake.requests().at(-1)?.status, 404, 'the fake did answer 404');
    fake.releaseApplies();
    await fake.settled();
    assert.equal(await paging.isAcknowledged('INC-42'), false, 'open and unacknowledged: false');
    assert.equal(fake.acknowledge('INC-42'), true, 'a responder acknowledges');
    assert.equal(await paging.isAcknowledged('INC-42'), true, 'acknowledged: true');
    const last = fake.requests().at(-1);
    assert.equal(last?.path, '/v2/alerts/INC-42', 'GET by alias');
    assert.deepEqual(last?.query, { identifierType: 'alias' }, 'identifierType=alias');
  });

  test('acknowledgement names the acknowledger (report.acknowledgedBy) and the owner, by username; nobody before the ack', async (t) => {
    const fake = await fakeFor(t);
    const paging = pagingFor(fake);
    await paging.page(pageRequest());
    await fake.settled();
    assert.deepEqual(await paging.acknowledgement?.('INC-42'), { acknowledged: false, acknowledgedBy: null, paged: [] });
    fake.acknowledge('INC-42', 'oncall@example.com');
    const oncall = { providerUserId: 'oncall@example.com', name: 'oncall@example.com', email: 'oncall@example.com' };
    assert.deepEqual(await paging.acknowledgement?.('INC-42'), { acknowledged: true, acknowledgedBy: oncall, paged: [oncall] });
  });

  test('a closed alert counts as acknowledged', async (t) => {
    const fake = await fakeFor(t);
    const paging = pagingFor(fake);
    await paging.page(pageRequest());
    await paging.resolve('INC-42', 'Resolved in Warroom');
    await fake.settled();
    assert.equal(await paging.isAcknowledged('INC-42'), true, 'closed: true');
  });

  test('resolve closes the alert with the note; addNote adds a note', async (t) => {
    const fake = await fakeFor(t);
    const paging = pagingFor(fake);
    await paging.page(pageRequest());
    await paging.addNote('INC-42', 'Rolled back checkout-api to v41');
    await paging.resolve('INC-42', 'Resolved: error rate back under 0.1%');
    await fake.settled();
    const alert = fake.alert('INC-42');
    assert.equal(alert?.status, 'closed', 'closed');
    assert.deepEqual(
      alert?.notes.map((n) => [n.via, n.note, n.source]),
      [
        ['note', 'Rolled back checkout-api to v41', 'Warroom'],
        ['close', 'Resolved: error rate back under 0.1%', 'Warroom'],
      ],
      'the note, then the close note',
    );
    const close = fake.requests().find((r) => r.path.endsWith('/close'));
    assert.equal(close?.path, '/v2/alerts/INC-42/close', 'close by alias path');
    assert.deepEqual(close?.query, { identifierType: 'alias' }, 'identifierType=alias');
  });

  test('an empty note is refused before any call', async (t) => {
    const fake = await fakeFor(t);
    const err = await rejection(pagingFor(fake).addNote('INC-42', '  '), 'empty note');
    assert.match(err.message, /must not be empty/, 'says why');
    assert.equal(fake.requests().length, 0, 'nothing was sent');
  });
});

describe('failures', () => {
  /** Every PagingProvider method, as calls to make against the fake. */
  const everyMethod: [string, (p: PagingProvider) => Promise<unknown>][] = [
    ['onCall', (p) => p.onCall('SRE primary')],
    ['page', (p) => p.page(pageRequest())],
    ['isAcknowledged', (p) => p.isAcknowledged('INC-42')],
    ['resolve', (p) => p.resolve('INC-42', 'done')],
    ['addNote', (p) => p.addNote('INC-42', 'note')],
  ];

  test('a 5xx answer is PagingUnavailableError from every method', async (t) => {
    const fake = await fakeFor(t);
    const paging = pagingFor(fake);
    for (const [name, run] of everyMethod) {
      fake.failNext(1, 500);
      const err = await rejection(run(paging), name);
      assert.ok(err instanceof PagingUnavailableError, `${name}: 500 is PagingUnavailableError (got ${err.name})`);
      assert.equal(err.provider, 'opsgenie', `${name}: names opsgenie`);
      assert.match(err.message, /HTTP 500/, `${name}: says HTTP 500`);
      assertNoKey(err, name);
    }
    fake.failNext(1, 503);
    assert.ok((await rejection(paging.onCall('SRE primary'), '503')) instanceof PagingUnavailableError, '503 is PagingUnavailableError');
  });

  test('429 is PagingUnavailableError (the caller fails over or retries later)', async (t) => {
    const fake = await fakeFor(t);
    fake.failNext(1, 429);
    const err = await rejection(pagingFor(fake).page(pageRequest()), '429');
    assert.ok(err instanceof PagingUnavailableError, '429 is PagingUnavailableError');
    assert.match(err.message, /HTTP 429/, 'says HTTP 429');
  });

  test('a stopped Opsgenie is PagingUnavailableError from every method', async (t) => {
    const fake = await fakeFor(t);
    const paging = pagingFor(fake);
    await fake.stop();
    for (const [name, run] of everyMethod) {
      const err = await rejection(run(paging), name);
      assert.ok(err instanceof PagingUnavailableError, `${name}: connection refused is PagingUnavailableError (got ${err.name})`);
      assertNoKey(err, name);
    }
    await fake.start();
    assert.equal((await paging.onCall('SRE primary')).length, 3, 'works again after start');
  });

  test('a slow Opsgenie times out as PagingUnavailableError within timeoutMs', async (t) => {
    const fake = await fakeFor(t);
    // The latency is far beyond the timeout so that a loaded machine (slow timers, slow
    // connects) cannot blur "gave up after the timeout" into "waited for the answer".
    fake.setLatency(20_000);
    const paging = pagingFor(fake, { timeoutMs: 150 });
    for (const [name, run] of everyMethod) {
      const started = performance.now();
      const err = await rejection(run(paging), name);
      const elapsed = performance.now() - started;
      assert.ok(err instanceof PagingUnavailableError, `${name}: a timeout is PagingUnavailableError (got ${err.name})`);
      assert.match(err.message, /no answer within 150 ms/, `${name}: says it timed out`);
      assert.ok(elapsed < 10_000, `${name}: gave up after the timeout, not the latency (${Math.round(elapsed)} ms)`);
      assertNoKey(err, name);
    }
  });

  test('a wrong key is a plain error with Opsgenie’s message, not an outage, and does not show the key', async (t) => {
    const fake = await fakeFor(t);
    const paging = createOpsgeniePaging({ apiKey: 'og-secret-wrong-key', apiUrl: fake.url, timeoutMs: 2_000 });
    for (const [name, run] of everyMethod) {
      const err = await rejection(run(paging), name);
      assert.ok(!(err instanceof PagingUnavailableError), `${name}: 401 is not PagingUnavailableError`);
      assert.ok(err instanceof OpsgenieApiError, `${name}: an OpsgenieApiError`);
      assert.equal(err.status, 401, `${name}: status 401`);
      assert.match(err.message, /Could not authenticate/, `${name}: Opsgenie’s message`);
      assert.ok(!everyText(err).includes('og-secret-wrong-key'), `${name}: the wrong key is not shown either`);
    }
  });

  test('the key never appears in any error, even when Opsgenie echoes it', async (t) => {
    const fake = await fakeFor(t);
    // The adapter must not trust the server's text: a schedule named like the key is echoed in the 404.
    const err = await rejection(pagingFor(fake).onCall(KEY), 'echoed key');
    assert.ok(err instanceof OpsgenieApiError, 'a 404');
    assert.match(err.message, /\[redacted\]/, 'the echoed key is redacted');
    assertNoKey(err, 'echoed key');
  });
});

describe('authorization seam (Jira Service Management Operations)', () => {
  test('a custom authorization function builds the header', async (t) => {
    const basic = `Basic ${Buffer.from(`me@example.com:${KEY}`).toString('base64')}`;
    const fake = await fakeFor(t, { extraAuthorizations: [basic] });
    const seen: string[] = [];
    const paging = pagingFor(fake, {
      authorization: (key) => {
        seen.push(key);
        return `Basic ${Buffer.from(`me@example.com:${key}`).toString('base64')}`;
      },
    });
    assert.equal((await paging.onCall('SRE primary')).length, 3, 'the fake accepted the custom header');
    await paging.page(pageRequest());
    assert.ok(seen.every((k) => k === KEY) && seen.length > 0, 'the function receives the API key');
    assert.ok(
      fake.requests().every((r) => r.authorization === basic),
      'every request carried the custom Authorization header',
    );
  });

  test('a refused custom header is a plain error that shows neither the key nor the header', async (t) => {
    const fake = await fakeFor(t);
    const header = `Basic ${Buffer.from(`me@example.com:${KEY}`).toString('base64')}`;
    const paging = pagingFor(fake, { authorization: () => header });
    const err = await rejection(paging.onCall('SRE primary'), 'refused custom header');
    assert.ok(err instanceof OpsgenieApiError, 'an OpsgenieApiError');
    assert.equal(err.status, 401, 'status 401');
    assert.equal(fake.requests()[0]?.authorization, header, 'the custom header was sent');
    assert.ok(!everyText(err).includes(header), 'the header is not in the error');
    assertNoKey(err, 'refused custom header');
  });
});
