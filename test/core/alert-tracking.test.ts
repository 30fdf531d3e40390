import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlertProvider, AlertSignal, AlertStatus, SignalAction } from '../../src/core/alert.js';
import { alertTimelineEvents, PROVIDER_NAMES, trackAlerts, trackDeliveries, type AlertChange, type TrackedAlert } from '../../src/core/alert-tracking.js';

const AT = new Date('2026-11-23T10:00:00.000Z');
const NONE: ReadonlyMap<string, TrackedAlert> = new Map();

function signal(o: { fingerprint?: string; action?: SignalAction; status: AlertStatus | null; title?: string; note?: string | null; provider?: AlertProvider; priority?: string | null }): AlertSignal {
  return {
    provider: o.provider ?? 'pagerduty',
    groupingKey: 'key-1',
    fingerprint: o.fingerprint ?? 'fp-1',
    action: o.action ?? 'triggered',
    status: o.status,
    title: o.title ?? 'Checkout 5xx',
    priority: o.priority ?? null,
    serviceHints: { pagerdutyServiceId: null, tags: [], labels: {} },
    links: [],
    occurredAt: AT.toISOString(),
    note: o.note ?? null,
  };
}

const firing = (fingerprint = 'fp-1', title = 'Checkout 5xx') => signal({ fingerprint, title, action: 'triggered', status: 'firing' });
const acked = (fingerprint = 'fp-1') => signal({ fingerprint, action: 'acknowledged', status: 'acknowledged' });
const resolved = (fingerprint = 'fp-1') => signal({ fingerprint, action: 'resolved', status: 'resolved' });
const tracked = (entries: [string, AlertStatus][]): Map<string, TrackedAlert> => new Map(entries.map(([fingerprint, status]) => [fingerprint, { fingerprint, status }]));

function change(o: Partial<AlertChange> & Pick<AlertChange, 'from' | 'to'>): AlertChange {
  return { fingerprint: 'fp-1', title: 'Checkout 5xx', action: 'triggered', note: null, ...o };
}

