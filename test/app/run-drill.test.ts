import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRunDrill, describeDrill } from '../../src/app/drills/run-drill.js';
import type { DrillAlertSender } from '../../src/app/ports/drills.js';
import type { DrillScenario } from '../../src/core/drill-scenario.js';

const scenario: DrillScenario = {
  name: 'checkout-5xx-regional',
  title: 'Checkout 5xx spike',
  description: 'One region fails.',
  severity: 'SEV2',
  service: 'checkout',
  provider: 'alertmanager',
  alerts: [{ title: 'Checkout 5xx', labels: { service: 'checkout' } }],
  metrics: {},
  expectedSteps: ['Measure the scope'],
};
const clock = { now: () => new Date('2026-11-23T10:00:00Z') };

function runner(sender: Partial<DrillAlertSender>, found: { id: number; ref: string } | null = null) {
  const fired: string[] = [];
  const run = createRunDrill({
    scenarios: () => Promise.resolve({ scenarios: [scenario], problems: ['drills/bad.yml: provider: must be one of …'] }),
    sender: { missing: () => null, fire: (_s, id) => Promise.resolve(void fired.push(id)), ...sender },
    findIncident: () => Promise.resolve(found),
    clock,
    random: () => 'r4nd0m',
    waitMs: 50,
    pollMs: 10,
  });
  return { run, fired };
}

void describe('runDrill', () => {
  void test('no scenario lists them, with the skipped files', async () => {
    const lines = describeDrill(await runner({}).run(null), { run: 'npx warroom drill' });
    assert.match(lines.join('\n'), /checkout-5xx-regional — Checkout 5xx spike \(SEV2, checkout, via alertmanager\)/, lines.join('\n'));
    assert.match(lines.join('\n'), /Skipped drills\/bad\.yml/, 'the bad file is named');
  });

  void test('an unknown scenario says so and lists the available ones', async () => {
    const outcome = await runner({}).run('nope');
    assert.equal(outcome.kind, 'unknown', 'unknown');
    assert.match(describeDrill(outcome, { run: '/incident drill' }).join('\n'), /Unknown drill scenario "nope"[\s\S]*checkout-5xx-regional/, 'listed');
  });

  void test('a provider that is off: nothing sent, the variable to set named', async () => {
    const { run, fired } = runner({ missing: () => 'ALERTMANAGER_WEBHOOK_TOKEN' });
    const outcome = await run('checkout-5xx-regional');
    assert.equal(fired.length, 0, 'nothing fired');
    assert.match(describeDrill(outcome, { run: 'x' }).join('\n'), /set ALERTMANAGER_WEBHOOK_TOKEN to run it/, 'the variable');
  });

  void test('a refused delivery is a clear failure, not a crash', async () => {
    const outcome = await runner({ fire: () => Promise.reject(new Error('Warroom answered 401 on /webhooks/alertmanager')) }).run('checkout-5xx-regional');
    assert.match(describeDrill(outcome, { run: 'x' }).join('\n'), /could not fire its alerts: Warroom answered 401/, 'the reason');
  });

  void test('started: a unique run id, the incident named when it appears, the next steps', async () => {
    const { run, fired } = runner({}, { id: 12, ref: 'INC-12' });
    const outcome = await run(' checkout-5xx-regional ', 'U0ALICE01');
    assert.equal(outcome.kind, 'started', 'started');
    assert.match(fired[0] ?? '', /^checkout-5xx-regional-[a-z0-9]+-r4nd0m$/, 'run id');
    const text = describeDrill(outcome, { run: 'x' }).join('\n');
    assert.match(text, /Drill started: INC-12/, text);
    assert.match(text, /1\. Measure the scope/, text);
  });
});
