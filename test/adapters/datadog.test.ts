import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createDatadogWebhookSource } from '../../src/adapters/datadog/datadog-webhook-source.js';
import { parseDatadogDelivery } from '../../src/adapters/datadog/parse.js';
import { DATADOG_RECOMMENDED_TEMPLATE } from '../../src/adapters/datadog/recommended-template.js';
import type { ParsedDelivery, ParseOutcome } from '../../src/app/ports/webhooks.js';
import type { AlertSignal } from '../../src/core/alert.js';

const FIXTURES = new URL('../fixtures/datadog/', import.meta.url);
const NOW = new Date('2026-09-27T12:00:00.000Z');

function parse(body: string | Buffer | object): ParseOutcome {
  const raw = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return parseDatadogDelivery(raw, {}, () => NOW);
}

function delivery(body: string | Buffer | object): ParsedDelivery {
  const out = parse(body);
  assert.ok(out.ok, `expected a delivery, got ${JSON.stringify(out)}`);
  return out.delivery;
}

function signal(body: string | Buffer | object): AlertSignal {
  const { signals } = delivery(body);
  assert.equal(signals.length, 1);
  return signals[0]!;
}

function reason(body: string | Buffer | object): string {
  const out = parse(body);
  assert.ok(!out.ok, `expected a reason, got ${JSON.stringify(out)}`);
  return out.reason;
}

/** The recommended template as Datadog renders it, with the given fields changed. */
function recommended(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '7302917734527614302',
    alert_id: '148275309',
    alert_cycle_key: '7302917734527614302',
    alert_transition: 'Triggered',
    alert_priority: 'P2',
    alert_status: 'errors over service:checkout was > 50.0',
    title: '[P2] [Triggered] Checkout 5xx',
    body: '%%%\nCheckout is failing.\n%%%',
    tags: 'env:prod, service:checkout',
    link: 'https://app.datadoghq.com/event/jump_to?event_id=7302917734527614302',
    hostname: 'web-3',
    date: '1790504100000',
    last_updated: '1790504100000',
    org: { id: '415600', name: 'Acme' },
    event_type: 'query_alert_monitor',
    warroom_template: 'v1',
    ...fields,
  };
}

/** Datadog's default template as it renders it. */
function defaultTemplate(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    body: '%%%\n@webhook-warroom\n\n[[Monitor Status](https://app.datadoghq.com/monitors#18692904?)]\n%%%',
    last_updated: '1591216985000',
    event_type: 'metric_alert_monitor',
    title: '[Triggered] Host Cluster Alert',
    date: '1591216985000',
    org: { id: '415600', name: 'Puppet' },
    id: '5485379890863845239',
    ...fields,
  };
}

void describe('Datadog fixtures', () => {
  const names = readdirSync(FIXTURES)
    .filter((name) => name.endsWith('.json') && !name.endsWith('.expected.json'))
    .sort();

  void test('every template and transition has a fixture', () => {
    assert.deepEqual(names, [
      'default.Recovered.json',
      'default.Triggered.json',
      'recommended.NoData.json',
      'recommended.Recovered.json',
      'recommended.Triggered.json',
      'recommended.Warn.json',
    ]);
  });

  for (const name of names) {
    void test(`${name} gives its expected delivery`, () => {
      const raw = readFileSync(new URL(name, FIXTURES));
      const expected = JSON.parse(readFileSync(new URL(name.replace(/\.json$/, '.expected.json'), FIXTURES), 'utf8'));
      assert.deepEqual(parseDatadogDelivery(raw, {}, () => NOW), { ok: true, delivery: expected });
    });
  }

  void test('the Triggered and Recovered of one cycle are two deliveries of one alert', () => {
    const read = (name: string) => delivery(readFileSync(new URL(name, FIXTURES)));
    for (const [a, b] of [
      ['recommended.Triggered.json', 'recommended.Recovered.json'],
      ['default.Triggered.json', 'default.Recovered.json'],
    ] as const) {
      const [triggered, recovered] = [read(a), read(b)];
      assert.notEqual(triggered.deliveryId, recovered.deliveryId);
      assert.equal(triggered.signals[0]!.groupingKey, recovered.signals[0]!.groupingKey);
      assert.equal(triggered.signals[0]!.fingerprint, recovered.signals[0]!.fingerprint);
    }
  });
});

