import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlertProvider, AlertSignal, ServiceHints } from '../../src/core/alert.js';
import { mapSeverity, matchService, type ServiceMatch } from '../../src/core/alert-routing.js';
import type { Severity } from '../../src/core/severity.js';

function signal(provider: AlertProvider, hints: Partial<ServiceHints>): AlertSignal {
  return {
    provider,
    groupingKey: 'key-1',
    fingerprint: 'fp-1',
    action: 'triggered',
    status: 'firing',
    title: 'Checkout 5xx',
    priority: null,
    serviceHints: { pagerdutyServiceId: null, tags: [], labels: {}, ...hints },
    links: [],
    occurredAt: '2026-11-23T10:00:00.000Z',
    note: null,
  };
}

function service(m: Partial<ServiceMatch>): { match: ServiceMatch } {
  return { match: { pagerdutyServiceIds: [], opsgenieTags: [], datadogTags: [], alertmanagerLabels: {}, ...m } };
}

/** Every matcher kind set on every service, so a test shows that only the provider's own matcher counts. */
const services = {
  checkout: service({
    pagerdutyServiceIds: ['PCHECK1', 'PCHECK2'],
    opsgenieTags: ['service:checkout'],
    datadogTags: ['service:checkout-dd'],
    alertmanagerLabels: { service: 'checkout', team: 'payments' },
  }),
  search: service({
    pagerdutyServiceIds: ['PSEARCH'],
    opsgenieTags: ['search'],
    datadogTags: ['service:search', 'team:discovery'],
    alertmanagerLabels: { service: 'search' },
  }),
};

describe('matchService: PagerDuty', () => {
  test('matches by the service id, any of the listed ids', () => {
    assert.equal(matchService(signal('pagerduty', { pagerdutyServiceId: 'PCHECK1' }), services), 'checkout');
    assert.equal(matchService(signal('pagerduty', { pagerdutyServiceId: 'PCHECK2' }), services), 'checkout');
    assert.equal(matchService(signal('pagerduty', { pagerdutyServiceId: 'PSEARCH' }), services), 'search');
  });

  test('an unknown or missing service id matches nothing', () => {
    assert.equal(matchService(signal('pagerduty', { pagerdutyServiceId: 'PUNKNOWN' }), services), null);
    assert.equal(matchService(signal('pagerduty', { pagerdutyServiceId: null }), services), null);
    assert.equal(matchService(signal('pagerduty', { pagerdutyServiceId: 'pcheck1' }), services), null, 'ids are exact');
  });

  test('tags and labels do not count for PagerDuty', () => {
    assert.equal(matchService(signal('pagerduty', { tags: ['service:checkout'], labels: { service: 'checkout', team: 'payments' } }), services), null);
  });
});

describe('matchService: Opsgenie', () => {
  test('any one tag of the alert in the service opsgenieTags matches', () => {
    assert.equal(matchService(signal('opsgenie', { tags: ['env:prod', 'service:checkout'] }), services), 'checkout');
    assert.equal(matchService(signal('opsgenie', { tags: ['search'] }), services), 'search');
  });

  test('Datadog tags, labels and service ids of a service do not match an Opsgenie alert', () => {
    assert.equal(matchService(signal('opsgenie', { tags: ['service:checkout-dd', 'service:search'] }), services), null);
    assert.equal(matchService(signal('opsgenie', { pagerdutyServiceId: 'PCHECK1', labels: { service: 'checkout', team: 'payments' } }), services), null);
    assert.equal(matchService(signal('opsgenie', { tags: [] }), services), null);
  });
});

describe('matchService: Datadog', () => {
  test('any one tag of the alert in the service datadogTags matches', () => {
    assert.equal(matchService(signal('datadog', { tags: ['env:prod', 'service:checkout-dd'] }), services), 'checkout');
    assert.equal(matchService(signal('datadog', { tags: ['team:discovery'] }), services), 'search');
  });

  test('Opsgenie tags of a service do not match a Datadog alert', () => {
    assert.equal(matchService(signal('datadog', { tags: ['service:checkout', 'search'] }), services), null);
    assert.equal(matchService(signal('datadog', { tags: ['env:prod'] }), services), null);
  });
});

describe('matchService: Alertmanager', () => {
  test('every label of the matcher must be present with the same value; extra labels are fine', () => {
    assert.equal(matchService(signal('alertmanager', { labels: { service: 'checkout', team: 'payments', region: 'eu-west-1' } }), services), 'checkout');
    assert.equal(matchService(signal('alertmanager', { labels: { service: 'search', alertname: 'HighLatency' } }), services), 'search');
  });

  test('one matcher label missing or different is no match', () => {
    assert.equal(matchService(signal('alertmanager', { labels: { service: 'checkout' } }), services), null, 'team is missing');
    assert.equal(matchService(signal('alertmanager', { labels: { service: 'checkout', team: 'platform' } }), services), null, 'team differs');
    assert.equal(matchService(signal('alertmanager', { labels: { service: 'Search' } }), services), null, 'values are exact');
    assert.equal(matchService(signal('alertmanager', { labels: {} }), services), null);
  });

  test('an empty matcher never matches, not even an alert without labels', () => {
    const empty = { catchAll: service({}) };
    assert.equal(matchService(signal('alertmanager', { labels: {} }), empty), null);
    assert.equal(matchService(signal('alertmanager', { labels: { service: 'checkout' } }), empty), null);
    // Nor for the other providers: empty lists hold nothing to match.
    assert.equal(matchService(signal('pagerduty', { pagerdutyServiceId: 'PCHECK1' }), empty), null);
    assert.equal(matchService(signal('opsgenie', { tags: ['service:checkout'] }), empty), null);
    assert.equal(matchService(signal('datadog', { tags: ['service:checkout'] }), empty), null);
  });

  test('tags do not count for Alertmanager', () => {
    assert.equal(matchService(signal('alertmanager', { tags: ['service:checkout'], pagerdutyServiceId: 'PCHECK1' }), services), null);
  });
});

