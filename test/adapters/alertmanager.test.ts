import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createAlertmanagerWebhookSource } from '../../src/adapters/alertmanager/alertmanager-webhook-source.js';
import { parseAlertmanagerDelivery } from '../../src/adapters/alertmanager/parse.js';
import type { ParsedDelivery, ParseOutcome } from '../../src/app/ports/webhooks.js';
import type { AlertSignal } from '../../src/core/alert.js';

const FIXTURES = new URL('../fixtures/alertmanager/', import.meta.url);
const NOW = new Date('2026-09-27T12:00:00.000Z');

function parse(body: string | Buffer | object): ParseOutcome {
  const raw = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return parseAlertmanagerDelivery(raw, {}, () => NOW);
}

function delivery(body: string | Buffer | object): ParsedDelivery {
  const out = parse(body);
  assert.ok(out.ok, `expected a delivery, got ${JSON.stringify(out).slice(0, 300)}`);
  return out.delivery;
}

function reason(body: string | Buffer | object): string {
  const out = parse(body);
  assert.ok(!out.ok, `expected a reason, got ${JSON.stringify(out).slice(0, 300)}`);
  return out.reason;
}

function alert(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    status: 'firing',
    labels: { alertname: 'HighErrorRate', service: 'checkout', region: 'eu-west-1', severity: 'critical' },
    annotations: { summary: 'Checkout 5xx above 5%' },
    startsAt: '2026-09-27T10:14:30Z',
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus:9090/graph?g0.expr=x',
    fingerprint: '3f1b2c4d5e6f7081',
    ...fields,
  };
}

function payload(alerts: unknown[], fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    receiver: 'warroom',
    status: 'firing',
    alerts,
    groupLabels: { alertname: 'HighErrorRate' },
    commonLabels: { alertname: 'HighErrorRate', service: 'checkout' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    version: '4',
    groupKey: '{}/{service="checkout"}:{alertname="HighErrorRate"}',
    truncatedAlerts: 0,
    ...fields,
  };
}

function one(fields: Record<string, unknown> = {}, envelope: Record<string, unknown> = {}): AlertSignal {
  const { signals } = delivery(payload([alert(fields)], envelope));
  assert.equal(signals.length, 1);
  return signals[0]!;
}

void describe('Alertmanager fixtures', () => {
  const names = readdirSync(FIXTURES)
    .filter((name) => name.endsWith('.json') && !name.endsWith('.expected.json'))
    .sort();

  void test('firing, resolved and mixed groups have fixtures', () => {
    assert.deepEqual(names, ['firing.json', 'mixed.json', 'resolved.json']);
  });

  for (const name of names) {
    void test(`${name} gives its expected delivery`, () => {
      const raw = readFileSync(new URL(name, FIXTURES));
      const expected = JSON.parse(readFileSync(new URL(name.replace(/\.json$/, '.expected.json'), FIXTURES), 'utf8'));
      assert.deepEqual(parseAlertmanagerDelivery(raw, {}, () => NOW), { ok: true, delivery: expected });
    });
  }
});

void describe('envelope', () => {
  void test('version "4" is required', () => {
    assert.match(reason(payload([alert()], { version: '3' })), /^version: unsupported webhook version/);
    assert.match(reason(payload([alert()], { version: 4 })), /^version: /);
    assert.match(reason(payload([alert()], { version: undefined })), /^version: /);
  });

  void test('groupKey, status and alerts are required', () => {
    assert.match(reason(payload([alert()], { groupKey: undefined })), /^groupKey: /);
    assert.match(reason(payload([alert()], { groupKey: '' })), /^groupKey: /);
    assert.match(reason(payload([alert()], { groupKey: 42 })), /^groupKey: /);
    assert.match(reason(payload([alert()], { status: undefined })), /^status: /);
    assert.match(reason(payload([alert()], { alerts: undefined })), /^alerts: /);
    assert.match(reason(payload([alert()], { alerts: { 0: alert() } })), /^alerts: /);
  });

  void test('each alert must be an object whose status is firing or resolved', () => {
    assert.match(reason(payload([alert(), 'nope'])), /^alerts\.1: an object is required/);
    assert.match(reason(payload([alert(), [alert()]])), /^alerts\.1: an object is required/);
    assert.match(reason(payload([alert(), alert(), alert({ status: 'pending' })])), /^alerts\.2\.status: /);
    assert.match(reason(payload([alert({ status: undefined })])), /^alerts\.0\.status: /);
  });

  void test('an empty group is a delivery without signals', () => {
    assert.deepEqual(delivery(payload([], { status: 'resolved' })).signals, []);
  });

  void test('the delivery id is the hash of the exact body: an identical re-send is a duplicate, any change is new', () => {
    const raw = Buffer.from(JSON.stringify(payload([alert()])));
    const id = delivery(raw).deliveryId;
    assert.equal(id, `am:${createHash('sha256').update(raw).digest('hex')}`);
    assert.equal(delivery(Buffer.from(raw)).deliveryId, id);
    assert.notEqual(delivery(JSON.stringify(payload([alert({ status: 'resolved', endsAt: '2026-09-27T10:20:00Z' })]))).deliveryId, id);
    assert.notEqual(delivery(JSON.stringify(payload([alert()]), null, 2)).deliveryId, id);
  });

  void test('eventType is the group status', () => {
    assert.equal(delivery(payload([alert()])).eventType, 'firing');
    assert.equal(delivery(payload([alert({ status: 'resolved' })], { status: 'resolved' })).eventType, 'resolved');
  });
});