void describe('the recommended template', () => {
  // https://docs.datadoghq.com/integrations/webhooks/#variables
  const DOCUMENTED = new Set(
    '$AGGREG_KEY $ALERT_CYCLE_KEY $ALERT_ID $ALERT_METRIC $ALERT_PRIORITY $ALERT_QUERY $ALERT_SCOPE $ALERT_STATUS $ALERT_TITLE $ALERT_TRANSITION $ALERT_TYPE $DATE $DATE_POSIX $EMAIL $EVENT_MSG $EVENT_TITLE $EVENT_TYPE $HOSTNAME $ID $LAST_UPDATED $LAST_UPDATED_POSIX $LINK $LOGS_SAMPLE $METRIC_NAMESPACE $ORG_ID $ORG_NAME $PRIORITY $SNAPSHOT $TAGS $TEXT_ONLY_MSG $USER $USERNAME'.split(' '),
  );
  const variables = DATADOG_RECOMMENDED_TEMPLATE.match(/\$[A-Z_]+/g) ?? [];

  /** What Datadog does: each `$VAR` replaced by its value, escaped for the JSON string it sits in. */
  function render(values: Readonly<Record<string, string>>): Buffer {
    return Buffer.from(
      DATADOG_RECOMMENDED_TEMPLATE.replace(/\$[A-Z_]+/g, (name) => {
        const value = values[name];
        assert.ok(value !== undefined, `no sample value for ${name}`);
        return JSON.stringify(value).slice(1, -1);
      }),
    );
  }

  const SAMPLE: Record<string, string> = {
    $ID: '7302917734527614302',
    $ALERT_ID: '148275309',
    $ALERT_CYCLE_KEY: '7302917734500000001',
    $ALERT_TRANSITION: 'Re-Triggered',
    $ALERT_PRIORITY: 'P2',
    $ALERT_STATUS: 'trace.http.request.errors over service:checkout was > 50.0 on average during the last 5m.',
    $EVENT_TITLE: '[P2] [Re-Triggered on {host:web-1}] Disk "data" on web-1 is 95% full',
    $EVENT_MSG: '%%%\n@webhook-warroom\nThe "data" volume\tis full: C:\\logs\\app.log\n[[Monitor Status](https://app.datadoghq.com/monitors/148275309)]\n%%%',
    $TAGS: 'env:prod, host:web-1, monitor, service:checkout',
    $LINK: 'https://app.datadoghq.com/event/jump_to?event_id=7302917734527614302',
    $HOSTNAME: 'web-1',
    $DATE: '1790504100000',
    $LAST_UPDATED: '1790504160000',
    $ORG_ID: '415600',
    $ORG_NAME: 'Acme "Ops" Inc.',
    $EVENT_TYPE: 'query_alert_monitor',
  };

  void test('is JSON with the agreed fields and only documented Datadog variables', () => {
    const template = JSON.parse(DATADOG_RECOMMENDED_TEMPLATE);
    assert.deepEqual(template, {
      id: '$ID',
      alert_id: '$ALERT_ID',
      alert_cycle_key: '$ALERT_CYCLE_KEY',
      alert_transition: '$ALERT_TRANSITION',
      alert_priority: '$ALERT_PRIORITY',
      alert_status: '$ALERT_STATUS',
      title: '$EVENT_TITLE',
      body: '$EVENT_MSG',
      tags: '$TAGS',
      link: '$LINK',
      hostname: '$HOSTNAME',
      date: '$DATE',
      last_updated: '$LAST_UPDATED',
      org: { id: '$ORG_ID', name: '$ORG_NAME' },
      event_type: '$EVENT_TYPE',
      warroom_template: 'v1',
    });
    assert.equal(variables.length, 16);
    for (const name of variables) assert.ok(DOCUMENTED.has(name), `${name} is not a documented Datadog variable`);
  });

  void test('rendered by Datadog (quotes, backslashes, tabs and line breaks escaped), it parses', () => {
    const out = parseDatadogDelivery(render(SAMPLE), {}, () => NOW);
    assert.deepEqual(out, {
      ok: true,
      delivery: {
        deliveryId: 'dd:7302917734500000001:Re-Triggered',
        eventType: 'Re-Triggered',
        signals: [
          {
            provider: 'datadog',
            groupingKey: '148275309',
            fingerprint: '148275309:web-1',
            action: 'triggered',
            status: 'firing',
            title: 'Disk "data" on web-1 is 95% full',
            priority: 'P2',
            serviceHints: { pagerdutyServiceId: null, tags: ['env:prod', 'host:web-1', 'monitor', 'service:checkout'], labels: {} },
            links: ['https://app.datadoghq.com/event/jump_to?event_id=7302917734527614302'],
            occurredAt: '2026-09-27T10:16:00.000Z',
            note: null,
          },
        ],
      },
    });
  });

  void test('rendered for a Recovered event without host, priority or tags, it parses', () => {
    const values = { ...SAMPLE, $ALERT_TRANSITION: 'Recovered', $EVENT_TITLE: '[Recovered] Disk full', $ALERT_PRIORITY: '', $HOSTNAME: '', $TAGS: '' };
    const s = signal(render(values));
    assert.deepEqual([s.action, s.status, s.title, s.priority, s.fingerprint, s.serviceHints.tags], ['resolved', 'resolved', 'Disk full', null, '148275309', []]);
  });

  void test('variables Datadog leaves unfilled count as absent', () => {
    const values = Object.fromEntries(variables.map((name) => [name, name]));
    assert.match(reason(render(values)), /no "id"/);
    const d = delivery(render({ ...values, $ID: '42', $EVENT_TITLE: '[Triggered] Something' }));
    assert.equal(d.deliveryId, 'dd:42');
    assert.equal(d.signals[0]!.priority, null);
    assert.deepEqual(d.signals[0]!.links, []);
  });
});

