/** The status-page draft in plain words (core/statuspage.ts): title, status, message, components and their impact. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Incident } from '../../src/core/incident.js';
import { checkStatusPageUpdate, draftStatusPageUpdate, impactOf, publicName, statusPageEvent, updateOfEvent } from '../../src/core/statuspage.js';

const at = new Date(Date.UTC(2026, 11, 7, 10));
const incident = (over: Partial<Incident> = {}): Incident => ({
  id: 7, ref: 'INC-7', title: 'Checkout 5xx', description: 'internal: db failover by <@U0ALICE01>', status: 'investigating', severity: 'SEV2', services: ['checkout', 'search', 'internal'], drill: false,
  channelId: null, channelName: null, roles: { commander: 'U0ALICE01', comms: null, scribe: null, ops: null }, scope: null, declaredBy: 'U0ALICE01', createdAt: at, updatedAt: at, resolvedAt: null, version: 1, ...over,
});
const MAP = { checkout: 'cmpa', search: 'cmpb', billing: 'cmpa' };

test('the public title drops alert tags and rule names; empty becomes a plain disruption', () => {
  assert.equal(publicName('[FIRING:2] HighErrorRate checkout_5xx Checkout failing'), 'Service disruption: Checkout failing');
  assert.equal(publicName('[P1] KubePodCrashLooping'), 'Service disruption');
});

test('the impact follows the failing share when measured, else the severity', () => {
  const scope = (failingRatio: number) => ({ classification: 'global' as const, failingRatio, regions: [], services: [], source: 'prometheus' as const, at: '' });
  assert.deepEqual([0.6, 0.1, 0.01].map((r) => impactOf({ severity: 'SEV4', scope: scope(r) })), ['major_outage', 'partial_outage', 'degraded_performance']);
  assert.deepEqual((['SEV1', 'SEV2', 'SEV3'] as const).map((severity) => impactOf({ severity, scope: null })), ['major_outage', 'partial_outage', 'degraded_performance']);
});

test('the draft names mapped services only, never notes or people; the resolution marks them operational', () => {
  const draft = draftStatusPageUpdate(incident({ status: 'identified' }), MAP);
  assert.deepEqual(draft, {
    name: 'Service disruption: Checkout 5xx',
    status: 'identified',
    body: 'We have identified the cause of the issue affecting checkout and search and are working on a fix.',
    components: [{ componentId: 'cmpa', services: ['checkout'], status: 'partial_outage' }, { componentId: 'cmpb', services: ['search'], status: 'partial_outage' }],
  });
  const resolved = draftStatusPageUpdate(incident({ services: ['checkout'] }), MAP, true);
  assert.deepEqual([resolved.status, resolved.body, resolved.components.map((c) => c.status)], ['resolved', 'This incident has been resolved: checkout is working normally again.', ['operational']]);
});

test('a submitted update is cleaned and checked; its event records exactly what the public reads and reads back', () => {
  assert.deepEqual(checkStatusPageUpdate({ name: ' ', status: 'investigating', body: 'x', components: [] }), { ok: false, field: 'name', message: 'A public title needs 1 to 255 characters.' });
  assert.equal(checkStatusPageUpdate({ name: 'x', status: 'investigating', body: 'y'.repeat(3001), components: [] }).ok, false);
  const update = { name: 'Checkout errors', status: 'monitoring' as const, body: 'Fixed; watching.', components: [{ componentId: 'cmpa', services: ['checkout'], status: 'degraded_performance' as const }] };
  const event = statusPageEvent(update, 'U0ALICE01', at);
  assert.deepEqual([event.kind, event.actor, event.text], ['statuspage_update', 'U0ALICE01', 'Status page (monitoring): Checkout errors — Fixed; watching.']);
  assert.deepEqual(updateOfEvent(event), update);
  assert.equal(updateOfEvent({ data: {} }), null);
});
