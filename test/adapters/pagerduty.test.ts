import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createPagerDutyWebhookSource } from '../../src/adapters/pagerduty/pagerduty-webhook-source.js';
import { parsePagerDutyDelivery } from '../../src/adapters/pagerduty/parse.js';
import { pagerDutySignature } from '../../src/adapters/pagerduty/sign.js';
import { verifyPagerDutySignature } from '../../src/adapters/pagerduty/verify.js';
import type { ParseOutcome } from '../../src/app/ports/webhooks.js';

const FIXTURES = new URL('../fixtures/pagerduty/', import.meta.url);
const fixtureBytes = (name: string): Buffer => readFileSync(new URL(name, FIXTURES));
const fixtureJson = (name: string): unknown => JSON.parse(fixtureBytes(name).toString('utf8'));
type PagerDutyFixture = { event: Record<string, unknown> & { data: Record<string, unknown> } };
const pagerDutyFixture = (name: string): PagerDutyFixture => fixtureJson(name) as PagerDutyFixture;

interface SigningVector {
  id: string;
  body: string;
  header: string | null;
  valid: boolean;
}
const signed = fixtureJson('signed-priority-updated.json') as { secret: string; vectors: SigningVector[]; expected: unknown };
const vector = (suffix: string): SigningVector => {
  const found = signed.vectors.find((v) => v.id.endsWith(suffix));
  assert.ok(found, `vector ${suffix}`);
  return found;
};
const VALID = vector('-valid');
const VALID_BODY = Buffer.from(VALID.body, 'utf8');
const sign = (body: Buffer, secret: string): string => pagerDutySignature(body, secret);