describe('trackAlerts', () => {
  test('a new firing alert: from null to firing', () => {
    const s = firing();
    const result = trackAlerts(NONE, [s]);
    assert.deepEqual(result.changes, [{ fingerprint: 'fp-1', title: 'Checkout 5xx', action: 'triggered', from: null, to: 'firing', note: null }]);
    assert.deepEqual([...result.alerts], [['fp-1', { status: 'firing', signal: s, seen: 1 }]]);
  });

  test('a repeat of an alert already firing changes nothing (a storm is no news)', () => {
    const result = trackAlerts(tracked([['fp-1', 'firing']]), [firing()]);
    assert.deepEqual(result.changes, []);
    assert.equal(result.alerts.get('fp-1')?.status, 'firing');
    assert.equal(result.alerts.get('fp-1')?.seen, 1, 'the repeat is still counted');
  });

  test('firing → acknowledged → resolved, one signal at a time against the stored state', () => {
    const ack = trackAlerts(tracked([['fp-1', 'firing']]), [acked()]);
    assert.deepEqual(ack.changes.map((c) => [c.action, c.from, c.to]), [['acknowledged', 'firing', 'acknowledged']]);
    assert.equal(ack.alerts.get('fp-1')?.status, 'acknowledged');

    const res = trackAlerts(tracked([['fp-1', 'acknowledged']]), [resolved()]);
    assert.deepEqual(res.changes.map((c) => [c.action, c.from, c.to]), [['resolved', 'acknowledged', 'resolved']]);
    assert.equal(res.alerts.get('fp-1')?.status, 'resolved');
  });

  test('firing → acknowledged → resolved within one delivery: each step is a change', () => {
    const result = trackAlerts(NONE, [firing(), acked(), resolved()]);
    assert.deepEqual(
      result.changes.map((c) => [c.from, c.to]),
      [
        [null, 'firing'],
        ['firing', 'acknowledged'],
        ['acknowledged', 'resolved'],
      ],
    );
    assert.equal(result.alerts.get('fp-1')?.status, 'resolved');
  });

  test('a resolved alert that fires again changes from resolved to firing', () => {
    const reopened = signal({ action: 'reopened', status: 'firing' });
    const result = trackAlerts(tracked([['fp-1', 'resolved']]), [reopened]);
    assert.deepEqual(result.changes, [{ fingerprint: 'fp-1', title: 'Checkout 5xx', action: 'reopened', from: 'resolved', to: 'firing', note: null }]);
    assert.equal(result.alerts.get('fp-1')?.status, 'firing');
  });

  test('a signal with status null keeps the previous status', () => {
    for (const before of ['firing', 'acknowledged', 'resolved'] as const) {
      const result = trackAlerts(tracked([['fp-1', before]]), [signal({ action: 'updated', status: null })]);
      assert.equal(result.alerts.get('fp-1')?.status, before, `stays ${before}`);
      assert.deepEqual(result.changes, [], `a plain update of a ${before} alert is no change`);
    }
    // Within one delivery, the status a previous signal set is the one kept.
    const inDelivery = trackAlerts(NONE, [acked(), signal({ action: 'updated', status: null })]);
    assert.equal(inDelivery.alerts.get('fp-1')?.status, 'acknowledged');
  });

  test('a note is a change even when the status stays', () => {
    const note = signal({ action: 'annotated', status: null, note: 'Rolled back deploy 42' });
    const result = trackAlerts(tracked([['fp-1', 'acknowledged']]), [note]);
    assert.deepEqual(result.changes, [{ fingerprint: 'fp-1', title: 'Checkout 5xx', action: 'annotated', from: 'acknowledged', to: 'acknowledged', note: 'Rolled back deploy 42' }]);
    assert.equal(result.alerts.get('fp-1')?.status, 'acknowledged');
  });

  test('escalated, priority_updated and reassigned are changes even when the status stays', () => {
    for (const action of ['escalated', 'priority_updated', 'reassigned'] as const) {
      const result = trackAlerts(tracked([['fp-1', 'firing']]), [signal({ action, status: null })]);
      assert.deepEqual(result.changes, [{ fingerprint: 'fp-1', title: 'Checkout 5xx', action, from: 'firing', to: 'firing', note: null }], action);
    }
    // Other actions that leave the status as it was are not news.
    for (const action of ['updated', 'triggered'] as const) {
      assert.deepEqual(trackAlerts(tracked([['fp-1', 'firing']]), [signal({ action, status: action === 'triggered' ? 'firing' : null })]).changes, [], action);
    }
  });

  test('several signals for one fingerprint in one delivery: the last one wins and seen counts them all', () => {
    const last = signal({ action: 'acknowledged', status: 'acknowledged', title: 'Checkout 5xx (renamed)', priority: 'P1' });
    const result = trackAlerts(NONE, [firing(), firing(), firing(), last]);
    const entry = result.alerts.get('fp-1');
    assert.ok(entry);
    assert.equal(entry.status, 'acknowledged');
    assert.equal(entry.signal, last, 'the final signal is kept');
    assert.equal(entry.seen, 4);
    assert.equal(result.alerts.size, 1);
    assert.deepEqual(result.changes.map((c) => [c.from, c.to]), [[null, 'firing'], ['firing', 'acknowledged']], 'the two repeats are no change');
  });

  test('seen is per fingerprint; each alert keeps its own status', () => {
    const result = trackAlerts(NONE, [firing('a'), firing('b'), firing('a'), resolved('b'), firing('c')]);
    assert.deepEqual(
      [...result.alerts].map(([fp, e]) => [fp, e.status, e.seen]),
      [
        ['a', 'firing', 2],
        ['b', 'resolved', 2],
        ['c', 'firing', 1],
      ],
    );
  });

  test('the existing alerts map is respected, and only for the fingerprints it holds', () => {
    const existing = tracked([
      ['known-firing', 'firing'],
      ['known-acked', 'acknowledged'],
      ['known-resolved', 'resolved'],
      ['untouched', 'firing'],
    ]);
    const result = trackAlerts(existing, [firing('known-firing'), firing('known-acked'), resolved('known-resolved'), firing('new')]);
    assert.deepEqual(
      result.changes.map((c) => [c.fingerprint, c.from, c.to]),
      [
        ['known-acked', 'acknowledged', 'firing'],
        ['new', null, 'firing'],
      ],
    );
    assert.deepEqual([...result.alerts.keys()], ['known-firing', 'known-acked', 'known-resolved', 'new'], 'only alerts the signals touched');
    assert.equal(existing.get('known-acked')?.status, 'acknowledged', 'the input map is not changed');
  });

  test('no signals: nothing', () => {
    const result = trackAlerts(tracked([['fp-1', 'firing']]), []);
    assert.equal(result.alerts.size, 0);
    assert.deepEqual(result.changes, []);
  });
});