void describe('transitions', () => {
  const table: [string, AlertSignal['action'], AlertSignal['status']][] = [
    ['Triggered', 'triggered', 'firing'],
    ['Re-Triggered', 'triggered', 'firing'],
    ['Warn', 'triggered', 'firing'],
    ['Re-Warn', 'triggered', 'firing'],
    ['No Data', 'triggered', 'firing'],
    ['Re-No Data', 'triggered', 'firing'],
    ['Renotify', 'updated', 'firing'],
    ['Recovered', 'resolved', 'resolved'],
  ];
  for (const [transition, action, status] of table) {
    void test(`${transition} → ${action}/${status} in both templates`, () => {
      const fromField = delivery(recommended({ alert_transition: transition, title: `[${transition}] Checkout 5xx` }));
      const fromTitle = delivery(defaultTemplate({ title: `[${transition}] Checkout 5xx` }));
      for (const d of [fromField, fromTitle]) {
        assert.equal(d.eventType, transition);
        assert.equal(d.signals[0]!.action, action);
        assert.equal(d.signals[0]!.status, status);
        assert.equal(d.signals[0]!.title, 'Checkout 5xx');
      }
    });
  }

  void test('the recommended template reads alert_transition, whatever the title says', () => {
    const s = signal(recommended({ alert_transition: 'recovered', title: '[Triggered] Checkout 5xx' }));
    assert.equal(s.status, 'resolved');
  });

  void test('title prefixes: priority and transition in either order, multi-alert scopes; other brackets stay', () => {
    const cases: [string, string | null, string][] = [
      ['[P1] [Triggered] Checkout 5xx', 'P1', 'Checkout 5xx'],
      ['[Triggered] [p3] Checkout 5xx', 'P3', 'Checkout 5xx'],
      ['[Triggered on {host:web-1,env:prod}] Checkout 5xx', null, 'Checkout 5xx'],
      ['[P2] [Re-Triggered on {host:web-1}] [TEST] Checkout 5xx', 'P2', '[TEST] Checkout 5xx'],
      ['  [No Data]   Checkout   5xx ', null, 'Checkout 5xx'],
    ];
    for (const [title, priority, rest] of cases) {
      const s = signal(defaultTemplate({ title }));
      assert.deepEqual([s.priority, s.title], [priority, rest], title);
    }
  });

  void test('alert_priority wins over the title prefix; anything but P1..P5 falls back to it', () => {
    assert.equal(signal(recommended({ alert_priority: 'p4', title: '[P1] [Triggered] X' })).priority, 'P4');
    assert.equal(signal(recommended({ alert_priority: 'None', title: '[P1] [Triggered] X' })).priority, 'P1');
    assert.equal(signal(recommended({ alert_priority: '', title: '[Triggered] X' })).priority, null);
  });

  void test('an event that is no monitor transition is stored without signals', () => {
    assert.deepEqual(delivery(recommended({ alert_transition: 'Null' })), { deliveryId: 'dd:7302917734527614302:Null', eventType: 'Null', signals: [] });
    assert.deepEqual(delivery(defaultTemplate({ title: 'Deployment finished', event_type: 'api' })), {
      deliveryId: 'dd:5485379890863845239',
      eventType: 'api',
      signals: [],
    });
    assert.deepEqual(delivery({ id: '1' }), { deliveryId: 'dd:1', eventType: 'unknown', signals: [] });
  });

  void test('a title that is only prefixes gets a generic one', () => {
    assert.equal(signal(defaultTemplate({ title: '[P1] [Triggered]', body: '' })).title, 'Datadog alert');
  });
});

