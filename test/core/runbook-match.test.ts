import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { globMatch, matchRunbooks, type Runbook } from '../../src/core/runbook-match.js';

void describe('globMatch', () => {
  const cases: [pattern: string, text: string, expected: boolean][] = [
    ['', '', true],
    ['', 'a', false],
    ['*', '', true],
    ['*', 'anything at all', true],
    ['**', 'x', true],
    ['abc', 'abc', true],
    ['abc', 'abcd', false],
    ['abc', 'xabc', false],
    ['*lag*', 'Replication lag high', true],
    ['*lag', 'Replication lag high', false],
    ['pg_replication_*', 'pg_replication_lag_seconds', true],
    ['pg_replication_*', 'xpg_replication_lag', false],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXbYY', false],
    ['a*c', 'abcbc', true],
    ['?', 'a', true],
    ['?', '', false],
    ['?', 'ab', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['??*', 'ab', true],
    ['??*', 'a', false],
    ['?', '🔥', true],
    ['*ReplicationLag*', 'PostgresReplicationLAG on db-2', true],
    ['*REPLICATION lag*', 'replication Lag', true],
    ['(', '(', true],
    ['(*)', '(x)', true],
    ['(*)', 'x', false],
    ['[abc]', 'a', false],
    ['[abc]', '[abc]', true],
    ['a+', 'aa', false],
    ['a+', 'a+', true],
    ['.*', 'anything', false],
    ['.*', '.x', true],
    ['^x$', 'x', false],
    ['^x$', '^x$', true],
    ['a|b', 'a', false],
    ['\\d', '\\d', true],
    ['\\d', '1', false],
    ['$1{2}', '$1{2}', true],
  ];
  for (const [pattern, text, expected] of cases) {
    test(`${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(text)}`, () => {
      assert.equal(globMatch(pattern, text), expected, `globMatch(${JSON.stringify(pattern)}, ${JSON.stringify(text)})`);
    });
  }

  test('a pathological pattern against 10 000 characters finishes (no catastrophic backtracking)', () => {
    const text = 'a'.repeat(10_000);
    assert.equal(globMatch('a*a*a*a*a*a*b', text), false, 'no b in the text');
    assert.equal(globMatch('a*a*a*a*a*a*a', text), true, 'all a: matches');
    assert.equal(globMatch('*a*a*a*a*a*a*a*a*a*a*?b', text), false, 'many stars, still no b');
  });
});

function runbook(id: string, title: string, services: string[] = [], alerts: string[] = []): Runbook {
  return { id, title, services, alerts, path: `runbooks/${id}.md`, url: null };
}

void describe('matchRunbooks', () => {
  const db = runbook('db', 'Database replication lag', [], ['*replication lag*', 'pg_replication_*']);
  const checkout = runbook('checkout', 'Checkout errors', ['checkout'], ['*5xx*']);
  const payments = runbook('payments', 'Applying payment holds', ['payments', 'checkout'], []);
  const sms = runbook('sms', 'SMS provider outage', [], ['*SMS*', '*OTP*']);
  const both = runbook('both', 'Billing database', ['billing'], ['*replication lag*']);
  const all = [db, checkout, payments, sms, both];
  const ids = (rs: Runbook[]) => rs.map((r) => r.id);

  test('nothing matches: empty', () => {
    assert.deepEqual(matchRunbooks(all, { services: ['search'], alertTitles: ['Disk full'], title: 'Disk full on search-3' }), [], 'no runbook for search disk');
    assert.deepEqual(matchRunbooks([], { services: ['checkout'], alertTitles: [], title: 'x' }), [], 'no runbooks at all');
  });

  test('service matches come first, ordered by title', () => {
    const got = matchRunbooks(all, { services: ['checkout'], alertTitles: [], title: 'Replication lag on db-2' });
    assert.deepEqual(ids(got), ['payments', 'checkout', 'both', 'db'], 'services (Applying…, Checkout…) then alerts (Billing…, Database…)');
  });

  test('alert titles and the incident title both match patterns', () => {
    assert.deepEqual(ids(matchRunbooks(all, { services: [], alertTitles: ['OTP delivery rate low'], title: 'Login broken' })), ['sms'], 'from the alert title');
    assert.deepEqual(ids(matchRunbooks(all, { services: [], alertTitles: [], title: 'sms not arriving' })), ['sms'], 'from the incident title, case-insensitive');
    assert.deepEqual(ids(matchRunbooks(all, { services: [], alertTitles: ['pg_replication_lag_seconds > 30'], title: 'x' })), ['db'], 'a prefix pattern');
  });

  test('a runbook matched by service and by alert appears once, in the service group', () => {
    const got = matchRunbooks(all, { services: ['billing'], alertTitles: ['Replication lag high', 'Replication lag critical'], title: 'Replication lag' });
    assert.deepEqual(ids(got), ['both', 'db'], 'both by service first, then db by alert; no duplicates');
  });

  test('the same runbook listed twice (same id) is returned once', () => {
    const got = matchRunbooks([sms, { ...sms }], { services: [], alertTitles: ['SMS down'], title: 'SMS down' });
    assert.deepEqual(ids(got), ['sms'], 'deduplicated by id');
  });

  test('services match exactly, not as patterns', () => {
    assert.deepEqual(matchRunbooks(all, { services: ['check*'], alertTitles: [], title: 'x' }), [], 'a service name is not a glob');
  });

  test('the input is not reordered', () => {
    const input = [sms, db];
    matchRunbooks(input, { services: [], alertTitles: ['SMS', 'replication lag'], title: 'x' });
    assert.deepEqual(ids(input), ['sms', 'db'], 'matchRunbooks must not sort its argument');
  });
});