describe('alertTimelineEvents', () => {
  test('10 000 alerts firing at once are exactly one alert_received event', () => {
    const signals = Array.from({ length: 10_000 }, (_, i) => firing(`fp-${i}`, `Disk full on node-${i % 5}`));
    const { changes } = trackAlerts(NONE, signals);
    assert.equal(changes.length, 10_000);
    const events = alertTimelineEvents('alertmanager', 'am:abc', changes, AT);
    assert.equal(events.length, 1);
    const [event] = events;
    assert.ok(event);
    assert.equal(event.kind, 'alert_received');
    assert.equal(event.actor, 'alertmanager');
    assert.equal(event.at, AT);
    assert.equal(event.data.count, 10_000);
    assert.equal(event.data.provider, 'alertmanager');
    assert.equal(event.data.deliveryId, 'am:abc');
    const fingerprints = event.data.fingerprints as string[];
    assert.ok(Array.isArray(fingerprints));
    assert.ok(fingerprints.length <= 20, `at most 20 fingerprints kept, got ${fingerprints.length}`);
    assert.deepEqual(fingerprints, Array.from({ length: fingerprints.length }, (_, i) => `fp-${i}`));
    assert.ok(JSON.stringify(event.data).length < 2_000, 'the event data stays small');
    assert.match(event.text, /^Alertmanager: 10000 alerts firing/);
    assert.ok(event.text.length < 300, 'the text stays one short line');
  });

  test('many changes of several kinds: one event per kind', () => {
    const changes = [
      change({ fingerprint: 'a', from: null, to: 'firing' }),
      change({ fingerprint: 'b', from: null, to: 'firing' }),
      change({ fingerprint: 'c', action: 'resolved', from: 'firing', to: 'resolved' }),
      change({ fingerprint: 'd', action: 'resolved', from: 'acknowledged', to: 'resolved' }),
      change({ fingerprint: 'e', action: 'acknowledged', from: 'firing', to: 'acknowledged' }),
      change({ fingerprint: 'f', action: 'escalated', from: 'firing', to: 'firing' }),
      change({ fingerprint: 'g', action: 'reassigned', from: 'acknowledged', to: 'acknowledged' }),
    ];
    const events = alertTimelineEvents('alertmanager', 'd-1', changes, AT);
    const byKind = Object.fromEntries(events.map((e) => [e.kind, e.data]));
    assert.deepEqual(events.map((e) => e.kind).sort(), ['alert_acknowledged', 'alert_received', 'alert_resolved', 'alert_updated']);
    assert.deepEqual(byKind.alert_received?.fingerprints, ['a', 'b']);
    assert.deepEqual(byKind.alert_resolved?.fingerprints, ['c', 'd']);
    assert.deepEqual(byKind.alert_acknowledged?.fingerprints, ['e']);
    assert.deepEqual(byKind.alert_updated?.fingerprints, ['f', 'g']);
    assert.deepEqual(byKind.alert_updated?.actions, ['escalated', 'reassigned']);
    assert.equal(byKind.alert_resolved?.count, 2);
  });

  test('a single alert: `<Provider>: <title> (<action>)`', () => {
    const events = alertTimelineEvents('pagerduty', 'EV-1', [change({ from: null, to: 'firing' })], AT);
    assert.equal(events.length, 1);
    assert.equal(events[0]?.text, 'PagerDuty: Checkout 5xx (triggered)');
    assert.equal(events[0]?.kind, 'alert_received');
    assert.deepEqual(events[0]?.data, { provider: 'pagerduty', deliveryId: 'EV-1', count: 1, fingerprints: ['fp-1'], actions: ['triggered'] });
  });

  test('an action with an underscore reads as words', () => {
    const [event] = alertTimelineEvents('pagerduty', 'EV-2', [change({ action: 'priority_updated', from: 'firing', to: 'firing' })], AT);
    assert.equal(event?.text, 'PagerDuty: Checkout 5xx (priority updated)');
    assert.equal(event?.kind, 'alert_updated');
  });

  test('resolved, acknowledged and same-status changes have their own kinds', () => {
    const kind = (c: AlertChange) => alertTimelineEvents('opsgenie', 'x', [c], AT).map((e) => e.kind);
    assert.deepEqual(kind(change({ action: 'resolved', from: 'firing', to: 'resolved' })), ['alert_resolved']);
    assert.deepEqual(kind(change({ action: 'resolved', from: null, to: 'resolved' })), ['alert_resolved']);
    assert.deepEqual(kind(change({ action: 'acknowledged', from: 'firing', to: 'acknowledged' })), ['alert_acknowledged']);
    assert.deepEqual(kind(change({ action: 'escalated', from: 'acknowledged', to: 'acknowledged' })), ['alert_updated']);
    assert.deepEqual(kind(change({ action: 'unacknowledged', from: 'acknowledged', to: 'firing' })), ['alert_received']);
    assert.deepEqual(kind(change({ action: 'reopened', from: 'resolved', to: 'firing' })), ['alert_received']);
  });

  test('notes: one event per note, each with its own text', () => {
    const changes = [
      change({ fingerprint: 'a', title: 'DB lag', action: 'annotated', from: 'firing', to: 'firing', note: 'Failover started' }),
      change({ fingerprint: 'a', title: 'DB lag', action: 'annotated', from: 'firing', to: 'firing', note: 'Failover done' }),
      change({ fingerprint: 'b', title: 'Queue depth', action: 'annotated', from: 'acknowledged', to: 'acknowledged', note: 'Scaling consumers' }),
    ];
    const events = alertTimelineEvents('opsgenie', 'og-1', changes, AT);
    assert.equal(events.length, 3);
    assert.deepEqual(
      events.map((e) => [e.kind, e.text, e.actor]),
      [
        ['note_added', 'Opsgenie note on DB lag: Failover started', 'opsgenie'],
        ['note_added', 'Opsgenie note on DB lag: Failover done', 'opsgenie'],
        ['note_added', 'Opsgenie note on Queue depth: Scaling consumers', 'opsgenie'],
      ],
    );
    assert.deepEqual(events[2]?.data, { provider: 'opsgenie', deliveryId: 'og-1', fingerprint: 'b' });
  });

  test('notes and grouped changes in one delivery', () => {
    const changes = [
      change({ fingerprint: 'a', from: null, to: 'firing' }),
      change({ fingerprint: 'a', action: 'annotated', from: 'firing', to: 'firing', note: 'Looking' }),
      change({ fingerprint: 'b', from: null, to: 'firing' }),
    ];
    const events = alertTimelineEvents('pagerduty', 'p', changes, AT);
    assert.deepEqual(events.map((e) => e.kind).sort(), ['alert_received', 'note_added']);
    assert.equal(events.find((e) => e.kind === 'alert_received')?.data.count, 2);
  });

  test('each provider by its display name', () => {
    assert.deepEqual(PROVIDER_NAMES, { pagerduty: 'PagerDuty', opsgenie: 'Opsgenie', datadog: 'Datadog', alertmanager: 'Alertmanager', jsm: 'JSM' });
    for (const [provider, name] of [['pagerduty', 'PagerDuty'], ['opsgenie', 'Opsgenie'], ['datadog', 'Datadog'], ['alertmanager', 'Alertmanager'], ['jsm', 'JSM']] as const) {
      const [single] = alertTimelineEvents(provider, 'd', [change({ title: 'Disk full', from: null, to: 'firing' })], AT);
      assert.equal(single?.text, `${name}: Disk full (triggered)`);
      assert.equal(single?.actor, provider);
      const [many] = alertTimelineEvents(provider, 'd', [change({ fingerprint: 'x', title: 'Disk full', action: 'resolved', from: 'firing', to: 'resolved' }), change({ fingerprint: 'y', title: 'CPU high', action: 'resolved', from: 'firing', to: 'resolved' })], AT);
      assert.equal(many?.text, `${name}: 2 alerts resolved — Disk full, CPU high`);
      const [note] = alertTimelineEvents(provider, 'd', [change({ title: 'Disk full', action: 'annotated', from: 'firing', to: 'firing', note: 'n' })], AT);
      assert.equal(note?.text, `${name} note on Disk full: n`);
    }
  });

  test('the grouped text names at most three distinct titles', () => {
    const titles = ['A', 'B', 'A', 'C', 'D', 'E'];
    const changes = titles.map((title, i) => change({ fingerprint: `f${i}`, title, from: null, to: 'firing' }));
    const [event] = alertTimelineEvents('datadog', 'd', changes, AT);
    assert.equal(event?.text, 'Datadog: 6 alerts firing — A, B, C and 2 more');
  });

  test('no changes: no events', () => {
    assert.deepEqual(alertTimelineEvents('pagerduty', 'd', [], AT), []);
  });
});