void describe('keys', () => {
  void test('the default template groups by the monitor id in the body (# or / form), else by the title', () => {
    assert.equal(signal(defaultTemplate()).groupingKey, '18692904');
    assert.equal(signal(defaultTemplate({ body: 'see https://app.datadoghq.eu/monitors/77/edit' })).groupingKey, '77');
    const byTitle = signal(defaultTemplate({ body: 'no link here', title: '[P1] [Triggered] Disk full on web-1' }));
    assert.deepEqual([byTitle.groupingKey, byTitle.fingerprint, byTitle.links], ['Disk full on web-1', 'Disk full on web-1', []]);
  });

  void test('the recommended template groups by alert_id, else by the monitor id in the body or link', () => {
    assert.equal(signal(recommended()).groupingKey, '148275309');
    assert.equal(signal(recommended({ alert_id: '', body: '[x](https://app.datadoghq.com/monitors#555)' })).groupingKey, '555');
    assert.equal(signal(recommended({ alert_id: '', body: '', link: 'https://app.datadoghq.com/monitors/666' })).groupingKey, '666');
  });

  void test('fingerprint is alert_id plus the host when there is one', () => {
    assert.equal(signal(recommended()).fingerprint, '148275309:web-3');
    assert.equal(signal(recommended({ hostname: '' })).fingerprint, '148275309');
    assert.equal(signal(recommended({ hostname: '$HOSTNAME' })).fingerprint, '148275309');
  });

  void test('notifications repeated within one alert cycle share a delivery id; other transitions and cycles do not', () => {
    const renotify = (id: string, cycle: string) => delivery(recommended({ id, alert_cycle_key: cycle, alert_transition: 'Renotify' })).deliveryId;
    assert.equal(renotify('1', 'c1'), 'dd:c1:Renotify');
    assert.equal(renotify('2', 'c1'), 'dd:c1:Renotify');
    assert.notEqual(renotify('3', 'c2'), 'dd:c1:Renotify');
    assert.equal(delivery(recommended({ alert_cycle_key: 'c1', alert_transition: 'Recovered' })).deliveryId, 'dd:c1:Recovered');
  });

  void test('without a cycle key the delivery id is the event id; ids may arrive as exact JSON numbers', () => {
    assert.equal(delivery(recommended({ alert_cycle_key: '' })).deliveryId, 'dd:7302917734527614302');
    assert.equal(delivery(recommended({ alert_cycle_key: '$ALERT_CYCLE_KEY' })).deliveryId, 'dd:7302917734527614302');
    assert.equal(delivery(defaultTemplate({ id: 12345 })).deliveryId, 'dd:12345');
    // Beyond 2^53: lossless parsing keeps every digit.
    const raw = JSON.stringify(defaultTemplate()).replace('"5485379890863845239"', '5485379890863845239');
    assert.equal(delivery(raw).deliveryId, 'dd:5485379890863845239');
    const s = signal(JSON.stringify(recommended()).replace('"148275309"', '148275309'));
    assert.equal(s.groupingKey, '148275309');
  });

  void test('very long keys are hashed so that they fit a unique index', () => {
    const d = delivery(recommended({ alert_cycle_key: 'k'.repeat(5000), alert_id: 'a'.repeat(5000) }));
    assert.match(d.deliveryId, /^dd:sha256:[0-9a-f]{64}$/);
    assert.match(d.signals[0]!.groupingKey, /^sha256:[0-9a-f]{64}$/);
    assert.match(d.signals[0]!.fingerprint, /^sha256:[0-9a-f]{64}$/);
  });
});

