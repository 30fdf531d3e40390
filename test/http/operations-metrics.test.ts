import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OperationsSnapshot } from '../../src/app/ports/telemetry.js';
import { createTelemetry } from '../../src/ingress/http/telemetry.js';

const snapshot = (n: number): OperationsSnapshot => ({
  openIncidents: { SEV1: n, SEV2: 0, SEV3: 0, SEV4: 0 },
  slackTasksPending: n,
  oldestSlackTaskSeconds: 60 * n,
  deliveriesAwaitingAttach: n,
});

function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
}

test('/metrics keeps the last backlog values and says the database is down when a read fails', async () => {
  const telemetry = createTelemetry();
  let read: () => Promise<OperationsSnapshot> = () => Promise.resolve(snapshot(3));
  telemetry.readOperationsFrom({ read: () => read() });
  const first = await telemetry.registry.metrics();
  assert.equal(value(first, 'warroom_incidents_open{severity="SEV1"}'), 3);
  assert.equal(value(first, 'warroom_slack_outbox_pending'), 3);
  assert.equal(value(first, 'warroom_slack_outbox_oldest_pending_seconds'), 180);
  assert.equal(value(first, 'warroom_deliveries_awaiting_attach'), 3);
  assert.equal(value(first, 'warroom_database_up'), 1);

  read = () => Promise.reject(new Error('database is unavailable'));
  const down = await telemetry.registry.metrics();
  assert.equal(value(down, 'warroom_database_up'), 0);
  assert.equal(value(down, 'warroom_slack_outbox_pending'), 3, 'the last value stays');
  assert.equal(value(down, 'warroom_incidents_open{severity="SEV1"}'), 3);
});

test('a read that hangs does not hold /metrics: the answer comes with the last values once the read time-out passes', async () => {
  const telemetry = createTelemetry();
  let reads = 0;
  let read: () => Promise<OperationsSnapshot> = () => Promise.resolve(snapshot(2));
  telemetry.readOperationsFrom({ read: () => (reads++, read()) });
  await telemetry.registry.metrics();
  read = () => new Promise<OperationsSnapshot>(() => undefined);
  const started = performance.now();
  const [a, b] = await Promise.all([telemetry.registry.metrics(), telemetry.registry.metrics()]);
  assert.ok(performance.now() - started < 5000, 'answered within the time-out');
  for (const text of [a, b]) {
    assert.equal(value(text, 'warroom_database_up'), 0);
    assert.equal(value(text, 'warroom_slack_outbox_pending'), 2);
  }
  assert.equal(reads, 2, 'one read for the first scrape, one shared by the two concurrent scrapes and all gauges');
});