describe('trackDeliveries', () => {
  test('several deliveries give each its own changes, as trackAlerts one by one would, and the alerts seen summed', () => {
    const deliveries = [
      { deliveryId: 'D1', signals: [firing()] },
      { deliveryId: 'D2', signals: [firing(), firing('fp-2')] },
      { deliveryId: 'D3', signals: [acked()] },
      { deliveryId: 'D4', signals: [firing('fp-2')] },
    ];
    const result = trackDeliveries(NONE, deliveries);
    // One by one: each delivery tracked on what the ones before it left.
    let state = new Map<string, TrackedAlert>();
    const expected = deliveries.map(({ deliveryId, signals }) => {
      const one = trackAlerts(state, signals);
      state = new Map([...state, ...[...one.alerts].map(([f, a]): [string, TrackedAlert] => [f, { fingerprint: f, status: a.status }])]);
      return { deliveryId, changes: one.changes };
    });
    assert.deepEqual(result.perDelivery, expected);
    assert.deepEqual(result.changes, expected.flatMap((d) => d.changes));
    assert.equal(result.alerts.get('fp-1')?.seen, 3, 'fp-1 was seen three times over D1–D3');
    assert.equal(result.alerts.get('fp-1')?.status, 'acknowledged', 'its last state');
    assert.equal(result.alerts.get('fp-2')?.seen, 2);
    assert.equal(result.perDelivery[1]?.changes.length, 1, 'D2: only fp-2 is new; fp-1 was firing already');
  });

  test('starts from the alerts already tracked', () => {
    const result = trackDeliveries(tracked([['fp-1', 'firing']]), [{ deliveryId: 'D1', signals: [firing()] }, { deliveryId: 'D2', signals: [resolved()] }]);
    assert.deepEqual(result.perDelivery.map((d) => d.changes.map((c) => [c.from, c.to])), [[], [['firing', 'resolved']]]);
  });
});