void describe('fields', () => {
  void test('occurredAt from last_updated, then date: epoch ms (string or number), epoch seconds, ISO; else now', () => {
    const at = (fields: Record<string, unknown>) => signal(recommended(fields)).occurredAt;
    assert.equal(at({ last_updated: 1790504100000 }), '2026-09-27T10:15:00.000Z');
    assert.equal(at({ last_updated: '1790504100000' }), '2026-09-27T10:15:00.000Z');
    assert.equal(at({ last_updated: '1790504100' }), '2026-09-27T10:15:00.000Z');
    assert.equal(at({ last_updated: '2026-09-27T12:15:00+02:00' }), '2026-09-27T10:15:00.000Z');
    assert.equal(at({ last_updated: '', date: '1790507700000' }), '2026-09-27T11:15:00.000Z');
    assert.equal(at({ last_updated: 'yesterday', date: '99999999999999999999' }), NOW.toISOString());
    assert.equal(at({ last_updated: '$LAST_UPDATED', date: null }), NOW.toISOString());
  });

  void test('tags are split on commas, trimmed, de-duplicated, empty ones dropped; non-strings ignored', () => {
    assert.deepEqual(signal(recommended({ tags: ' env:prod ,, service:checkout,env:prod , ' })).serviceHints.tags, ['env:prod', 'service:checkout']);
    assert.deepEqual(signal(recommended({ tags: ['service:checkout'] })).serviceHints.tags, []);
    assert.deepEqual(signal(recommended({ tags: { service: 'checkout' } })).serviceHints.tags, []);
  });

  void test('only http(s) links are kept', () => {
    assert.deepEqual(signal(recommended({ link: 'javascript:alert(1)' })).links, []);
    assert.deepEqual(signal(recommended({ link: 'HTTPS://app.datadoghq.com/event/1' })).links, ['HTTPS://app.datadoghq.com/event/1']);
  });

  void test('NUL characters are stripped from every string; titles are one line of at most 500 characters', () => {
    const s = signal(
      recommended({
        title: '[Triggered] Disk\u0000 full\non web-1',
        tags: 'service:check\u0000out',
        hostname: 'web\u0000-1',
        alert_id: '14\u00008',
        link: 'https://example.com/\u0000x',
      }),
    );
    assert.deepEqual([s.title, s.serviceHints.tags, s.fingerprint, s.groupingKey, s.links], [
      'Disk full on web-1',
      ['service:checkout'],
      '148:web-1',
      '148',
      ['https://example.com/x'],
    ]);
    assert.ok(!JSON.stringify(s).includes('\\u0000'));
    const long = signal(recommended({ title: `[Triggered] ${'🔥'.repeat(400)}` })).title;
    assert.ok(long.length <= 500, String(long.length));
    assert.ok(long.endsWith('…'));
    assert.ok(!/\p{Cs}/u.test(long), 'no surrogate pair is cut in half');
  });
});

