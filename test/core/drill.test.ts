import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AlertSignal } from '../../src/core/alert.js';
import { channelName } from '../../src/core/channel-name.js';
import { DRILL_CHANNEL_PREFIX, drillRunOf, groupedForDrill } from '../../src/core/drill.js';
import { drillScorecard, formatScoreTime, scorecardEvent, scorecardLines } from '../../src/core/drill-scorecard.js';
import { drillRunId } from '../../src/core/drill-scenario.js';
import type { Incident } from '../../src/core/incident.js';
import { NO_ROLES } from '../../src/core/roles.js';
import type { TimelineEvent, TimelineKind } from '../../src/core/timeline.js';

const DECLARED = new Date('2026-11-23T10:00:00.000Z');
const at = (seconds: number) => new Date(DECLARED.getTime() + seconds * 1000);
const ev = (seconds: number, kind: TimelineKind, data: Record<string, unknown> = {}): TimelineEvent => ({ at: at(seconds), kind, actor: 'warroom', text: kind, data });

const incident: Incident = {
  id: 7,
  ref: 'INC-7',
  title: 'Checkout 5xx spike in eu-west-1',
  description: null,
  status: 'resolved',
  severity: 'SEV2',
  services: ['checkout'],
  drill: true,
  channelId: 'C0DRILL07',
  channelName: 'drill-7-checkout-5xx-spike-in-eu-west-1',
  roles: { ...NO_ROLES, commander: 'U0ONCALL1' },
  scope: null,
  declaredBy: 'alertmanager',
  createdAt: DECLARED,
  updatedAt: at(900),
  resolvedAt: at(900),
  version: 9,
};

const signal = (hints: Partial<AlertSignal['serviceHints']>): AlertSignal => ({
  provider: 'alertmanager',
  groupingKey: '{}:{alertname="X"}',
  fingerprint: 'f1',
  action: 'triggered',
  status: 'firing',
  title: 'X',
  priority: null,
  serviceHints: { pagerdutyServiceId: null, tags: [], labels: {}, ...hints },
  links: [],
  occurredAt: DECLARED.toISOString(),
  note: null,
});

void describe('drill scorecard', () => {
  void test('every step measured from the declaration, the first event of each kind counting', () => {
    const events = [
      ev(0, 'incident_declared'),
      ev(2, 'channel_created'),
      ev(3, 'role_assigned', { role: 'comms', user: 'U0COMMS01' }),
      ev(4, 'role_assigned', { role: 'commander', user: 'U0ONCALL1' }),
      ev(5, 'scope_snapshot', { classification: 'unknown' }),
      ev(65, 'scope_snapshot', { classification: 'regional' }),
      ev(300, 'stakeholder_update'),
      ev(600, 'stakeholder_update'),
      ev(900, 'incident_resolved'),
    ];
    const card = drillScorecard(incident, events);
    assert.deepEqual(card.entries.map((e) => [e.step, e.ms]), [['channel', 2000], ['commander', 4000], ['scope', 65_000], ['stakeholder_update', 300_000], ['resolved', 900_000]], 'the figures');
    assert.deepEqual(scorecardLines(card), ['Time to channel: 2 s', 'Time to commander: 4 s', 'Time to first scope: 1 min 05 s', 'Time to first stakeholder update: 5 min 00 s', 'Time to resolve: 15 min 00 s'], 'the lines');
  });

  void test('a step that never happened is "not reached", never 0; an unassigned commander does not count', () => {
    const card = drillScorecard(incident, [ev(0, 'incident_declared'), ev(1, 'role_assigned', { role: 'commander', user: null }), ev(30, 'incident_resolved')]);
    assert.deepEqual(card.entries.map((e) => e.ms), [null, null, null, null, 30_000], 'only resolve reached');
    assert.match(scorecardLines(card).join('\n'), /Time to channel: not reached/, 'said in words');
  });

  void test('without a declaration event the incident creation time is the start', () => {
    assert.equal(drillScorecard(incident, [ev(12, 'channel_created')]).entries[0]?.ms, 12_000, 'from createdAt');
  });

  void test('the timeline event carries the raw milliseconds', () => {
    const event = scorecardEvent(drillScorecard(incident, [ev(0, 'incident_declared'), ev(2, 'channel_created')]), at(1000));
    assert.equal(event.kind, 'drill_scorecard', 'kind');
    assert.deepEqual(event.data.steps, { channel: 2000, commander: null, scope: null, stakeholder_update: null, resolved: null }, 'data');
    assert.match(event.text, /^Drill scorecard: Time to channel: 2 s; Time to commander: not reached/, 'text');
  });

  void test('formatScoreTime', () => {
    assert.deepEqual([null, 0, 999, 1000, 61_000, 3_725_000].map(formatScoreTime), ['not reached', '0 ms', '999 ms', '1 s', '1 min 01 s', '1 h 02 min'], 'formats');
  });
});

void describe('drill marker', () => {
  void test('an Alertmanager label, a Datadog/Opsgenie/PagerDuty tag; nothing else', () => {
    assert.equal(drillRunOf(signal({ labels: { warroom_drill: 'checkout-abc-1' } })), 'checkout-abc-1', 'label');
    assert.equal(drillRunOf(signal({ tags: ['service:checkout', 'warroom_drill:checkout-abc-1'] })), 'checkout-abc-1', 'tag');
    assert.equal(drillRunOf(signal({ labels: { service: 'checkout' }, tags: ['warroom_drill'] })), null, 'no marker');
    assert.equal(drillRunOf(signal({ labels: { warroom_drill: 'Bad Id!' } })), null, 'a malformed marker is no marker');
  });

  void test('every alert of a drill run shares the run key; real alerts keep theirs', () => {
    assert.equal(groupedForDrill(signal({ labels: { warroom_drill: 'run-1' } })).groupingKey, 'drill:run-1', 'drill');
    assert.equal(groupedForDrill(signal({})).groupingKey, '{}:{alertname="X"}', 'real');
  });

  void test('run ids are valid markers, unique by time and random part', () => {
    const id = drillRunId('Checkout 5xx regional', DECLARED, 'Ab3x9Q');
    assert.match(id, /^checkout-5xx-regional-[a-z0-9]+-ab3x9q$/, id);
    assert.equal(drillRunOf(signal({ labels: { warroom_drill: id } })), id, 'round trip');
  });

  void test('drill channels use the drill prefix', () => {
    assert.equal(channelName(DRILL_CHANNEL_PREFIX, 7, incident.title), 'drill-7-checkout-5xx-spike-in-eu-west-1', 'name');
  });
});
