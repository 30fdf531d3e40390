/**
 * `statuspage` in warroom.yml and STATUSPAGE_API_KEY / STATUSPAGE_API_URL (issue 20): off by
 * default; the page and component ids as Statuspage shows them; a component of a service that is
 * not configured is refused with a message naming the key; the key never appears in a problem.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatProblems, loadConfig } from '../../src/config.js';

const SERVICES = 'services:\n  checkout:\n    pagerduty: { escalationPolicyId: P1 }\n';
const load = (yaml: string, env: Record<string, string> = {}) => loadConfig({ LOG_LEVEL: 'silent', ...env }, { cwd: '/srv/warroom', readFile: (path) => (path === '/srv/warroom/warroom.yml' ? yaml : null) });
const problems = (yaml: string, env: Record<string, string> = {}) => {
  const result = load(yaml, env);
  assert.equal(result.ok, false);
  return result.ok ? '' : formatProblems(result.problems);
};

test('unset: no page, no components, the public API URL; set: the page, the mapping and a trimmed URL', () => {
  const off = load(SERVICES);
  assert.ok(off.ok, off.ok ? '' : formatProblems(off.problems));
  assert.deepEqual([off.config.settings.statuspage, off.config.statuspage], [{ pageId: null, components: {} }, { apiKey: null, apiUrl: 'https://api.statuspage.io/v1' }]);
  const on = load(`${SERVICES}statuspage:\n  pageId: qfn30z5r6s5h\n  components:\n    checkout: 8kbf7d35c070\n`, { STATUSPAGE_API_KEY: 'k3y', STATUSPAGE_API_URL: 'http://127.0.0.1:9/v1/' });
  assert.ok(on.ok, on.ok ? '' : formatProblems(on.problems));
  assert.deepEqual([on.config.settings.statuspage, on.config.statuspage], [{ pageId: 'qfn30z5r6s5h', components: { checkout: '8kbf7d35c070' } }, { apiKey: 'k3y', apiUrl: 'http://127.0.0.1:9/v1' }]);
});

test('a component of an unknown service, an id Statuspage would not have, or an unknown key is refused, naming the key', () => {
  assert.match(problems(`${SERVICES}statuspage:\n  pageId: qfn30z5r6s5h\n  components:\n    chekout: 8kbf7d35c070\n`), /statuspage\.components\.chekout.*is not a configured service \(configured: checkout\)/);
  assert.match(problems(`${SERVICES}statuspage:\n  pageId: My Page\n`), /statuspage\.pageId.*must be a Statuspage page id: 1 to 64 lower-case letters and digits/);
  assert.match(problems(`${SERVICES}statuspage:\n  components:\n    checkout: [a, b]\n`), /statuspage\.components\.checkout.*must be a Statuspage component id/);
  assert.match(problems(`${SERVICES}statuspage:\n  page: qfn30z5r6s5h\n`), /statuspage.*page/);
  const withKey = problems(`${SERVICES}statuspage:\n  pageId: Bad!\n`, { STATUSPAGE_API_KEY: 'super-secret-key' });
  assert.ok(!withKey.includes('super-secret-key'), 'the key is never shown');
});
