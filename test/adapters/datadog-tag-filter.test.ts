import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { withDatadogTagFilter } from '../../src/adapters/datadog/tag-filter.js';

void describe('withDatadogTagFilter: every scope gets the tag, groupings stay', () => {
  const cases: [string, string[], string][] = [
    ['sum:trace.http.request.errors{*} by {region,service}.as_rate()', ['search'], 'sum:trace.http.request.errors{service:search} by {region,service}.as_rate()'],
    ['sum:trace.http.request.hits{*} by {region,service}.as_rate()', ['checkout', 'search'], 'sum:trace.http.request.hits{service IN (checkout, search)} by {region,service}.as_rate()'],
    ['sum:a{env:prod,!host:x} by {region}', ['search'], 'sum:a{env:prod,!host:x,service:search} by {region}'],
    ['sum:a{env:prod,!host:x} by {region}', ['a', 'b'], 'sum:a{env:prod AND NOT host:x AND service IN (a, b)} by {region}'],
    ['sum:a{env:prod OR env:stage}.as_count() / sum:b{*}.as_count()', ['search'], 'sum:a{(env:prod OR env:stage) AND service:search}.as_count() / sum:b{service:search}.as_count()'],
  ];
  for (const [query, values, expected] of cases) {
    test(`${query} with ${values.join(', ')}`, () => assert.equal(withDatadogTagFilter(query, 'service', values), expected));
  }
});