void describe('alerts', () => {
  void test('firing → triggered/firing at startsAt; resolved → resolved/resolved at endsAt', () => {
    const f = one();
    assert.deepEqual([f.action, f.status, f.occurredAt], ['triggered', 'firing', '2026-09-27T10:14:30.000Z']);
    const r = one({ status: 'resolved', endsAt: '2026-09-27T10:20:00.123456789+01:00' });
    assert.deepEqual([r.action, r.status, r.occurredAt], ['resolved', 'resolved', '2026-09-27T09:20:00.123Z']);
  });

  void test("Go's zero time, or no time at all, means the time of receipt", () => {
    assert.equal(one({ status: 'resolved', endsAt: '0001-01-01T00:00:00Z' }).occurredAt, NOW.toISOString());
    assert.equal(one({ startsAt: '0001-01-01T00:00:00Z' }).occurredAt, NOW.toISOString());
    assert.equal(one({ startsAt: undefined }).occurredAt, NOW.toISOString());
    assert.equal(one({ startsAt: 'soon' }).occurredAt, NOW.toISOString());
    assert.equal(one({ startsAt: 1790504100 }).occurredAt, NOW.toISOString());
  });

  void test('title: summary, else alertname, else the common alertname, else a generic title', () => {
    assert.equal(one().title, 'Checkout 5xx above 5%');
    assert.equal(one({ annotations: {} }).title, 'HighErrorRate');
    assert.equal(one({ annotations: { summary: '   ' }, labels: { alertname: 'Own' } }).title, 'Own');
    assert.equal(one({ annotations: undefined, labels: {} }).title, 'HighErrorRate');
    assert.equal(one({ annotations: undefined, labels: {} }, { commonLabels: {} }).title, 'Alertmanager alert');
  });

  void test('labels: the alert’s over the common ones, strings only; priority is their severity', () => {
    const s = one(
      { labels: { alertname: 'Own', region: 'eu-west-1', replicas: 3, tier: null, nested: { a: 'b' }, list: ['x'] } },
      { commonLabels: { alertname: 'Common', service: 'checkout', severity: 'page', count: 2 } },
    );
    assert.deepEqual(s.serviceHints, {
      pagerdutyServiceId: null,
      tags: [],
      labels: { alertname: 'Own', service: 'checkout', severity: 'page', region: 'eu-west-1' },
    });
    assert.equal(s.priority, 'page');
    assert.equal(one({ labels: { severity: 'warning' } }, { commonLabels: { severity: 'critical' } }).priority, 'warning');
    assert.equal(one({ labels: {} }, { commonLabels: {} }).priority, null);
    assert.deepEqual(one({ labels: 'severity=critical' }, { commonLabels: ['x'] }).serviceHints.labels, {});
  });

  void test('fingerprint: Alertmanager’s own, else a stable hash of the labels sorted by name', () => {
    assert.equal(one().fingerprint, '3f1b2c4d5e6f7081');
    const a = one({ fingerprint: undefined, labels: { alertname: 'HighErrorRate', region: 'ap-south-1', service: 'checkout' } });
    const b = one({ fingerprint: '', labels: { service: 'checkout', region: 'ap-south-1', alertname: 'HighErrorRate' } });
    const c = one({ fingerprint: 42, labels: { service: 'checkout', region: 'eu-west-1', alertname: 'HighErrorRate' } });
    const expected = createHash('sha256')
      .update('[["alertname","HighErrorRate"],["region","ap-south-1"],["service","checkout"]]')
      .digest('hex')
      .slice(0, 16);
    assert.equal(a.fingerprint, expected);
    assert.equal(b.fingerprint, expected);
    assert.match(c.fingerprint, /^[0-9a-f]{16}$/);
    assert.notEqual(c.fingerprint, expected);
  });

  void test('every alert of a group shares the group key as grouping key; long keys are hashed', () => {
    const d = delivery(payload([alert({ fingerprint: 'a' }), alert({ fingerprint: 'b' })]));
    assert.deepEqual(
      d.signals.map((s) => s.groupingKey),
      ['{}/{service="checkout"}:{alertname="HighErrorRate"}', '{}/{service="checkout"}:{alertname="HighErrorRate"}'],
    );
    assert.match(one({}, { groupKey: `{}:{${'x'.repeat(5000)}}` }).groupingKey, /^sha256:[0-9a-f]{64}$/);
  });

  void test('links: generatorURL then externalURL, http(s) only', () => {
    assert.deepEqual(one().links, ['http://prometheus:9090/graph?g0.expr=x', 'http://alertmanager:9093']);
    assert.deepEqual(one({ generatorURL: '' }).links, ['http://alertmanager:9093']);
    assert.deepEqual(one({ generatorURL: 'javascript:alert(1)' }, { externalURL: 'file:///etc/passwd' }).links, []);
    assert.deepEqual(one({ generatorURL: 7 }, { externalURL: { url: 'http://x' } }).links, []);
  });

  void test('NUL characters are stripped from every string; titles are one line of at most 500 characters', () => {
    const s = one(
      {
        labels: { 'alert\u0000name': 'High\u0000Errors', severity: 'crit\u0000ical' },
        annotations: { summary: 'Checkout\u0000 5xx\nin eu-west-1' },
        fingerprint: 'ab\u0000cd',
        generatorURL: 'http://prometheus:9090/\u0000graph',
      },
      { commonLabels: {}, groupKey: 'g\u0000k', status: 'fir\u0000ing' },
    );
    assert.deepEqual(
      [s.title, s.serviceHints.labels, s.priority, s.fingerprint, s.groupingKey, s.links[0]],
      ['Checkout 5xx in eu-west-1', { alertname: 'HighErrors', severity: 'critical' }, 'critical', 'abcd', 'gk', 'http://prometheus:9090/graph'],
    );
    assert.equal(delivery(payload([], { status: 'fir\u0000ing' })).eventType, 'firing');
    const long = one({ annotations: { summary: 'x'.repeat(10_000) } }).title;
    assert.equal(long.length, 500);
    assert.ok(long.endsWith('…'));
  });
});

