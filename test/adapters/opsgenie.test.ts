import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createOpsgenieWebhookSource } from '../../src/adapters/opsgenie/opsgenie-webhook-source.js';
import { parseOpsgenieDelivery } from '../../src/adapters/opsgenie/parse.js';
import { verifyBearerToken } from '../../src/adapters/webhooks/verify-bearer.js';
import type { ParseOutcome } from '../../src/app/ports/webhooks.js';

const FIXTURES = new URL('../fixtures/opsgenie/', import.meta.url);
const fixtureBytes = (name: string): Buffer => readFileSync(new URL(name, FIXTURES));
/** Fixture text, kept as text: JSON.parse would round the 19-digit updatedAt. */
const fixtureText = (name: string): string => fixtureBytes(name).toString('utf8');
const ALERT_ID = '052652ac-5d1c-464a-812a-7dd18bbfba8c';

const parseText = (body: string): ParseOutcome => parseOpsgenieDelivery(Buffer.from(body, 'utf8'), {});
const parse = (body: unknown): ParseOutcome => parseText(JSON.stringify(body));

/** A Create delivery with a 19-digit updatedAt written as raw digits, plus changed alert fields. */
function create(alert: Record<string, unknown> = {}, updatedAt = '1420452193166002000', action = 'Create'): string {
  const base = { alertId: ALERT_ID, alias: 'aliastest', message: 'test alert', tags: ['tag1'], createdAt: 1420452191104, ...alert };
  const fields = JSON.stringify({ ...base, updatedAt: '@@' });
  return `{"action":${JSON.stringify(action)},"alert":${fields.replace('"@@"', updatedAt)},"integrationName":"Integration1","source":{"name":"web","type":"API"}}`;
}

function reasonOf(outcome: ParseOutcome): string {
  assert.equal(outcome.ok, false, 'expected a parse failure');
  return outcome.ok ? '' : outcome.reason;
}

function deliveryOf(outcome: ParseOutcome) {
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
  return outcome.delivery;
}

function signalOf(outcome: ParseOutcome) {
  const signal = deliveryOf(outcome).signals[0];
  assert.ok(signal, 'expected one signal');
  return signal;
}

describe('Opsgenie fixtures', () => {
  const payloads = readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'))
    .sort();

  test('cover Create, Acknowledge, UnAcknowledge, AddNote and Close, with raw 19-digit updatedAt', () => {
    assert.deepEqual(payloads, ['Acknowledge.json', 'AddNote.json', 'Close.json', 'Create.json', 'UnAcknowledge.json']);
    for (const file of payloads) assert.match(fixtureText(file), /"updatedAt":\d{19},/, file);
  });

  for (const file of payloads) {
    test(`${file} parses to ${file.replace(/\.json$/, '.expected.json')}`, () => {
      const expected = JSON.parse(fixtureText(file.replace(/\.json$/, '.expected.json')));
      assert.deepEqual(parseOpsgenieDelivery(fixtureBytes(file), {}), { ok: true, delivery: expected });
    });
  }

  test('the delivery id keeps every digit of updatedAt, beyond 2^53', () => {
    // 1420452374669001603 is not a double: JSON.parse would read 1420452374669001700.
    assert.equal(deliveryOf(parseOpsgenieDelivery(fixtureBytes('Close.json'), {})).deliveryId, `${ALERT_ID}:Close:1420452374669001603`);
  });
});

