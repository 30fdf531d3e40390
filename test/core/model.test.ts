import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { incidentRef, parseIncidentRef } from '../../src/core/incident.js';
import { parseSeverity, severityRank, isSeverity } from '../../src/core/severity.js';
import { canTransition, isOpen, isStatus, STATUSES, type Status } from '../../src/core/status.js';

void describe('parseSeverity', () => {
  void test('reads numbers and the usual spellings', () => {
    assert.equal(parseSeverity(1), 'SEV1');
    assert.equal(parseSeverity(4), 'SEV4');
    assert.equal(parseSeverity('2'), 'SEV2');
    assert.equal(parseSeverity('sev3'), 'SEV3');
    assert.equal(parseSeverity('SEV1'), 'SEV1');
    assert.equal(parseSeverity(' Sev 2 '), 'SEV2');
    assert.equal(parseSeverity('sev 4'), 'SEV4');
  });

  void test('refuses everything else', () => {
    for (const input of [0, 5, -1, 1.5, NaN, Infinity, '', ' ', '0', '5', 'SEV0', 'SEV5', 'SEV10', 'sev', 'critical', '1 2', 'S1', null, undefined, {}, [1], true]) {
      assert.equal(parseSeverity(input), null, `input ${JSON.stringify(input) ?? 'undefined'}`);
    }
  });

  void test('isSeverity and severityRank', () => {
    assert.equal(isSeverity('SEV1'), true);
    assert.equal(isSeverity('sev1'), false);
    assert.equal(severityRank('SEV1'), 0);
    assert.equal(severityRank('SEV4'), 3);
    assert.ok(severityRank('SEV1') < severityRank('SEV2'));
  });
});

void describe('parseIncidentRef / incidentRef', () => {
  void test('reads INC-n, inc-n and n', () => {
    assert.equal(parseIncidentRef('INC-12'), 12);
    assert.equal(parseIncidentRef('inc-12'), 12);
    assert.equal(parseIncidentRef('Inc-7'), 7);
    assert.equal(parseIncidentRef('12'), 12);
    assert.equal(parseIncidentRef('  INC-3 '), 3);
    assert.equal(parseIncidentRef('999999999999999'), 999999999999999);
  });

  void test('refuses everything else', () => {
    for (const input of ['', ' ', 'INC-', 'INC-0', '0', '-3', 'INC--3', 'INC-1.5', 'INC-12a', 'INC 12', '#12', 'INC-1e3', '1234567890123456', 'INCIDENT-1', '１２']) {
      assert.equal(parseIncidentRef(input), null, `input ${JSON.stringify(input)}`);
    }
  });

  void test('round trip', () => {
    assert.equal(incidentRef(12), 'INC-12');
    for (const n of [1, 42, 123456]) assert.equal(parseIncidentRef(incidentRef(n)), n);
  });
});

void describe('canTransition', () => {
  // Written out by hand so that a change to the table in status.ts has to be made twice.
  const ALLOWED = new Set([
    'investigating>identified',
    'investigating>monitoring',
    'investigating>resolved',
    'identified>investigating',
    'identified>monitoring',
    'identified>resolved',
    'monitoring>investigating',
    'monitoring>identified',
    'monitoring>resolved',
    'resolved>investigating',
  ]);

  for (const from of STATUSES) {
    for (const to of STATUSES) {
      const expected = ALLOWED.has(`${from}>${to}`);
      void test(`${from} → ${to} is ${expected ? 'allowed' : 'refused'}`, () => {
        assert.equal(canTransition(from, to), expected);
      });
    }
  }

  void test('no status moves to itself and the table has 10 moves', () => {
    const moves = STATUSES.flatMap((from) => STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}>${to}`));
    assert.deepEqual(new Set(moves), ALLOWED);
    for (const s of STATUSES) assert.equal(canTransition(s, s), false);
  });

  void test('isStatus and isOpen', () => {
    const open: Status[] = ['investigating', 'identified', 'monitoring'];
    for (const s of open) assert.equal(isOpen(s), true);
    assert.equal(isOpen('resolved'), false);
    assert.equal(isStatus('monitoring'), true);
    assert.equal(isStatus('Monitoring'), false);
    assert.equal(isStatus(1), false);
  });
});
