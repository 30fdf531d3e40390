import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DATADOG_RECOMMENDED_TEMPLATE } from '../../src/adapters/datadog/recommended-template.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

test('the README carries the Datadog payload template the parser expects, verbatim', () => {
  assert.ok(readme.includes(DATADOG_RECOMMENDED_TEMPLATE), 'README.md must contain DATADOG_RECOMMENDED_TEMPLATE exactly');
});

test('the README documents every webhook route and its variable', () => {
  for (const [route, variable] of <[string, string][]>[
    ['/webhooks/pagerduty', 'PAGERDUTY_WEBHOOK_SECRETS'],
    ['/webhooks/opsgenie', 'OPSGENIE_WEBHOOK_TOKEN'],
    ['/webhooks/datadog', 'DATADOG_WEBHOOK_TOKEN'],
    ['/webhooks/alertmanager', 'ALERTMANAGER_WEBHOOK_TOKEN'],
  ]) {
    assert.ok(readme.includes(route), route);
    assert.ok(readme.includes(variable), variable);
  }
  assert.match(readme, /webhook_configs:/, 'an Alertmanager webhook_config snippet');
});
