import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadDrillScenarios, parseScenario } from '../../src/adapters/drills/file-scenarios.js';
import { drillDeliveries } from '../../src/adapters/drills/drill-payloads.js';
import { parseAlertmanagerDelivery } from '../../src/adapters/alertmanager/parse.js';
import { parseDatadogDelivery } from '../../src/adapters/datadog/parse.js';
import { parseOpsgenieDelivery } from '../../src/adapters/opsgenie/parse.js';
import { parsePagerDutyDelivery } from '../../src/adapters/pagerduty/parse.js';
import { ALERT_PROVIDERS, type AlertProvider } from '../../src/core/alert.js';
import { drillRunOf } from '../../src/core/drill.js';
import type { ParseOutcome } from '../../src/app/ports/webhooks.js';

const GOOD = `title: Checkout 5xx
description: One region fails.
severity: 2
service: checkout
provider: alertmanager
alerts:
  - title: Checkout 5xx above 5 %
    labels: { service: checkout, region: eu-west-1, code: 500 }
`;

void describe('drill scenario files', () => {
  void test('a good file: defaults filled, severity read like elsewhere, label values as text', () => {
    const parsed = parseScenario(GOOD, 'checkout');
    assert.ok(parsed.ok, JSON.stringify(parsed));
    assert.equal(parsed.scenario.severity, 'SEV2', 'severity');
    assert.deepEqual(parsed.scenario.alerts[0]?.labels, { service: 'checkout', region: 'eu-west-1', code: '500' }, 'labels');
    assert.deepEqual(parsed.scenario.expectedSteps, [], 'steps default');
  });

  void test('bad files are skipped with a problem naming the file and the field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'drills-'));
    try {
      await writeFile(join(dir, 'good.yml'), GOOD);
      await writeFile(join(dir, 'bad-provider.yml'), GOOD.replace('alertmanager', 'nagios'));
      await writeFile(join(dir, 'no-alerts.yml'), GOOD.replace(/alerts:[\s\S]*$/, 'alerts: []\n'));
      await writeFile(join(dir, 'typo.yml'), `${GOOD}expectedStep: [x]\n`);
      await writeFile(join(dir, 'broken.yml'), 'title: [unclosed\n');
      await writeFile(join(dir, 'notes.txt'), 'not a scenario');
      const loaded = await loadDrillScenarios(dir);
      assert.deepEqual(loaded.scenarios.map((s) => s.name), ['good'], 'only the good file');
      const problems = loaded.problems.join('\n');
      assert.match(problems, /^drills\/bad-provider\.yml: provider: must be one of pagerduty, opsgenie, datadog, alertmanager, jsm$/m, problems);
      assert.match(problems, /^drills\/no-alerts\.yml: alerts: must list at least one alert$/m, problems);
      assert.match(problems, /^drills\/typo\.yml: expectedStep: unknown field; expected one of title, description/m, problems);
      assert.match(problems, /^drills\/broken\.yml: invalid YAML/m, problems);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  void test('a missing directory has no scenarios and no problem', async () => {
    assert.deepEqual(await loadDrillScenarios(join(tmpdir(), 'no-such-drills-dir')), { scenarios: [], problems: [] }, 'empty');
  });
});

void describe('drill deliveries', () => {
  const parsers: Record<AlertProvider, (raw: Buffer) => ParseOutcome> = {
    alertmanager: (raw) => parseAlertmanagerDelivery(raw, {}),
    datadog: (raw) => parseDatadogDelivery(raw, {}),
    opsgenie: (raw) => parseOpsgenieDelivery(raw, {}),
    jsm: (raw) => parseOpsgenieDelivery(raw, {}, 'jsm'),
    pagerduty: (raw) => parsePagerDutyDelivery(raw, {}),
  };
  for (const provider of ALERT_PROVIDERS) {
    void test(`${provider}: the provider's own parser reads every alert with the drill marker`, () => {
      const parsed = parseScenario(GOOD.replace('alertmanager', provider), 'checkout');
      assert.ok(parsed.ok, 'scenario');
      const scenario = { ...parsed.scenario, alerts: [...parsed.scenario.alerts, { title: 'Second alert', labels: { service: 'checkout' } }] };
      const signals = drillDeliveries(provider, scenario, 'checkout-run-1', new Date('2026-11-23T10:00:00Z')).flatMap((body) => {
        const outcome = parsers[provider](Buffer.from(body));
        assert.ok(outcome.ok, `${provider} parses: ${outcome.ok ? '' : outcome.reason}`);
        return outcome.delivery.signals;
      });
      assert.equal(signals.length, 2, 'both alerts');
      assert.ok(signals.every((s) => s.status === 'firing' && drillRunOf(s) === 'checkout-run-1'), `firing and marked: ${JSON.stringify(signals)}`);
      assert.equal(new Set(signals.map((s) => s.fingerprint)).size, 2, 'two distinct alerts');
      assert.deepEqual(signals.map((s) => s.title.replace(/^\[Triggered\] /, '')), ['Checkout 5xx above 5 %', 'Second alert'], 'titles');
    });
  }
});