void describe('large groups', () => {
  function group(count: number): Buffer {
    const alerts = Array.from({ length: count }, (_, i) => ({
      status: i % 3 === 0 ? 'resolved' : 'firing',
      labels: { alertname: 'NodeDown', instance: `node-${i}:9100`, job: 'node', region: `region-${i % 7}`, severity: 'critical' },
      annotations: { summary: `node-${i} is down`, description: 'The node exporter has not answered for 5 minutes.' },
      startsAt: '2026-09-27T10:00:00.123456789Z',
      endsAt: i % 3 === 0 ? '2026-09-27T10:30:00Z' : '0001-01-01T00:00:00Z',
      generatorURL: `http://prometheus:9090/graph?g0.expr=up%7Binstance%3D%22node-${i}%22%7D+%3D%3D+0&g0.tab=1`,
      fingerprint: i % 2 === 0 ? i.toString(16).padStart(16, '0') : '',
    }));
    return Buffer.from(JSON.stringify(payload(alerts, { commonLabels: { alertname: 'NodeDown', job: 'node', severity: 'critical' } })));
  }

  void test('10 000 alerts in one delivery are parsed', () => {
    const raw = group(10_000);
    const started = performance.now();
    const out = parseAlertmanagerDelivery(raw, {}, () => NOW);
    const elapsed = performance.now() - started;
    console.log(`parsed 10 000 Alertmanager alerts (${(raw.length / 1024 / 1024).toFixed(1)} MiB) in ${elapsed.toFixed(0)} ms`);
    assert.ok(out.ok);
    const { signals } = out.delivery;
    assert.equal(signals.length, 10_000);
    assert.deepEqual([signals[0]!.status, signals[0]!.fingerprint, signals[0]!.occurredAt], ['resolved', '0000000000000000', '2026-09-27T10:30:00.000Z']);
    assert.deepEqual([signals[1]!.status, signals[1]!.occurredAt, signals[1]!.fingerprint.length], ['firing', '2026-09-27T10:00:00.123Z', 16]);
    assert.equal(signals[9_999]!.title, 'node-9999 is down');
    assert.equal(signals[9_999]!.serviceHints.labels['instance'], 'node-9999:9100');
    assert.equal(new Set(signals.map((s) => s.fingerprint)).size, 10_000);
  });

  void test('10 001 alerts are refused with a reason', () => {
    assert.match(reason(group(10_001)), /^alerts: more than 10000 alerts in one delivery$/);
  });
});