describe('verifyBearerToken', () => {
  const TOKEN = 's3cr3t-token';

  test('accepts the right token, with the scheme in any case', () => {
    assert.equal(verifyBearerToken({ authorization: `Bearer ${TOKEN}` }, TOKEN), true);
    assert.equal(verifyBearerToken({ authorization: `bearer ${TOKEN}` }, TOKEN), true);
    assert.equal(verifyBearerToken({ authorization: `BEARER  ${TOKEN} ` }, TOKEN), true);
  });

  test('refuses a missing header', () => {
    assert.equal(verifyBearerToken({}, TOKEN), false);
    assert.equal(verifyBearerToken({ authorization: undefined }, TOKEN), false);
    assert.equal(verifyBearerToken({ authorization: '' }, TOKEN), false);
    assert.equal(verifyBearerToken({ authorization: 'Bearer' }, TOKEN), false);
    assert.equal(verifyBearerToken({ authorization: 'Bearer ' }, TOKEN), false);
  });

  test('refuses a wrong token', () => {
    for (const token of ['wrong', `${TOKEN}x`, TOKEN.slice(0, -1), TOKEN.toUpperCase(), 'x'.repeat(10_000)]) {
      assert.equal(verifyBearerToken({ authorization: `Bearer ${token}` }, TOKEN), false, token.slice(0, 20));
    }
  });

  test('refuses other schemes and garbage', () => {
    for (const header of [`Basic ${TOKEN}`, `GenieKey ${TOKEN}`, `Token ${TOKEN}`, TOKEN, `Bearer:${TOKEN}`, `XBearer ${TOKEN}`, `Bearer\n${TOKEN}`]) {
      assert.equal(verifyBearerToken({ authorization: header }, TOKEN), false, header);
    }
    assert.equal(verifyBearerToken({ authorization: [`Bearer ${TOKEN}`] }, TOKEN), false);
  });

  test('refuses everything when no token is configured', () => {
    assert.equal(verifyBearerToken({ authorization: 'Bearer anything' }, null), false);
    assert.equal(verifyBearerToken({ authorization: 'Bearer ' }, ''), false);
    assert.equal(verifyBearerToken({}, ''), false);
  });
});

describe('createOpsgenieWebhookSource', () => {
  test('is the opsgenie source with a 1 MiB body limit, authenticated by bearer token', () => {
    const source = createOpsgenieWebhookSource({ token: 'tok' });
    assert.equal(source.provider, 'opsgenie');
    assert.equal(source.bodyLimitBytes, 1024 * 1024);
    assert.equal(source.authenticate({ authorization: 'Bearer tok' }, Buffer.alloc(0)), true);
    assert.equal(source.authenticate({ authorization: 'Bearer nope' }, Buffer.alloc(0)), false);
    assert.equal(source.authenticate({}, Buffer.alloc(0)), false);
    assert.equal(createOpsgenieWebhookSource({ token: null }).authenticate({ authorization: 'Bearer tok' }, Buffer.alloc(0)), false);
  });

  test('parses with parseOpsgenieDelivery', () => {
    const source = createOpsgenieWebhookSource({ token: 'tok' });
    assert.deepEqual(source.parse(fixtureBytes('Create.json'), {}), parseOpsgenieDelivery(fixtureBytes('Create.json'), {}));
  });
});

