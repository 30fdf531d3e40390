// JSM Operations in the configuration (issue 19): its variables, `services.*.jsm`, `paging.order`, `paging.resolveLinked.jsm`.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeConfig, formatProblems, loadConfig, MASK, SECRET_ENV_NAMES, type Config, type ConfigProblem } from '../../src/config.js';

const FILE = '/srv/warroom/warroom.yml';
const CLOUD_ID = '0f6b7c1e-3a1d-4a9e-9a51-2d7f1c0e5b42';
const JSM = { JSM_CLOUD_ID: CLOUD_ID, JSM_API_EMAIL: 'ops@example.com', JSM_API_TOKEN: 'jsm-token-secret', JSM_INTEGRATION_KEY: 'jsm-integration-key' };

function load(env: Record<string, string>, file?: string) {
  return loadConfig(env, { cwd: '/srv/warroom', readFile: (path) => (path === FILE ? (file ?? null) : null) });
}
function ok(env: Record<string, string>, file?: string): Config {
  const result = load(env, file);
  if (!result.ok) assert.fail(formatProblems(result.problems));
  return result.config;
}
function problems(env: Record<string, string>, file?: string): [string, string][] {
  const result = load(env, file);
  if (result.ok) assert.fail('expected problems');
  return result.problems.map((p: ConfigProblem) => [p.name, p.message]);
}

void describe('JSM Operations configuration', () => {
  void test('the four credentials, the default API URL and the webhook token; secrets masked', () => {
    const config = ok({ ...JSM, JSM_WEBHOOK_TOKEN: 'jsm-hook' });
    assert.deepEqual(config.jsm, { cloudId: CLOUD_ID, apiEmail: 'ops@example.com', apiToken: 'jsm-token-secret', integrationKey: 'jsm-integration-key', apiUrl: 'https://api.atlassian.com', webhookToken: 'jsm-hook' });
    assert.equal(ok({ ...JSM, JSM_API_URL: 'http://127.0.0.1:9/' }).jsm.apiUrl, 'http://127.0.0.1:9');
    const described = JSON.stringify(describeConfig(config));
    for (const secret of ['jsm-token-secret', 'jsm-integration-key', 'jsm-hook']) assert.ok(!described.includes(secret), `${secret} is masked`);
    assert.equal((describeConfig(config).jsm as { apiToken: string }).apiToken, MASK);
    for (const name of ['JSM_API_TOKEN', 'JSM_INTEGRATION_KEY', 'JSM_WEBHOOK_TOKEN']) assert.ok(SECRET_ENV_NAMES.includes(name), `${name} is a secret`);
  });

  void test('one credential without the others names each missing one', () => {
    const why = 'required when JSM_API_TOKEN is set (JSM Operations needs JSM_CLOUD_ID, JSM_API_EMAIL, JSM_API_TOKEN and JSM_INTEGRATION_KEY together)';
    assert.deepEqual(problems({ JSM_API_TOKEN: 't' }), [
      ['JSM_CLOUD_ID', why],
      ['JSM_API_EMAIL', why],
      ['JSM_INTEGRATION_KEY', why],
    ]);
  });

  void test('a cloud id that is not a UUID and an email that is not one are refused', () => {
    assert.deepEqual(problems({ ...JSM, JSM_CLOUD_ID: 'mysite.atlassian.net', JSM_API_EMAIL: 'ops' }), [
      ['JSM_CLOUD_ID', "must be the site's cloud id, a UUID (https://<site>.atlassian.net/_edge/tenant_info)"],
      ['JSM_API_EMAIL', 'must be the email address of the Atlassian account that owns JSM_API_TOKEN'],
    ]);
  });

  void test('services.*.jsm.schedule, paging.order and paging.resolveLinked.jsm', () => {
    const config = ok({}, 'services:\n  checkout:\n    jsm: { schedule: 5c8a9f1e-sched }\npaging:\n  order: [jsm, pagerduty]\n  resolveLinked: { jsm: false }\n');
    assert.deepEqual(config.settings.services.checkout?.jsm, { schedule: '5c8a9f1e-sched' });
    assert.deepEqual(config.settings.paging.order, ['jsm', 'pagerduty']);
    assert.deepEqual(config.settings.paging.resolveLinked, { pagerduty: true, opsgenie: true, jsm: false });
    assert.deepEqual(ok({}).settings.paging.order, ['pagerduty', 'opsgenie', 'jsm']);
  });

  void test('paging.order names known providers, each once', () => {
    assert.deepEqual(problems({}, 'paging:\n  order: [pagerduty, victorops]\n'), [['warroom.yml: paging.order[1]', 'must be one of pagerduty, opsgenie, jsm (line 2)']]);
    assert.deepEqual(problems({}, 'paging:\n  order: [jsm, jsm]\n'), [['warroom.yml: paging.order', 'must name each provider once (line 2)']]);
    assert.deepEqual(problems({}, 'paging:\n  order: []\n'), [['warroom.yml: paging.order', 'must name at least one of pagerduty, opsgenie, jsm (line 2)']]);
  });

  void test('services.*.jsm.escalation is "<team id>/<escalation id>"; paging.mirrorNotes takes jsm and names it by default', () => {
    const config = ok({}, 'services:\n  checkout:\n    jsm: { schedule: s1, escalation: team-7/esc-2 }\npaging:\n  mirrorNotes: [jsm]\n');
    assert.deepEqual(config.settings.services.checkout?.jsm, { schedule: 's1', escalation: 'team-7/esc-2' });
    assert.deepEqual(config.settings.paging.mirrorNotes, ['jsm']);
    assert.deepEqual(ok({}).settings.paging.mirrorNotes, ['pagerduty', 'opsgenie', 'jsm']);
    assert.deepEqual(problems({}, 'services:\n  checkout:\n    jsm: { escalation: esc-2 }\n'), [
      ['warroom.yml: services.checkout.jsm.escalation', 'must be "<team id>/<escalation id>" of a JSM Operations escalation (line 3)'],
    ]);
  });
});
