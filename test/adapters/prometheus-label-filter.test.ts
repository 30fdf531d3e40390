import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { promLabelMatcher, withPromLabelFilter } from '../../src/adapters/prometheus/label-filter.js';

void describe('withPromLabelFilter: every vector selector gets the matcher', () => {
  const m = promLabelMatcher('service', ['search']);
  const cases: [string, string][] = [
    ['sum by (region, service) (rate(http_requests_total{code=~"5.."}[5m]))', 'sum by (region, service) (rate(http_requests_total{code=~"5..",service="search"}[5m]))'],
    ['sum by (region, service) (rate(http_requests_total[5m]))', 'sum by (region, service) (rate(http_requests_total{service="search"}[5m]))'],
    ['sum(rate(a{}[5m])) by (region) / sum(rate(b[5m] offset 5m)) by (region)', 'sum(rate(a{service="search"}[5m])) by (region) / sum(rate(b{service="search"}[5m] offset 5m)) by (region)'],
    ['{__name__="up", job="x",}', '{__name__="up", job="x",service="search"}'],
    ['label_replace(up{job="a}b"}, "dst", "$1", "src", "(.*)") > bool 0.5e1', 'label_replace(up{job="a}b",service="search"}, "dst", "$1", "src", "(.*)") > bool 0.5e1'],
    ['a and on (region) group_left (service) b', 'a{service="search"} and on (region) group_left (service) b{service="search"}'],
    ['max_over_time(x[30m:1m]) # a comment naming y\n', 'max_over_time(x{service="search"}[30m:1m]) # a comment naming y\n'],
  ];
  for (const [query, expected] of cases) {
    test(query, () => assert.equal(withPromLabelFilter(query, m), expected));
  }

  test('several values are one escaped regex', () => {
    assert.equal(promLabelMatcher('service', ['checkout', 'search.v2']), 'service=~"checkout|search\\\\.v2"');
  });
});