describe('parseOpsgenieDelivery', () => {
  test('two actions 1 µs apart (same double) get different delivery ids', () => {
    assert.equal(JSON.parse('1420452193166002000'), JSON.parse('1420452193166002001')); // what plain JSON.parse collapses
    const first = deliveryOf(parseText(create({}, '1420452193166002000')));
    const second = deliveryOf(parseText(create({}, '1420452193166002001')));
    assert.equal(first.deliveryId, `${ALERT_ID}:Create:1420452193166002000`);
    assert.equal(second.deliveryId, `${ALERT_ID}:Create:1420452193166002001`);
    assert.notEqual(first.deliveryId, second.deliveryId);
    assert.equal(first.signals[0]?.occurredAt, '2015-01-05T10:03:13.166Z');
    assert.equal(second.signals[0]?.occurredAt, '2015-01-05T10:03:13.166Z');
  });

  test('the same action with the same updatedAt (a retry) gets the same delivery id', () => {
    assert.equal(deliveryOf(parseText(create())).deliveryId, deliveryOf(parseText(create())).deliveryId);
    assert.notEqual(deliveryOf(parseText(create({}, undefined, 'Create'))).deliveryId, deliveryOf(parseText(create({}, undefined, 'Acknowledge'))).deliveryId);
  });

  test('nanoseconds convert to milliseconds exactly (no float rounding)', () => {
    // 1420452193166999999 ns is 1420452193166.999999 ms: truncated, not rounded up to .167.
    assert.equal(signalOf(parseText(create({}, '1420452193166999999'))).occurredAt, '2015-01-05T10:03:13.166Z');
    assert.equal(signalOf(parseText(create({}, '"1420452193166002000"'))).occurredAt, '2015-01-05T10:03:13.166Z');
  });

  test('actions map to signal actions and statuses', () => {
    const cases: [string, string, string | null][] = [
      ['Create', 'triggered', 'firing'],
      ['Acknowledge', 'acknowledged', 'acknowledged'],
      ['UnAcknowledge', 'unacknowledged', 'firing'],
      ['Close', 'resolved', 'resolved'],
      ['Escalate', 'escalated', null],
      ['AssignOwnership', 'reassigned', null],
      ['TakeOwnership', 'reassigned', null],
      ['UpdatePriority', 'priority_updated', null],
    ];
    for (const [action, signalAction, status] of cases) {
      const outcome = parseText(create({ priority: 'P2' }, undefined, action));
      assert.equal(deliveryOf(outcome).eventType, action);
      const signal = signalOf(outcome);
      assert.equal(signal.action, signalAction, action);
      assert.equal(signal.status, status, action);
      assert.equal(signal.note, null, action);
    }
  });

  test('other actions are stored and ignored', () => {
    for (const action of ['AddTags', 'RemoveTags', 'Delete', 'AddRecipient', 'Snooze', 'CustomAction', '__proto__', 'constructor', 'create']) {
      assert.deepEqual(parseText(create({}, undefined, action)), {
        ok: true,
        delivery: { deliveryId: `${ALERT_ID}:${action}:1420452193166002000`, eventType: action, signals: [] },
      });
    }
    // An ignored action needs no message.
    assert.equal(parseText(create({ message: undefined }, undefined, 'Delete')).ok, true);
  });

  test('the alias groups, else the alertId', () => {
    assert.equal(signalOf(parseText(create({ alias: undefined }))).groupingKey, ALERT_ID);
    assert.equal(signalOf(parseText(create({ alias: '   ' }))).groupingKey, ALERT_ID);
    assert.equal(signalOf(parseText(create({ alias: null }))).groupingKey, ALERT_ID);
    assert.equal(signalOf(parseText(create({ alias: 'checkout-5xx' }))).groupingKey, 'checkout-5xx');
    assert.equal(signalOf(parseText(create({ alias: 'checkout-5xx' }))).fingerprint, ALERT_ID);
  });

  test('without updatedAt, createdAt (milliseconds) dates the delivery', () => {
    const outcome = parse({ action: 'Create', alert: { alertId: ALERT_ID, message: 'm', createdAt: 1420452191104 } });
    assert.equal(deliveryOf(outcome).deliveryId, `${ALERT_ID}:Create:1420452191104`);
    assert.equal(signalOf(outcome).occurredAt, '2015-01-05T10:03:11.104Z');
  });

  test('priority is P1..P5 or null; tags are strings only', () => {
    assert.equal(signalOf(parseText(create({ priority: 'P5' }))).priority, 'P5');
    for (const priority of ['P6', 'p1', 'high', 1, null]) assert.equal(signalOf(parseText(create({ priority }))).priority, null);
    assert.deepEqual(signalOf(parseText(create({ tags: ['a', 1, null, { b: 2 }, ['c'], 'service:checkout', '  ', true] }))).serviceHints, {
      pagerdutyServiceId: null,
      tags: ['a', 'service:checkout'],
      labels: {},
    });
    assert.deepEqual(signalOf(parseText(create({ tags: 'a,b' }))).serviceHints.tags, []);
    assert.deepEqual(signalOf(parseText(create({ tags: undefined }))).serviceHints.tags, []);
  });

  test('NUL characters are stripped from every string', () => {
    const outcome = parseText(create({ alertId: 'al\u0000ert', alias: 'ali\u0000as', message: 'te\u0000st', tags: ['t\u0000ag'], priority: 'P\u00001' }, undefined, 'Create\u0000'));
    assert.equal(JSON.stringify(outcome).includes('\\u0000'), false);
    const delivery = deliveryOf(outcome);
    assert.equal(delivery.deliveryId, 'alert:Create:1420452193166002000');
    assert.equal(delivery.eventType, 'Create');
    const signal = signalOf(outcome);
    assert.deepEqual([signal.groupingKey, signal.fingerprint, signal.title, signal.priority, signal.serviceHints.tags], ['alias', 'alert', 'test', 'P1', ['tag']]);
    const note = signalOf(parseText(create({ note: 'no\u0000te' }, undefined, 'AddNote'))).note;
    assert.equal(note, 'note');
  });

  test('titles are trimmed, one line, at most 500 characters; an empty message falls back to the grouping key', () => {
    assert.equal(signalOf(parseText(create({ message: ' test alert\n' }))).title, 'test alert');
    assert.equal(signalOf(parseText(create({ message: 'y'.repeat(20_000) }))).title, 'y'.repeat(500));
    assert.equal(signalOf(parseText(create({ message: '   ' }))).title, 'aliastest');
  });

  test('missing or malformed fields are named', () => {
    const cases: [string, string][] = [
      ['[]', 'the body must be a JSON object'],
      ['null', 'the body must be a JSON object'],
      ['{}', 'action is missing'],
      ['{"action":""}', 'action is empty'],
      ['{"action":"Create"}', 'alert is missing'],
      ['{"action":"Create","alert":[]}', 'alert must be an object'],
      ['{"action":"Create","alert":{"message":"m"}}', 'alert.alertId is missing'],
      ['{"action":"Create","alert":{"alertId":7,"message":"m"}}', 'alert.alertId must be a string'],
      ['{"action":"Create","alert":{"alertId":"a","message":"m"}}', 'alert.updatedAt is missing'],
      [create({ message: undefined }), 'alert.message is missing'],
      [create({}, undefined, 'AddNote'), 'alert.note is missing'],
      [create({}, '1.5e18'), 'alert.updatedAt must be a non-negative integer'],
      [create({}, '-1420452193166002000'), 'alert.updatedAt must be a non-negative integer'],
      [create({}, '"soon"'), 'alert.updatedAt must be a non-negative integer'],
      [create({}, '{}'), 'alert.updatedAt must be an integer'],
      [create({}, '9'.repeat(30)), 'alert.updatedAt is out of range'],
      ['{"action":"Create","alert":{"alertId":"a","message":"m","createdAt":1.5}}', 'alert.createdAt must be a non-negative integer'],
    ];
    for (const [body, reason] of cases) assert.equal(reasonOf(parseText(body)), reason, body.slice(0, 120));
  });

  test('malformed JSON is a reason, not an exception', () => {
    assert.match(reasonOf(parseText('{"action":')), /not valid JSON/);
    assert.match(reasonOf(parseText('')), /empty/);
  });
});