describe('matchService: config order', () => {
  test('the first service in config order wins when several match', () => {
    const hints = { pagerdutyServiceId: 'PSHARED', tags: ['shared'], labels: { service: 'shared', team: 'core' } };
    const ab = {
      alpha: service({ pagerdutyServiceIds: ['PSHARED'], opsgenieTags: ['shared'], datadogTags: ['shared'], alertmanagerLabels: { service: 'shared' } }),
      beta: service({ pagerdutyServiceIds: ['PSHARED'], opsgenieTags: ['shared'], datadogTags: ['shared'], alertmanagerLabels: { service: 'shared', team: 'core' } }),
    };
    const ba = { beta: ab.beta, alpha: ab.alpha };
    for (const provider of ['pagerduty', 'opsgenie', 'datadog', 'alertmanager'] as const) {
      assert.equal(matchService(signal(provider, hints), ab), 'alpha', `${provider}: alpha first`);
      assert.equal(matchService(signal(provider, hints), ba), 'beta', `${provider}: beta first`);
    }
  });

  test('a later service still matches when the earlier ones do not', () => {
    const list = { none: service({ alertmanagerLabels: { service: 'nope' } }), emptyOne: service({}), target: service({ alertmanagerLabels: { service: 'x' } }) };
    assert.equal(matchService(signal('alertmanager', { labels: { service: 'x' } }), list), 'target');
  });

  test('no services configured: null', () => {
    assert.equal(matchService(signal('pagerduty', { pagerdutyServiceId: 'PCHECK1' }), {}), null);
  });
});

/** The default table of the config (src/config.ts), keys lower-cased as the config loader stores them. */
const table: Record<AlertProvider, Record<string, Severity>> = {
  pagerduty: { p1: 'SEV1', p2: 'SEV2', p3: 'SEV3', p4: 'SEV4', p5: 'SEV4', high: 'SEV2', low: 'SEV3' },
  opsgenie: { p1: 'SEV1', p2: 'SEV2', p3: 'SEV3', p4: 'SEV4', p5: 'SEV4' },
  jsm: { p1: 'SEV1', p2: 'SEV2', p3: 'SEV3', p4: 'SEV4', p5: 'SEV4' },
  datadog: { p1: 'SEV1', p2: 'SEV2', p3: 'SEV3', p4: 'SEV4', p5: 'SEV4' },
  alertmanager: { critical: 'SEV2', error: 'SEV2', warning: 'SEV3', info: 'SEV4' },
};

describe('mapSeverity', () => {
  test('maps through the provider table, case-insensitively', () => {
    assert.equal(mapSeverity('pagerduty', 'P1', table), 'SEV1');
    assert.equal(mapSeverity('pagerduty', 'p1', table), 'SEV1');
    assert.equal(mapSeverity('pagerduty', 'HIGH', table), 'SEV2');
    assert.equal(mapSeverity('opsgenie', 'P3', table), 'SEV3');
    assert.equal(mapSeverity('datadog', 'p5', table), 'SEV4');
    assert.equal(mapSeverity('alertmanager', 'Critical', table), 'SEV2');
    assert.equal(mapSeverity('alertmanager', 'WARNING', table), 'SEV3');
  });

  test('surrounding white space is ignored', () => {
    assert.equal(mapSeverity('alertmanager', '  info ', table), 'SEV4');
  });

  test('each provider has its own table', () => {
    assert.equal(mapSeverity('pagerduty', 'high', table), 'SEV2');
    assert.equal(mapSeverity('opsgenie', 'high', table), null, 'high is a PagerDuty urgency, not an Opsgenie priority');
    assert.equal(mapSeverity('alertmanager', 'P1', table), null);
    assert.equal(mapSeverity('pagerduty', 'critical', table), null);
    const custom = { ...table, datadog: { p1: 'SEV2' as const } };
    assert.equal(mapSeverity('datadog', 'P1', custom), 'SEV2');
    assert.equal(mapSeverity('opsgenie', 'P1', custom), 'SEV1');
    assert.equal(mapSeverity('datadog', 'P2', custom), null);
  });

  test('an unknown priority is null', () => {
    assert.equal(mapSeverity('pagerduty', 'P9', table), null);
    assert.equal(mapSeverity('alertmanager', 'page', table), null);
    assert.equal(mapSeverity('alertmanager', '', table), null);
  });

  test('a null priority is null', () => {
    for (const provider of ['pagerduty', 'opsgenie', 'datadog', 'alertmanager'] as const) assert.equal(mapSeverity(provider, null, table), null);
  });

  test('priority text that names an Object.prototype member is unknown, not a severity', () => {
    // The priority is untrusted provider text (an Alertmanager `severity` label, say).
    for (const priority of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      assert.equal(mapSeverity('alertmanager', priority, table), null, `priority ${JSON.stringify(priority)}`);
    }
  });
});
