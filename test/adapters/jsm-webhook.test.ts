// JSM Operations' outgoing webhook: authenticated from the headers alone (before the body), parsed as
// Opsgenie's action data into `jsm` signals.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createJsmWebhookSource } from '../../src/adapters/jsm/jsm-webhook-source.js';
import { opsgenieAction } from '../helpers/provider-payloads.js';

const source = createJsmWebhookSource({ token: 'jsm-hook' });

test('the bearer token is checked from the headers alone; none configured refuses everything', () => {
  assert.equal(source.authenticateHeaders({ authorization: 'Bearer jsm-hook' }), true);
  assert.equal(source.authenticateHeaders({ authorization: 'Bearer other' }), false);
  assert.equal(source.authenticateHeaders({}), false);
  assert.equal(createJsmWebhookSource({ token: null }).authenticateHeaders({ authorization: 'Bearer jsm-hook' }), false);
});

test('an Acknowledge becomes a jsm signal keyed by the alias, with its own delivery id', () => {
  const raw = Buffer.from(opsgenieAction({ action: 'Acknowledge', alertId: 'a-1', alias: 'INC-3:checkout:0', updatedAtNs: '1765090000000000001', priority: 'P1' }));
  const parsed = source.parse(raw, {});
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
  assert.equal(parsed.delivery.deliveryId, 'a-1:Acknowledge:1765090000000000001');
  const [signal] = parsed.delivery.signals;
  assert.equal(signal?.provider, 'jsm');
  assert.equal(signal?.groupingKey, 'INC-3:checkout:0');
  assert.equal(signal?.action, 'acknowledged');
  assert.equal(signal?.priority, 'P1');
});