describe('hostile bodies never throw', () => {
  const bodies: [string, Buffer][] = [
    ['100 000 nested arrays', Buffer.from('['.repeat(100_000))],
    ['deep nesting inside alert', Buffer.from(`{"action":"Create","alert":{"alertId":"a","updatedAt":1,"message":"m","tags":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`)],
    ['a 50 000-element array', Buffer.from(JSON.stringify(Array.from({ length: 50_000 }, (_, i) => i)))],
    ['50 000 tags', Buffer.from(create({ tags: Array.from({ length: 50_000 }, (_, i) => (i % 2 === 0 ? `t${i}` : i)) }))],
    ['invalid UTF-8', Buffer.concat([Buffer.from('{"action":"Create","alert":{"alertId":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('","updatedAt":1420452193166002000,"message":"m"}}')])],
    ['__proto__ keys', Buffer.from('{"__proto__":{"polluted":1},"action":"Create","alert":{"__proto__":{"polluted":2},"alertId":"a","updatedAt":1420452193166002000,"message":"m","tags":["x"],"constructor":{"prototype":{"polluted":3}}}}')],
    ['__proto__ as the action', Buffer.from('{"action":"__proto__","alert":{"alertId":"a","updatedAt":1}}')],
  ];
  for (const [name, body] of bodies) {
    test(name, () => {
      const outcome = parseOpsgenieDelivery(body, {});
      assert.equal(typeof outcome.ok, 'boolean');
      assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
      assert.equal(Object.hasOwn(Object.prototype, 'polluted'), false);
    });
  }

  test('50 000 tags keep the strings only', () => {
    const tags = signalOf(parseOpsgenieDelivery(bodies.find(([n]) => n === '50 000 tags')?.[1] ?? Buffer.alloc(0), {})).serviceHints.tags;
    assert.equal(tags.length, 25_000);
  });

  test('invalid UTF-8 becomes U+FFFD in the ids', () => {
    const delivery = deliveryOf(parseOpsgenieDelivery(bodies.find(([n]) => n === 'invalid UTF-8')?.[1] ?? Buffer.alloc(0), {}));
    assert.ok(delivery.deliveryId.includes('\uFFFD'));
  });
});
