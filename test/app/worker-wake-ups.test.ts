/**
 * The worker wake-ups are ports of the use cases (RoomWakeUp, AttachWakeUp): a committed change
 * wakes the room worker, a stored delivery wakes the attach worker; nothing committed, no wake.
 * Fake ports only: the flows check the real workers.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AlertSignal } from '../../src/core/alert.js';
import { createChangeIncident } from '../../src/app/change-incident.js';
import { createDeclareIncident } from '../../src/app/declare-incident.js';
import type { DeliveryStore, ParsedDelivery } from '../../src/app/ports/webhooks.js';
import { createReceiveDelivery } from '../../src/app/receive-delivery.js';
import { createInMemoryIncidentStore } from '../fakes/in-memory-incident-store.js';

const clock = { now: () => new Date('2026-12-06T12:00:00Z') };
const room = { enabled: true };

function counter() {
  const wakeUp = { wakes: 0, wake: () => void wakeUp.wakes++ };
  return wakeUp;
}

test('declaring an incident wakes the room worker once it is stored; a refused declaration does not', async () => {
  const roomWakeUp = counter();
  const declare = createDeclareIncident({ store: createInMemoryIncidentStore(), clock, room, roomWakeUp });
  assert.equal((await declare({ title: '', severity: 'SEV2', services: [], actor: 'api' })).ok, false);
  assert.equal(roomWakeUp.wakes, 0, 'nothing stored, nothing to wake for');
  assert.equal((await declare({ title: 'Checkout errors', severity: 'SEV2', services: ['checkout'], actor: 'api' })).ok, true);
  assert.equal(roomWakeUp.wakes, 1);
});

test('a committed change wakes the room worker; a change of an unknown incident does not', async () => {
  const store = createInMemoryIncidentStore();
  const declared = await createDeclareIncident({ store, clock, room })({ title: 'Checkout errors', severity: 'SEV2', services: [], actor: 'api' });
  assert.ok(declared.ok);
  const roomWakeUp = counter();
  const change = createChangeIncident({ store, clock, room, roomWakeUp });
  assert.equal((await change(declared.value.id + 1, { type: 'add_note', text: 'nobody', actor: 'api' })).ok, false);
  assert.equal(roomWakeUp.wakes, 0);
  assert.equal((await change(declared.value.id, { type: 'add_note', text: 'rolled back', actor: 'api' })).ok, true);
  assert.equal(roomWakeUp.wakes, 1);
});

test('a stored delivery with alerts wakes the attach worker; a duplicate or one without alerts does not', async () => {
  const seen = new Set<string>();
  const deliveries: DeliveryStore = {
    record: (_provider, delivery) => Promise.resolve(seen.has(delivery.deliveryId) ? 'duplicate' : (seen.add(delivery.deliveryId), 'stored')),
    pending: () => Promise.resolve([]),
    deferAttach: () => Promise.reject(new Error('not used')),
  };
  const attachWakeUp = counter();
  const receive = createReceiveDelivery({ deliveries, clock, attachWakeUp });
  const signal = { fingerprint: 'f1' } as unknown as AlertSignal;
  const withAlert: ParsedDelivery = { deliveryId: 'EV-1', eventType: 'incident.triggered', signals: [signal] };
  const withoutAlerts: ParsedDelivery = { deliveryId: 'EV-2', eventType: 'incident.annotated', signals: [] };
  assert.equal(await receive('pagerduty', withAlert, Buffer.from('{}')), 'stored');
  assert.equal(await receive('pagerduty', withAlert, Buffer.from('{}')), 'duplicate');
  assert.equal(await receive('pagerduty', withoutAlerts, Buffer.from('{}')), 'stored');
  assert.equal(attachWakeUp.wakes, 1);
});