void describe('malformed and hostile bodies', () => {
  void test('bodies that are not an Alertmanager JSON object are refused with a reason', () => {
    assert.match(reason('{"version": "4", '), /not valid JSON/);
    assert.match(reason(' '), /empty/);
    for (const body of ['[]', '"text"', '42', 'null']) assert.match(reason(body), /JSON object/, body);
    assert.match(reason({}), /^version: /);
  });

  void test('hostile bodies never throw and never pollute Object.prototype', () => {
    const proto = payload([alert({ labels: { constructor: 'c', polluted: 'no' } })], {
      commonLabels: JSON.parse('{"__proto__": {"polluted": true}}'),
    });
    const bodies: Buffer[] = [
      Buffer.from('['.repeat(100_000)),
      Buffer.from('{"alerts":'.repeat(100_000)),
      Buffer.from(`[${'1,'.repeat(1_000_000)}1]`),
      Buffer.from(JSON.stringify(payload([alert({ labels: Array.from({ length: 100_000 }, (_, i) => i) })]))),
      Buffer.from(JSON.stringify(proto).replace('"labels":{', '"labels":{"__proto__":"label",')),
      Buffer.from('{"__proto__":{"polluted":true},"version":"4","groupKey":"k","status":"firing","alerts":[{"status":"firing","__proto__":{"status":"resolved"}}]}'),
      Buffer.concat([Buffer.from(JSON.stringify(payload([alert()]))), Buffer.from([0xc3, 0x28, 0xff])]),
      Buffer.concat([
        Buffer.from('{"version":"4","groupKey":"k","status":"firing","alerts":[{"status":"firing","annotations":{"summary":"caf'),
        Buffer.from([0xc3, 0x28, 0xff]),
        Buffer.from('"},"labels":{"a\\ud800":"\\udfff"}}]}'),
      ]),
    ];
    for (const body of bodies) assert.doesNotThrow(() => parseAlertmanagerDelivery(body, {}));
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);

    assert.match(reason(bodies[0]!), /nested too deeply|not valid JSON/);
    assert.match(reason(bodies[2]!), /JSON object/);
    assert.deepEqual(delivery(bodies[3]!).signals[0]!.serviceHints.labels, { alertname: 'HighErrorRate', service: 'checkout' });

    const labels = delivery(bodies[4]!).signals[0]!.serviceHints.labels;
    assert.equal(Object.getPrototypeOf(labels), Object.prototype);
    assert.equal(Object.hasOwn(labels, '__proto__'), true, 'a __proto__ label stays a plain label');
    assert.equal(labels['polluted'], 'no');

    const fromProtoAlert = delivery(bodies[5]!).signals[0]!;
    assert.equal(fromProtoAlert.status, 'firing');
    assert.match(reason(bodies[6]!), /not valid JSON/);
    const invalid = delivery(bodies[7]!).signals[0]!;
    assert.equal(invalid.title, 'caf\uFFFD(\uFFFD');
    assert.deepEqual(invalid.serviceHints.labels, { 'a\uFFFD': '\uFFFD' });
  });
});

void describe('createAlertmanagerWebhookSource', () => {
  const source = createAlertmanagerWebhookSource({ token: 'am-t0ken' });

  void test('is the alertmanager source with a 16 MiB body limit, parsing with parseAlertmanagerDelivery', () => {
    assert.equal(source.provider, 'alertmanager');
    assert.equal(source.bodyLimitBytes, 16 * 1024 * 1024);
    const raw = readFileSync(new URL('firing.json', FIXTURES));
    assert.deepEqual(source.parse(raw, {}), parseAlertmanagerDelivery(raw, {}));
  });

  void test('accepts only Authorization: Bearer <token>', () => {
    const body = Buffer.from('{}');
    assert.equal(source.authenticate({}, body), false);
    assert.equal(source.authenticate({ authorization: 'Bearer wrong' }, body), false);
    assert.equal(source.authenticate({ authorization: `Basic ${Buffer.from('alertmanager:am-t0ken').toString('base64')}` }, body), false);
    assert.equal(source.authenticate({ authorization: 'Basic am-t0ken' }, body), false);
    assert.equal(source.authenticate({ authorization: 'am-t0ken' }, body), false);
    assert.equal(source.authenticate({ authorization: 'Bearer am-t0ken' }, body), true);
  });

  void test('checks the token before the body is read, the same way', () => {
    assert.equal(source.authenticateHeaders({ authorization: 'Bearer am-t0ken' }), true);
    assert.equal(source.authenticateHeaders({ authorization: 'Bearer wrong' }), false);
    assert.equal(source.authenticateHeaders({}), false);
    assert.equal(createAlertmanagerWebhookSource({ token: null }).authenticateHeaders({ authorization: 'Bearer am-t0ken' }), false);
  });

  void test('without a configured token nothing is accepted', () => {
    const off = createAlertmanagerWebhookSource({ token: null });
    assert.equal(off.authenticate({ authorization: 'Bearer am-t0ken' }, Buffer.from('{}')), false);
    assert.equal(off.authenticate({}, Buffer.from('{}')), false);
  });
});