void describe('malformed and hostile bodies', () => {
  void test('bodies that are not a Datadog JSON object are refused with a reason', () => {
    assert.match(reason('{"id": "1", '), /not valid JSON/);
    assert.match(reason(''), /empty/);
    for (const body of ['[]', '"text"', '42', 'null', 'true']) assert.match(reason(body), /JSON object/, body);
  });

  void test('a payload without an id or cycle key is refused with a reason', () => {
    assert.match(reason({}), /no "id"/);
    assert.match(reason({ title: '[Triggered] Disk full', body: 'monitors#1' }), /no "id"/);
    assert.match(reason({ id: { nested: true }, title: '[Triggered] Disk full' }), /no "id"/);
    assert.match(reason(recommended({ id: '', alert_cycle_key: '' })), /no "id"/);
  });

  void test('hostile bodies never throw and never pollute Object.prototype', () => {
    const bodies: Buffer[] = [
      Buffer.from('['.repeat(100_000)),
      Buffer.from('{"a":'.repeat(100_000)),
      Buffer.from(`[${'1,'.repeat(500_000)}1]`),
      Buffer.from(`[${'{"id":"1","title":"[Triggered] x"},'.repeat(20_000)}{}]`),
      Buffer.from('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"id":"1","title":"[Triggered] x","tags":"__proto__"}'),
      Buffer.from('{"id":"1","title":"[Triggered] x","org":{"__proto__":{"polluted":true}}}'),
      Buffer.concat([Buffer.from('{"id":"1","title":"[Triggered] caf'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('"}')]),
      Buffer.from([0xff, 0xfe, 0x00, 0x7b]),
      Buffer.from('{"id":"1","title":"[Triggered] lone \\ud800 surrogate"}'),
    ];
    for (const body of bodies) {
      assert.doesNotThrow(() => parseDatadogDelivery(body, {}));
    }
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
    assert.match(reason(bodies[0]!), /nested too deeply|not valid JSON/);
    assert.match(reason(bodies[2]!), /JSON object/);
    assert.equal(signal(bodies[6]!).title, 'caf\uFFFD(\uFFFD\uFFFD');
    assert.equal(signal(bodies[8]!).title, 'lone \uFFFD surrogate');
  });
});

void describe('createDatadogWebhookSource', () => {
  const source = createDatadogWebhookSource({ token: 's3cret-token' });

  void test('is the datadog source with a 1 MiB body limit, parsing with parseDatadogDelivery', () => {
    assert.equal(source.provider, 'datadog');
    assert.equal(source.bodyLimitBytes, 1024 * 1024);
    const raw = readFileSync(new URL('default.Triggered.json', FIXTURES));
    assert.deepEqual(source.parse(raw, {}), parseDatadogDelivery(raw, {}));
  });

  void test('accepts only Authorization: Bearer <token>', () => {
    const body = Buffer.from('{}');
    assert.equal(source.authenticate({}, body), false);
    assert.equal(source.authenticate({ authorization: 'Bearer wrong-token' }, body), false);
    assert.equal(source.authenticate({ authorization: 'Bearer s3cret-token-and-more' }, body), false);
    assert.equal(source.authenticate({ authorization: `Basic ${Buffer.from('user:s3cret-token').toString('base64')}` }, body), false);
    assert.equal(source.authenticate({ authorization: 'Basic s3cret-token' }, body), false);
    assert.equal(source.authenticate({ authorization: 's3cret-token' }, body), false);
    assert.equal(source.authenticate({ authorization: ['Bearer s3cret-token'] }, body), false);
    assert.equal(source.authenticate({ authorization: 'Bearer s3cret-token' }, body), true);
    assert.equal(source.authenticate({ authorization: 'bearer s3cret-token' }, body), true);
  });

  void test('without a configured token nothing is accepted', () => {
    const off = createDatadogWebhookSource({ token: null });
    assert.equal(off.authenticate({ authorization: 'Bearer null' }, Buffer.from('{}')), false);
    assert.equal(off.authenticate({ authorization: 'Bearer ' }, Buffer.from('{}')), false);
  });
});