const parse = (body: unknown): ParseOutcome => parsePagerDutyDelivery(Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8'), {});

/** A valid incident.triggered delivery whose event or data fields a test then changes. */
function triggered(event: Record<string, unknown> = {}, data: Record<string, unknown> = {}): unknown {
  const base = pagerDutyFixture('incident.triggered.json');
  return { event: { ...base.event, data: { ...base.event.data, ...data }, ...event } };
}

function reasonOf(outcome: ParseOutcome): string {
  assert.equal(outcome.ok, false, 'expected a parse failure');
  return outcome.ok ? '' : outcome.reason;
}

function signalOf(outcome: ParseOutcome) {
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
  const signal = outcome.delivery.signals[0];
  assert.ok(signal, 'expected one signal');
  return signal;
}

describe('PagerDuty fixtures', () => {
  const payloads = readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json') && !f.startsWith('signed-'))
    .sort();

  test('cover every handled event type and one ignored type', () => {
    const handled = ['triggered', 'acknowledged', 'unacknowledged', 'resolved', 'reopened', 'escalated', 'priority_updated', 'reassigned', 'annotated'];
    assert.deepEqual(payloads, [...handled.map((t) => `incident.${t}.json`), 'service.updated.json'].sort());
  });

  for (const file of payloads) {
    test(`${file} parses to ${file.replace(/\.json$/, '.expected.json')}`, () => {
      const expected = fixtureJson(file.replace(/\.json$/, '.expected.json'));
      assert.deepEqual(parsePagerDutyDelivery(fixtureBytes(file), {}), { ok: true, delivery: expected });
    });
  }

  test('the signed go-pagerduty body parses to its expected delivery', () => {
    assert.deepEqual(parsePagerDutyDelivery(VALID_BODY, {}), { ok: true, delivery: signed.expected });
  });
});

describe('pagerDutySignature', () => {
  test('signs the go-pagerduty body exactly as PagerDuty did (the header of its valid vector)', () => {
    assert.equal(pagerDutySignature(VALID.body, signed.secret), VALID.header);
    assert.equal(pagerDutySignature(VALID_BODY, signed.secret), VALID.header, 'bytes or text, the same signature');
  });

  test('one v1 entry per secret, comma-separated, each verified with its own secret', () => {
    const header = pagerDutySignature(VALID_BODY, 'the-new-secret', signed.secret);
    assert.equal(header.split(',').length, 2);
    assert.equal(verifyPagerDutySignature(VALID_BODY, header, ['the-new-secret']), true);
    assert.equal(verifyPagerDutySignature(VALID_BODY, header, [signed.secret]), true);
  });
});

describe('verifyPagerDutySignature', () => {
  for (const v of signed.vectors) {
    test(`go-pagerduty vector ${v.id} is ${v.valid ? 'valid' : 'refused'}`, () => {
      assert.equal(verifyPagerDutySignature(Buffer.from(v.body, 'utf8'), v.header ?? undefined, [signed.secret]), v.valid);
    });
  }

  test('one matching signature among several is enough (secret rotation on PagerDuty side)', () => {
    const other = sign(VALID_BODY, 'the-new-secret');
    assert.equal(verifyPagerDutySignature(VALID_BODY, `${other},${VALID.header ?? ''}`, [signed.secret]), true);
    assert.equal(verifyPagerDutySignature(VALID_BODY, `${VALID.header ?? ''}, ${other}`, [signed.secret]), true);
    assert.equal(verifyPagerDutySignature(VALID_BODY, `${other},${vector('-mismatch').header ?? ''}`, [signed.secret]), false);
  });

  test('any configured secret may match (secret rotation on Warroom side)', () => {
    assert.equal(verifyPagerDutySignature(VALID_BODY, VALID.header ?? undefined, ['an-old-secret', signed.secret]), true);
    assert.equal(verifyPagerDutySignature(VALID_BODY, VALID.header ?? undefined, [signed.secret, 'a-new-secret']), true);
    assert.equal(verifyPagerDutySignature(VALID_BODY, VALID.header ?? undefined, ['an-old-secret', 'a-new-secret']), false);
  });

  test('no secrets, or only empty ones, refuse everything', () => {
    assert.equal(verifyPagerDutySignature(VALID_BODY, VALID.header ?? undefined, []), false);
    assert.equal(verifyPagerDutySignature(VALID_BODY, sign(VALID_BODY, ''), ['']), false);
  });

  test('hex digits are accepted in either case (they decode to the same bytes)', () => {
    const upper = `v1=${(VALID.header ?? '').slice(3).toUpperCase()}`;
    assert.equal(verifyPagerDutySignature(VALID_BODY, upper, [signed.secret]), true);
  });

  test('a changed body is refused', () => {
    const tampered = Buffer.from(VALID.body.replace('"P1"', '"P5"'), 'utf8');
    assert.equal(verifyPagerDutySignature(tampered, VALID.header ?? undefined, [signed.secret]), false);
  });

  test('non-v1 entries are ignored', () => {
    const hex = (VALID.header ?? '').slice(3);
    assert.equal(verifyPagerDutySignature(VALID_BODY, `v0=${hex}`, [signed.secret]), false);
    assert.equal(verifyPagerDutySignature(VALID_BODY, `v2=${hex}`, [signed.secret]), false);
    assert.equal(verifyPagerDutySignature(VALID_BODY, `v2=abc,v1=${hex}`, [signed.secret]), true);
  });

  test('garbage headers are refused without throwing', () => {
    const hex = (VALID.header ?? '').slice(3);
    for (const header of ['', 'garbage', 'v1=', 'v1', '=', ',,,', `v1=${hex.slice(0, 62)}`, `v1=${hex}00`, `v1=${hex.slice(0, 63)}g`, `v1 = ${hex}`, `V1=${hex}`, `v1=${'\u00e9'.repeat(64)}`, 'v1=' + 'a'.repeat(10_000)]) {
      assert.equal(verifyPagerDutySignature(VALID_BODY, header, [signed.secret]), false, JSON.stringify(header.slice(0, 80)));
    }
  });

  test('a header given as an array is read as one comma-separated list', () => {
    assert.equal(verifyPagerDutySignature(VALID_BODY, ['v1=' + '0'.repeat(64), VALID.header ?? ''], [signed.secret]), true);
    assert.equal(verifyPagerDutySignature(VALID_BODY, [], [signed.secret]), false);
  });
});

describe('createPagerDutyWebhookSource', () => {
  const source = createPagerDutyWebhookSource({ secrets: [signed.secret] });

  test('is the pagerduty source with a 1 MiB body limit', () => {
    assert.equal(source.provider, 'pagerduty');
    assert.equal(source.bodyLimitBytes, 1024 * 1024);
  });

  test('authenticates with the lower-cased x-pagerduty-signature header', () => {
    assert.equal(source.authenticate({ 'x-pagerduty-signature': VALID.header ?? undefined }, VALID_BODY), true);
    assert.equal(source.authenticate({ 'x-pagerduty-signature': vector('-mismatch').header ?? undefined }, VALID_BODY), false);
    assert.equal(source.authenticate({}, VALID_BODY), false);
    assert.equal(source.authenticate({ 'x-pagerduty-signature': VALID.header ?? undefined }, Buffer.alloc(0)), false);
  });

  test('before the body is read, admits only a well-formed v1 signature header', () => {
    assert.equal(source.authenticateHeaders({ 'x-pagerduty-signature': VALID.header ?? undefined }), true);
    // A well-formed signature that does not match is only found out once the body is read.
    assert.equal(source.authenticateHeaders({ 'x-pagerduty-signature': vector('-mismatch').header ?? undefined }), true);
    assert.equal(source.authenticateHeaders({}), false);
    assert.equal(source.authenticateHeaders({ 'x-pagerduty-signature': 'v1=not-hex' }), false);
    assert.equal(source.authenticateHeaders({ 'x-pagerduty-signature': `v0=${'a'.repeat(64)}` }), false);
    assert.equal(createPagerDutyWebhookSource({ secrets: [] }).authenticateHeaders({ 'x-pagerduty-signature': VALID.header ?? undefined }), false);
  });

  test('parses with parsePagerDutyDelivery', () => {
    assert.deepEqual(source.parse(VALID_BODY, {}), { ok: true, delivery: signed.expected });
  });

  test('without secrets, refuses even a correctly signed body', () => {
    const off = createPagerDutyWebhookSource({ secrets: [] });
    assert.equal(off.authenticate({ 'x-pagerduty-signature': VALID.header ?? undefined }, VALID_BODY), false);
  });
});

describe('parsePagerDutyDelivery', () => {
  test('other event types are stored and ignored', () => {
    for (const eventType of ['incident.responder.added', 'incident.delegated', 'incident.status_update_published', 'pagey.ping', '__proto__', 'constructor', 'toString']) {
      assert.deepEqual(parse({ event: { id: 'EV1', event_type: eventType, data: { type: 'ping' } } }), {
        ok: true,
        delivery: { deliveryId: 'EV1', eventType, signals: [] },
      });
    }
    assert.deepEqual(parse({ event: { id: 'EV2', event_type: 'service.deleted' } }), { ok: true, delivery: { deliveryId: 'EV2', eventType: 'service.deleted', signals: [] } });
  });

  test('malformed JSON is a reason, not an exception', () => {
    assert.match(reasonOf(parse('{"event":')), /not valid JSON/);
    assert.match(reasonOf(parse('')), /empty/);
    assert.match(reasonOf(parse('   ')), /empty/);
  });

  test('missing fields are named', () => {
    const cases: [unknown, string][] = [
      [[], 'the body must be a JSON object'],
      [null, 'the body must be a JSON object'],
      ['"text"', 'the body must be a JSON object'],
      [{}, 'event is missing'],
      [{ event: 'x' }, 'event must be an object'],
      [{ event: { event_type: 'incident.triggered' } }, 'event.id is missing'],
      [{ event: { id: '', event_type: 'incident.triggered' } }, 'event.id is empty'],
      [{ event: { id: 5, event_type: 'incident.triggered' } }, 'event.id must be a string'],
      [{ event: { id: 'E1' } }, 'event.event_type is missing'],
      [triggered({ occurred_at: undefined }), 'event.occurred_at is missing'],
      [triggered({ occurred_at: 'yesterday' }), 'event.occurred_at is not a valid timestamp'],
      [triggered({ data: undefined }), 'event.data is missing'],
      [triggered({}, { id: undefined }), 'event.data.id is missing'],
      [triggered({}, { id: null }), 'event.data.id is missing'],
      [triggered({}, { id: '\u0000' }), 'event.data.id is empty'],
      [triggered({}, { title: undefined }), 'event.data.title is missing'],
      [triggered({}, { type: 'service' }), 'event.data.type must be "incident"'],
      [triggered({}, { service: { summary: 'no id' } }), 'event.data.service.id is missing'],
      [{ event: { id: 'E1', event_type: 'incident.annotated', occurred_at: '2021-03-02T13:35:11.682Z', data: { incident: { id: 'P1' } } } }, 'event.data.content is missing'],
      [{ event: { id: 'E1', event_type: 'incident.annotated', occurred_at: '2021-03-02T13:35:11.682Z', data: { content: 'x' } } }, 'event.data.incident is missing'],
    ];
    for (const [body, reason] of cases) assert.equal(reasonOf(parse(body)), reason, JSON.stringify(body)?.slice(0, 120));
  });

  test('the priority is the priority summary, else the urgency, else null', () => {
    assert.equal(signalOf(parse(triggered({}, { priority: { summary: 'P3' }, urgency: 'low' }))).priority, 'P3');
    assert.equal(signalOf(parse(triggered({}, { priority: { summary: null }, urgency: 'low' }))).priority, 'low');
    assert.equal(signalOf(parse(triggered({}, { priority: null, urgency: undefined }))).priority, null);
  });

  test('service, link and data.type are optional', () => {
    const signal = signalOf(parse(triggered({}, { service: null, html_url: undefined, type: undefined })));
    assert.equal(signal.serviceHints.pagerdutyServiceId, null);
    assert.deepEqual(signal.links, []);
  });

  test('only web links are kept', () => {
    assert.deepEqual(signalOf(parse(triggered({}, { html_url: 'javascript:alert(1)' }))).links, []);
    assert.deepEqual(signalOf(parse(triggered({}, { html_url: 'https://x.test/a b' }))).links, []);
  });

  test('occurred_at is normalised to ISO 8601 UTC', () => {
    assert.equal(signalOf(parse(triggered({ occurred_at: '2021-06-04T15:35:29.781+02:00' }))).occurredAt, '2021-06-04T13:35:29.781Z');
  });

  test('NUL characters are stripped from every string', () => {
    const outcome = parse(
      triggered(
        { id: 'EV\u00001', event_type: 'incident.triggered' },
        { id: 'PF\u0000QZ', title: 'Dis\u0000k full', priority: { summary: 'P\u00001' }, service: { id: 'PA2\u0000P440' }, html_url: 'https://pig208.pagerduty.com/incidents/\u0000PFQZ' },
      ),
    );
    assert.ok(outcome.ok);
    assert.equal(JSON.stringify(outcome).includes('\\u0000'), false);
    assert.equal(outcome.delivery.deliveryId, 'EV1');
    const signal = signalOf(outcome);
    assert.equal(signal.groupingKey, 'PFQZ');
    assert.equal(signal.title, 'Disk full');
    assert.equal(signal.priority, 'P1');
    assert.equal(signal.serviceHints.pagerdutyServiceId, 'PA2P440');
    assert.deepEqual(signal.links, ['https://pig208.pagerduty.com/incidents/PFQZ']);
  });

  test('titles are one line of at most 500 characters; an empty title falls back to the incident id', () => {
    assert.equal(signalOf(parse(triggered({}, { title: '  Disk\nfull\ton   db-1  ' }))).title, 'Disk full on db-1');
    assert.equal(signalOf(parse(triggered({}, { title: 'x'.repeat(5000) }))).title, 'x'.repeat(500));
    assert.equal(Array.from(signalOf(parse(triggered({}, { title: '🔥'.repeat(600) }))).title).length, 500);
    assert.equal(signalOf(parse(triggered({}, { title: ' \u0000 ' }))).title, 'PFQZPSY');
  });

  test('annotation notes keep their lines, lose NUL and are bounded', () => {
    const annotated = pagerDutyFixture('incident.annotated.json');
    annotated.event.data.content = 'line one\r\nline\u0000 two';
    assert.equal(signalOf(parse(annotated)).note, 'line one\nline two');
    annotated.event.data.content = 'n'.repeat(30_000);
    assert.equal(signalOf(parse(annotated)).note?.length, 4000);
  });
});

describe('hostile bodies never throw', () => {
  const bodies: [string, Buffer][] = [
    ['100 000 nested arrays', Buffer.from('['.repeat(100_000))],
    ['100 000 nested objects', Buffer.from('{"a":'.repeat(100_000))],
    ['deep nesting inside data', Buffer.from(`{"event":{"id":"E","event_type":"incident.triggered","data":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`)],
    ['a 50 000-element array', Buffer.from(JSON.stringify(Array.from({ length: 50_000 }, (_, i) => i)))],
    ['a 50 000-element array as data', Buffer.from(JSON.stringify({ event: { id: 'E', event_type: 'incident.triggered', occurred_at: '2021-06-04T13:35:29.781Z', data: Array.from({ length: 50_000 }, () => ({})) } }))],
    ['invalid UTF-8', Buffer.concat([Buffer.from('{"event":{"id":"E\xff'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('","event_type":"x"}}')])],
    ['binary noise', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))],
    ['__proto__ keys', Buffer.from('{"__proto__":{"polluted":1},"event":{"__proto__":{"polluted":2},"id":"E","event_type":"incident.triggered","occurred_at":"2021-06-04T13:35:29.781Z","data":{"__proto__":{"polluted":3},"id":"P","title":"t","constructor":{"prototype":{"polluted":4}}}}}')],
    ['prototype keys everywhere', Buffer.from('{"constructor":{"prototype":{"polluted":5}},"event":{"id":"E","event_type":"constructor","data":{"prototype":{}}}}')],
  ];
  for (const [name, body] of bodies) {
    test(name, () => {
      const outcome = parsePagerDutyDelivery(body, {});
      assert.equal(typeof outcome.ok, 'boolean');
      assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
      assert.equal(Object.hasOwn(Object.prototype, 'polluted'), false);
      assert.equal(verifyPagerDutySignature(body, VALID.header ?? undefined, [signed.secret]), false);
    });
  }

  test('invalid UTF-8 in a title becomes U+FFFD', () => {
    const [before, after] = JSON.stringify(triggered({}, { title: 'Disk@@full' })).split('@@');
    const body = Buffer.concat([Buffer.from(before ?? ''), Buffer.from([0xff, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from(after ?? '')]);
    const title = signalOf(parsePagerDutyDelivery(body, {})).title;
    assert.ok(title.startsWith('Disk\uFFFD'), title);
    assert.ok(title.endsWith('full'), title);
  });

  test('__proto__ keys parse as plain data', () => {
    const outcome = parsePagerDutyDelivery(bodies.find(([n]) => n === '__proto__ keys')?.[1] ?? Buffer.alloc(0), {});
    assert.equal(signalOf(outcome).groupingKey, 'P');
  });
});
