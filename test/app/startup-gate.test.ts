/** Where start-up stands, as /readyz and the "starting" answers see it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createStartupGate } from '../../src/app/startup-gate.js';

test('the gate opens once start-up is done and stays open through the shutdown delay; /readyz follows the phase', async () => {
  const gate = createStartupGate();
  assert.equal(gate.isOpen(), false);
  assert.deepEqual(await gate.check.check(), { state: 'down', detail: 'applying database migrations' });
  gate.enter('starting the job queue');
  assert.deepEqual(await gate.check.check(), { state: 'down', detail: 'starting the job queue' });
  gate.enter('started');
  assert.equal(gate.isOpen(), true);
  assert.deepEqual(await gate.check.check(), { state: 'ok' });
  gate.enter('shutting down');
  assert.equal(gate.isOpen(), true, 'requests are still served while load balancers react');
  assert.deepEqual(await gate.check.check(), { state: 'down', detail: 'shutting down' });
});

test('a failed start-up is what /readyz says until the process ends', async () => {
  const gate = createStartupGate();
  gate.failed('start-up failed: Slack connection failed: refused');
  assert.equal(gate.isOpen(), false);
  assert.deepEqual(await gate.check.check(), { state: 'down', detail: 'start-up failed: Slack connection failed: refused' });
  assert.equal(gate.check.critical, true);
});
