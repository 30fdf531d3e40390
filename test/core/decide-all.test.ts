import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decide, type Decision } from '../../src/core/decide.js';
import { decideAll } from '../../src/core/decide-all.js';
import type { Incident } from '../../src/core/incident.js';

const T0 = new Date('2026-11-23T10:00:00.000Z');
const T1 = new Date('2026-11-23T10:05:00.000Z');

function accepted(decision: Decision) {
  if (!decision.ok) assert.fail(`expected success, got ${decision.error.code}: ${decision.error.message}`);
  return decision;
}

/** An incident as a declare leaves it: the state every command here starts from. */
const base: Incident = accepted(decide(null, { type: 'declare', id: 12, title: 'Checkout 5xx', severity: 'SEV2', services: ['checkout'], actor: 'U_DECLARER' }, T0)).incident;

describe('change_title and change_services', () => {
  test('a new title is cleaned, recorded with both values, and refused when blank or unchanged', () => {
    const d = accepted(decide(base, { type: 'change_title', title: '  Checkout\nand search 5xx ', actor: 'api' }, T1));
    assert.equal(d.incident.title, 'Checkout and search 5xx');
    assert.equal(d.incident.version, base.version + 1);
    assert.deepEqual(d.events, [{ at: T1, kind: 'title_changed', actor: 'api', text: 'Title changed from "Checkout 5xx" to "Checkout and search 5xx"', data: { from: 'Checkout 5xx', to: 'Checkout and search 5xx' } }]);
    const blank = decide(base, { type: 'change_title', title: ' ', actor: 'api' }, T1);
    assert.equal(blank.ok ? null : blank.error.code, 'incident.invalid_title');
    const same = decide(base, { type: 'change_title', title: 'Checkout 5xx', actor: 'api' }, T1);
    assert.equal(same.ok ? null : same.error.code, 'incident.unchanged');
  });

  test('services are replaced as a set: cleaned, deduplicated, the same set in another order is no change', () => {
    const d = accepted(decide(base, { type: 'change_services', services: ['search', ' checkout ', 'search'], actor: 'api' }, T1));
    assert.deepEqual(d.incident.services, ['search', 'checkout']);
    assert.equal(d.events[0]?.text, 'Services changed from checkout to search, checkout');
    const cleared = accepted(decide(base, { type: 'change_services', services: [], actor: 'api' }, T1));
    assert.equal(cleared.events[0]?.text, 'Services changed from checkout to none');
    const same = decide({ ...base, services: ['checkout', 'search'] }, { type: 'change_services', services: ['search', 'checkout'], actor: 'api' }, T1);
    assert.equal(same.ok ? null : same.error.code, 'incident.unchanged');
  });
});

describe('decideAll', () => {
  test('each command is decided on the state the previous left; one new version carries every event', () => {
    const d = accepted(
      decideAll(base, [
        { type: 'change_severity', severity: 'SEV1', actor: 'api' },
        { type: 'assign_role', role: 'commander', user: 'U0BOB0002', actor: 'api' },
        { type: 'change_status', status: 'resolved', actor: 'api' },
      ], T1),
    );
    assert.equal(d.incident.version, base.version + 1);
    assert.equal(d.incident.severity, 'SEV1');
    assert.equal(d.incident.roles.commander, 'U0BOB0002');
    assert.equal(d.incident.status, 'resolved');
    assert.deepEqual(d.events.map((e) => e.kind), ['severity_changed', 'role_assigned', 'incident_resolved']);
  });

  test('a refused command refuses the whole change', () => {
    const resolved: Incident = { ...base, status: 'resolved', resolvedAt: T0 };
    const d = decideAll(resolved, [{ type: 'change_severity', severity: 'SEV1', actor: 'api' }, { type: 'change_status', status: 'monitoring', actor: 'api' }], T1);
    assert.equal(d.ok ? null : d.error.code, 'incident.invalid_transition');
  });

  test('commands that change nothing are skipped; when all are, the incident comes back as it was, without events', () => {
    const some = accepted(decideAll(base, [{ type: 'change_severity', severity: 'SEV2', actor: 'api' }, { type: 'change_title', title: 'New', actor: 'api' }], T1));
    assert.deepEqual(some.events.map((e) => e.kind), ['title_changed']);
    const none = accepted(decideAll(base, [{ type: 'change_severity', severity: 'SEV2', actor: 'api' }, { type: 'change_status', status: 'investigating', actor: 'api' }], T1));
    assert.equal(none.incident, base);
    assert.deepEqual(none.events, []);
  });
});
