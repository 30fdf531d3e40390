import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CONFIG_ENV_NAMES,
  SECRET_ENV_NAMES,
  describeConfig,
  formatProblems,
  loadConfig,
  type Config,
  type ConfigProblem,
} from '../../src/config.js';

const CWD = '/srv/warroom';
const DEFAULT_FILE = '/srv/warroom/warroom.yml';

/** Loads with a fake file system holding `files` (absolute path → text). */
function load(env: Record<string, string | undefined>, files: Record<string, string> = {}) {
  return loadConfig(env, { cwd: CWD, readFile: (path) => files[path] ?? null });
}

function ok(env: Record<string, string | undefined>, files: Record<string, string> = {}): Config {
  const result = load(env, files);
  if (!result.ok) assert.fail(`expected a valid configuration:\n${formatProblems(result.problems)}`);
  return result.config;
}

function problems(env: Record<string, string | undefined>, files: Record<string, string> = {}): ConfigProblem[] {
  const result = load(env, files);
  if (result.ok) assert.fail('expected configuration problems');
  return result.problems;
}

const yaml = (text: string) => ({ [DEFAULT_FILE]: text });

const DEFAULT_SETTINGS = {
  channelPrefix: 'inc',
  stakeholderChannels: [],
  privateStakeholderChannels: [],
  severities: {
    SEV1: { updateEveryMinutes: 30 },
    SEV2: { updateEveryMinutes: 60 },
    SEV3: { updateEveryMinutes: 0 },
    SEV4: { updateEveryMinutes: 0 },
  },
  grouping: { byService: true },
  services: {},
  scope: {
    source: 'prometheus',
    labels: { region: 'region', service: 'service' },
    prometheus: {
      errorRate: 'sum by (region, service) (rate(http_requests_total{code=~"5.."}[5m]))',
      requestRate: 'sum by (region, service) (rate(http_requests_total[5m]))',
    },
    datadog: {
      errorRate: 'sum:trace.http.request.errors{*} by {region,service}.as_rate()',
      requestRate: 'sum:trace.http.request.hits{*} by {region,service}.as_rate()',
    },
    affectedAbove: 0.01,
    refreshMinutes: 5,
  },
  checks: [],
  timelineEmoji: 'pushpin',
  autoResolve: false,
  commanderReminderMinutes: 5,
  breakGlassMinutes: 3,
  paging: { ackTimeoutMinutes: 5, resolveLinked: { pagerduty: true, opsgenie: true, jsm: true }, order: ['pagerduty', 'opsgenie', 'jsm'], mirrorNotes: ['pagerduty', 'opsgenie', 'jsm'], check: { target: {}, everyMs: null, channel: null, timeoutMs: 300_000 } },
  alertSeverity: {
    pagerduty: { p1: 'SEV1', p2: 'SEV2', p3: 'SEV3', p4: 'SEV4', p5: 'SEV4', high: 'SEV2', low: 'SEV3' },
    opsgenie: { p1: 'SEV1', p2: 'SEV2', p3: 'SEV3', p4: 'SEV4', p5: 'SEV4' },
    jsm: { p1: 'SEV1', p2: 'SEV2', p3: 'SEV3', p4: 'SEV4', p5: 'SEV4' },
    datadog: { p1: 'SEV1', p2: 'SEV2', p3: 'SEV3', p4: 'SEV4', p5: 'SEV4' },
    alertmanager: { critical: 'SEV2', error: 'SEV2', warning: 'SEV3', info: 'SEV4' },
  },
  retention: { deliveriesDays: 14, slackTasksDays: 7, incidentDetailsDays: 90, incidentsDays: null, everyMinutes: 60 },
  bridge: { url: null },
  fallbackRoom: { enabled: true },
  incidentTypes: [
    { name: 'default', description: '', channelPrefix: null, private: false, stakeholderChannels: null, roles: ['commander', 'comms', 'scribe', 'ops'], updateCadence: {}, services: [], runbooks: [], default: true },
  ],
  statuspage: { pageId: null, components: {} },
  followups: { tracker: 'none', github: null, jira: null, checkEveryMs: 600_000 },
};

// No Slack credential and WARROOM_SANDBOX unset: sandbox mode, on 127.0.0.1.
const DEFAULT_CONFIG: Config = {
  port: 3000,
  host: '127.0.0.1',
  sandbox: true,
  sandboxRefused: null,
  databaseUrl: null,
  dataDir: '/srv/warroom/.data',
  configFile: null,
  apiToken: null,
  apiPrivateToken: null,
  metricsToken: null,
  logLevel: 'info',
  slack: null,
  pagerduty: { apiToken: null, fromEmail: null, webhookSecrets: [], apiUrl: 'https://api.pagerduty.com' },
  opsgenie: { apiKey: null, apiUrl: 'https://api.opsgenie.com', webhookToken: null },
  jsm: { cloudId: null, apiEmail: null, apiToken: null, integrationKey: null, apiUrl: 'https://api.atlassian.com', webhookToken: null },
  datadog: { apiKey: null, appKey: null, site: 'datadoghq.com', apiUrl: 'https://api.datadoghq.com', webhookToken: null },
  statuspage: { apiKey: null, apiUrl: 'https://api.statuspage.io/v1' },
  alertmanager: { webhookToken: null },
  prometheus: { url: null },
  github: { token: null, apiUrl: 'https://api.github.com', webhookSecret: null },
  jira: {},
  shutdownDelaySeconds: 0,
  webhookLargeBodyConcurrency: 4,
  roomWorkerSlots: 1,
  startupRetrySeconds: 300,
  fallbackRoom: { publicUrl: null, linkSecret: null },
  settings: DEFAULT_SETTINGS as Config['settings'],
};

void describe('environment', () => {
  void test('an empty environment gives every default', () => {
    assert.deepEqual(ok({}), DEFAULT_CONFIG);
  });

  void test('PORT=abc with SLACK_BOT_TOKEN alone gives exactly those two problems, both named', () => {
    const found = problems({ PORT: 'abc', SLACK_BOT_TOKEN: 'x' });
    assert.deepEqual(found, [
      { name: 'PORT', valueClass: 'text (3 chars)', message: 'must be an integer from 1 to 65535' },
      { name: 'SLACK_SIGNING_SECRET', valueClass: 'missing', message: 'required when SLACK_BOT_TOKEN is set (Socket Mode, with SLACK_APP_TOKEN, does not need it)' },
    ]);
    assert.equal(
      formatProblems(found),
      [
        'Warroom cannot start: the configuration has 2 problems.',
        '  - PORT (text, 3 chars): must be an integer from 1 to 65535',
        '  - SLACK_SIGNING_SECRET (missing): required when SLACK_BOT_TOKEN is set (Socket Mode, with SLACK_APP_TOKEN, does not need it)',
        'Fix them in the environment or in the config file; `npx warroom config check` re-checks.',
      ].join('\n'),
    );
  });

  void test('empty and blank variables count as unset', () => {
    const env = Object.fromEntries(CONFIG_ENV_NAMES.map((name) => [name, '']));
    assert.deepEqual(ok(env), DEFAULT_CONFIG);
    assert.deepEqual(ok({ PORT: '  ', SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: ' \n' }), DEFAULT_CONFIG);
  });

  void test('a blank half of a pair is reported as empty', () => {
    assert.deepEqual(problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: '' }), [
      { name: 'SLACK_SIGNING_SECRET', valueClass: 'empty', message: 'required when SLACK_BOT_TOKEN is set (Socket Mode, with SLACK_APP_TOKEN, does not need it)' },
    ]);
  });

  void test('PORT must be an integer from 1 to 65535', () => {
    assert.equal(ok({ PORT: '8080' }).port, 8080);
    assert.equal(ok({ PORT: ' 65535 ' }).port, 65535);
    for (const bad of ['0', '65536', '3.5', '-1', '80a', '1e3']) {
      const found = problems({ PORT: bad });
      assert.equal(found.length, 1, bad);
      assert.equal(found[0]?.name, 'PORT');
      assert.equal(found[0]?.message, 'must be an integer from 1 to 65535');
    }
    assert.equal(problems({ PORT: '70000' })[0]?.valueClass, 'number');
  });

  void test('HOST, DATA_DIR, LOG_LEVEL and WARROOM_API_TOKEN', () => {
    const config = ok({ HOST: '127.0.0.1', DATA_DIR: 'state/db', LOG_LEVEL: 'DEBUG', WARROOM_API_TOKEN: 'tok' });
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.dataDir, '/srv/warroom/state/db');
    assert.equal(config.logLevel, 'debug');
    assert.equal(config.apiToken, 'tok');
    assert.equal(ok({ DATA_DIR: '/var/lib/warroom' }).dataDir, '/var/lib/warroom');
    assert.deepEqual(problems({ LOG_LEVEL: 'loud' }), [
      { name: 'LOG_LEVEL', valueClass: 'text (4 chars)', message: 'must be one of fatal, error, warn, info, debug, trace, silent' },
    ]);
  });

  void test('DATABASE_URL must be a postgres URL', () => {
    assert.equal(ok({ DATABASE_URL: 'postgres://localhost/warroom' }).databaseUrl, 'postgres://localhost/warroom');
    assert.equal(ok({ DATABASE_URL: 'postgresql://u:p@db:5432/w' }).databaseUrl, 'postgresql://u:p@db:5432/w');
    for (const bad of ['mysql://u:p@db/w', 'localhost:5432', 'http://db/w']) {
      assert.deepEqual(problems({ DATABASE_URL: bad }).map((p) => [p.name, p.message]), [
        ['DATABASE_URL', 'must be a postgres:// or postgresql:// URL'],
      ]);
    }
  });

  void test('Slack is off without tokens, on with both, and a half pair is a problem', () => {
    assert.equal(ok({ SLACK_API_URL: 'http://localhost:1/api' }).slack, null);
    assert.deepEqual(ok({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'sig' }).slack, {
      botToken: 'xoxb-1',
      signingSecret: 'sig',
      appToken: null,
      apiUrl: 'https://slack.com/api/',
    });
    assert.equal(ok({ SLACK_BOT_TOKEN: 'b', SLACK_SIGNING_SECRET: 's', SLACK_APP_TOKEN: 'xapp-1' }).slack?.appToken, 'xapp-1');
    assert.deepEqual(problems({ SLACK_SIGNING_SECRET: 's' }), [
      { name: 'SLACK_BOT_TOKEN', valueClass: 'missing', message: 'required when SLACK_SIGNING_SECRET is set' },
    ]);
    assert.deepEqual(problems({ SLACK_APP_TOKEN: 'xapp-1' }).map((p) => [p.name, p.message]), [
      ['SLACK_BOT_TOKEN', 'required when SLACK_APP_TOKEN is set'],
    ]);
    assert.deepEqual(problems({ SLACK_BOT_TOKEN: 'b' }).map((p) => [p.name, p.message]), [
      ['SLACK_SIGNING_SECRET', 'required when SLACK_BOT_TOKEN is set (Socket Mode, with SLACK_APP_TOKEN, does not need it)'],
    ]);
  });

  void test('Socket Mode: SLACK_APP_TOKEN makes the signing secret optional, and must be an app-level token', () => {
    assert.deepEqual(ok({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-A1-2-abc' }).slack, {
      botToken: 'xoxb-1',
      signingSecret: null,
      appToken: 'xapp-1-A1-2-abc',
      apiUrl: 'https://slack.com/api/',
    });
    assert.deepEqual(problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-1' }), [
      { name: 'SLACK_APP_TOKEN', valueClass: 'text (6 chars)', message: 'must be an app-level token (xapp-…), not the bot token' },
    ]);
  });

  void test('WARROOM_SANDBOX: auto is on without Slack credentials, on/off force it, and on beside a credential is a problem', () => {
    assert.deepEqual([ok({}).sandbox, ok({}).host], [true, '127.0.0.1'], 'auto without credentials: sandbox on 127.0.0.1');
    const withSlack = ok({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'sig' });
    assert.deepEqual([withSlack.sandbox, withSlack.host], [false, '0.0.0.0'], 'auto with credentials: no sandbox, all interfaces');
    assert.deepEqual([ok({ WARROOM_SANDBOX: 'off' }).sandbox, ok({ WARROOM_SANDBOX: 'off' }).host], [false, '0.0.0.0'], 'off: Slack is off');
    assert.equal(ok({ WARROOM_SANDBOX: 'ON' }).sandbox, true, 'on, case-insensitive');
    assert.equal(ok({ WARROOM_SANDBOX: 'on', HOST: '0.0.0.0' }).host, '0.0.0.0', 'HOST wins over the sandbox default');
  });

  void test('WARROOM_SANDBOX=auto refuses the sandbox on an external database or a non-loopback HOST, and says why; on still starts it', () => {
    const DB = 'postgres://warroom:pw@db.internal:5432/warroom';
    const withDatabase = ok({ DATABASE_URL: DB });
    assert.deepEqual([withDatabase.sandbox, withDatabase.slack, withDatabase.host], [false, null, '0.0.0.0'], 'an external database: no sandbox, Slack off');
    assert.match(withDatabase.sandboxRefused ?? '', /DATABASE_URL/);
    for (const host of ['0.0.0.0', '10.0.0.5', '::', 'warroom.example.com']) {
      const exposed = ok({ HOST: host });
      assert.equal(exposed.sandbox, false, `HOST=${host}: no sandbox`);
      assert.match(exposed.sandboxRefused ?? '', /HOST/, `HOST=${host}: says why`);
    }
    for (const host of ['127.0.0.1', '127.0.1.1', 'localhost', '::1', '[::1]']) {
      assert.deepEqual([ok({ HOST: host }).sandbox, ok({ HOST: host }).sandboxRefused], [true, null], `HOST=${host}: a loopback address keeps the sandbox`);
    }
    const forced = ok({ WARROOM_SANDBOX: 'on', DATABASE_URL: DB, HOST: '0.0.0.0' });
    assert.deepEqual([forced.sandbox, forced.sandboxRefused], [true, null], 'on is explicit: the sandbox starts');
    assert.equal(ok({ WARROOM_SANDBOX: 'off', DATABASE_URL: DB }).sandboxRefused, null, 'off: nothing was refused');
    assert.equal(ok({ DATABASE_URL: DB, SLACK_BOT_TOKEN: 'b', SLACK_SIGNING_SECRET: 's' }).sandboxRefused, null, 'Slack credentials: the sandbox was never wanted');
    assert.deepEqual(problems({ WARROOM_SANDBOX: 'on', SLACK_APP_TOKEN: 'xapp-1', SLACK_BOT_TOKEN: 'b', SLACK_SIGNING_SECRET: 's' }).map((p) => [p.name, p.message]), [
      ['WARROOM_SANDBOX', 'must not be on while SLACK_BOT_TOKEN is set (the sandbox plays Slack itself)'],
    ]);
    assert.deepEqual(problems({ WARROOM_SANDBOX: 'maybe' }).map((p) => [p.name, p.message]), [['WARROOM_SANDBOX', 'must be one of auto, on, off']]);
  });

  void test('API URLs: Slack gains a trailing slash, the others lose theirs', () => {
    const base = { SLACK_BOT_TOKEN: 'b', SLACK_SIGNING_SECRET: 's' };
    assert.equal(ok({ ...base, SLACK_API_URL: 'http://127.0.0.1:9999/api' }).slack?.apiUrl, 'http://127.0.0.1:9999/api/');
    assert.equal(ok({ ...base, SLACK_API_URL: 'http://127.0.0.1:9999/api/' }).slack?.apiUrl, 'http://127.0.0.1:9999/api/');
    const config = ok({
      PAGERDUTY_API_URL: 'http://127.0.0.1:1/',
      OPSGENIE_API_URL: 'http://127.0.0.1:2/og/',
      DATADOG_API_URL: 'http://127.0.0.1:3',
      PROMETHEUS_URL: 'http://prometheus:9090/',
    });
    assert.equal(config.pagerduty.apiUrl, 'http://127.0.0.1:1');
    assert.equal(config.opsgenie.apiUrl, 'http://127.0.0.1:2/og');
    assert.equal(config.datadog.apiUrl, 'http://127.0.0.1:3');
    assert.equal(config.prometheus.url, 'http://prometheus:9090');
    assert.deepEqual(problems({ SLACK_API_URL: 'ftp://x/', PROMETHEUS_URL: 'prometheus:9090' }).map((p) => [p.name, p.message]), [
      ['SLACK_API_URL', 'must be an http:// or https:// URL'],
      ['PROMETHEUS_URL', 'must be an http:// or https:// URL'],
    ]);
  });

  void test('PagerDuty: webhook secrets are split, trimmed, empties dropped; a token needs a from email', () => {
    assert.deepEqual(ok({ PAGERDUTY_WEBHOOK_SECRETS: ' a , b,,c ' }).pagerduty.webhookSecrets, ['a', 'b', 'c']);
    assert.deepEqual(ok({ PAGERDUTY_WEBHOOK_SECRETS: 'only' }).pagerduty.webhookSecrets, ['only']);
    assert.deepEqual(problems({ PAGERDUTY_WEBHOOK_SECRETS: ' , ,' }).map((p) => p.name), ['PAGERDUTY_WEBHOOK_SECRETS']);
    const pd = ok({ PAGERDUTY_API_TOKEN: 't', PAGERDUTY_FROM_EMAIL: 'oncall@example.com' }).pagerduty;
    assert.equal(pd.apiToken, 't');
    assert.equal(pd.fromEmail, 'oncall@example.com');
    assert.deepEqual(problems({ PAGERDUTY_API_TOKEN: 't' }).map((p) => [p.name, p.valueClass]), [['PAGERDUTY_FROM_EMAIL', 'missing']]);
    assert.deepEqual(problems({ PAGERDUTY_FROM_EMAIL: 'not-an-email' }), [
      { name: 'PAGERDUTY_FROM_EMAIL', valueClass: 'text (12 chars)', message: 'must be an email address' },
    ]);
  });

  void test('Opsgenie, Datadog, Alertmanager and Prometheus', () => {
    const config = ok({
      OPSGENIE_API_KEY: 'og',
      OPSGENIE_WEBHOOK_TOKEN: 'ogw',
      DATADOG_API_KEY: 'dk',
      DATADOG_APP_KEY: 'da',
      DATADOG_SITE: 'datadoghq.eu',
      DATADOG_WEBHOOK_TOKEN: 'dw',
      ALERTMANAGER_WEBHOOK_TOKEN: 'am',
      PROMETHEUS_URL: 'http://prometheus:9090',
    });
    assert.deepEqual(config.opsgenie, { apiKey: 'og', apiUrl: 'https://api.opsgenie.com', webhookToken: 'ogw' });
    assert.deepEqual(config.datadog, { apiKey: 'dk', appKey: 'da', site: 'datadoghq.eu', apiUrl: 'https://api.datadoghq.eu', webhookToken: 'dw' });
    assert.deepEqual(config.alertmanager, { webhookToken: 'am' });
    assert.deepEqual(config.prometheus, { url: 'http://prometheus:9090' });
    assert.equal(ok({ DATADOG_SITE: 'us5.datadoghq.com', DATADOG_API_URL: 'http://127.0.0.1:4/' }).datadog.apiUrl, 'http://127.0.0.1:4');
    assert.deepEqual(problems({ DATADOG_SITE: 'https://datadoghq.eu' }).map((p) => p.name), ['DATADOG_SITE']);
    assert.deepEqual(problems({ DATADOG_API_KEY: 'dk' }).map((p) => [p.name, p.valueClass]), [['DATADOG_APP_KEY', 'missing']]);
  });

  void test('SECRET_ENV_NAMES lists the secrets, all of them real variables', () => {
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'WARROOM_API_TOKEN', 'WARROOM_METRICS_TOKEN', 'PAGERDUTY_API_TOKEN',
      'PAGERDUTY_WEBHOOK_SECRETS', 'OPSGENIE_API_KEY', 'OPSGENIE_WEBHOOK_TOKEN', 'DATADOG_API_KEY', 'DATADOG_APP_KEY',
      'DATADOG_WEBHOOK_TOKEN', 'ALERTMANAGER_WEBHOOK_TOKEN', 'DATABASE_URL']) {
      assert.ok(SECRET_ENV_NAMES.includes(name), name);
    }
    for (const name of SECRET_ENV_NAMES) assert.ok((CONFIG_ENV_NAMES as readonly string[]).includes(name), name);
    assert.ok(!SECRET_ENV_NAMES.includes('PORT'));
    assert.ok(SECRET_ENV_NAMES.includes('WARROOM_ROOM_LINK_SECRET'));
  });
});

void describe('fallback room (issue 23)', () => {
  void test('WARROOM_PUBLIC_URL is an http(s) URL, kept without its trailing slash', () => {
    assert.equal(ok({ WARROOM_PUBLIC_URL: 'https://warroom.example.com/' }).fallbackRoom.publicUrl, 'https://warroom.example.com');
    for (const bad of ['warroom.example.com', 'ftp://warroom.example.com', 'https://']) {
      assert.deepEqual(problems({ WARROOM_PUBLIC_URL: bad }).map((p) => [p.name, p.message]), [['WARROOM_PUBLIC_URL', 'must be an http:// or https:// URL']], bad);
    }
  });

  void test('links are signed with WARROOM_ROOM_LINK_SECRET (32 characters or more), else with a key derived from WARROOM_API_TOKEN', () => {
    assert.equal(ok({ WARROOM_ROOM_LINK_SECRET: 'x'.repeat(32) }).fallbackRoom.linkSecret, 'x'.repeat(32));
    assert.deepEqual(problems({ WARROOM_ROOM_LINK_SECRET: 'short' }).map((p) => p.name), ['WARROOM_ROOM_LINK_SECRET']);
    const derived = ok({ WARROOM_API_TOKEN: 'api-token' }).fallbackRoom.linkSecret;
    assert.ok(derived !== null && derived !== 'api-token');
    assert.equal(ok({}).fallbackRoom.linkSecret, null);
  });

  void test('fallbackRoom.enabled: true by default, false turns the room off', () => {
    assert.equal(ok({}).settings.fallbackRoom.enabled, true);
    assert.equal(ok({}, yaml('fallbackRoom:\n  enabled: false\n')).settings.fallbackRoom.enabled, false);
    assert.deepEqual(problems({}, yaml('fallbackRoom:\n  enabled: sometimes\n')).map((p) => p.name), ['warroom.yml: fallbackRoom.enabled']);
  });
});

void describe('secrets', () => {
  const SECRETS = {
    WARROOM_API_TOKEN: 'api-token-SECRET-1',
    SLACK_BOT_TOKEN: 'xoxb-SECRET-2',
    SLACK_SIGNING_SECRET: 'signing-SECRET-3',
    SLACK_APP_TOKEN: 'xapp-SECRET-4',
    PAGERDUTY_API_TOKEN: 'pd-SECRET-5',
    PAGERDUTY_FROM_EMAIL: 'oncall@example.com',
    PAGERDUTY_WEBHOOK_SECRETS: 'whsec-SECRET-6,whsec-SECRET-7',
    OPSGENIE_API_KEY: 'og-SECRET-8',
    OPSGENIE_WEBHOOK_TOKEN: 'ogw-SECRET-9',
    DATADOG_API_KEY: 'dd-SECRET-10',
    DATADOG_APP_KEY: 'dda-SECRET-11',
    DATADOG_WEBHOOK_TOKEN: 'ddw-SECRET-12',
    ALERTMANAGER_WEBHOOK_TOKEN: 'am-SECRET-13',
    DATABASE_URL: 'postgres://warroom:db-SECRET-14@db.internal:5432/warroom',
    WARROOM_METRICS_TOKEN: 'metrics-SECRET-15',
    WARROOM_ROOM_LINK_SECRET: 'room-links-SECRET-16-at-least-32-chars',
  };
  const secretValues = ['api-token-SECRET-1', 'xoxb-SECRET-2', 'signing-SECRET-3', 'xapp-SECRET-4', 'pd-SECRET-5', 'whsec-SECRET-6',
    'whsec-SECRET-7', 'og-SECRET-8', 'ogw-SECRET-9', 'dd-SECRET-10', 'dda-SECRET-11', 'ddw-SECRET-12', 'am-SECRET-13', 'db-SECRET-14', 'metrics-SECRET-15', 'room-links-SECRET-16-at-least-32-chars'];

  const assertNoSecret = (text: string) => {
    for (const value of secretValues) assert.ok(!text.includes(value), `leaked ${value}`);
    assert.ok(!/SECRET-\d/.test(text), 'leaked a secret');
  };

  void test('describeConfig masks every secret', () => {
    const config = ok(SECRETS);
    assert.equal(config.slack?.botToken, 'xoxb-SECRET-2');
    const described = describeConfig(config);
    const json = JSON.stringify(described);
    assertNoSecret(json);
    assert.deepEqual(JSON.parse(json), described, 'plain JSON');
    assert.equal(described.apiToken, '****');
    assert.equal(described.metricsToken, '****');
    assert.deepEqual(described.slack, { botToken: '****', signingSecret: '****', appToken: '****', apiUrl: 'https://slack.com/api/' });
    assert.deepEqual(described.pagerduty, {
      apiToken: '****', fromEmail: 'oncall@example.com', webhookSecrets: ['****', '****'], apiUrl: 'https://api.pagerduty.com',
    });
    assert.deepEqual(described.opsgenie, { apiKey: '****', apiUrl: 'https://api.opsgenie.com', webhookToken: '****' });
    assert.deepEqual(described.datadog, {
      apiKey: '****', appKey: '****', site: 'datadoghq.com', apiUrl: 'https://api.datadoghq.com', webhookToken: '****',
    });
    assert.deepEqual(described.alertmanager, { webhookToken: '****' });
    assert.deepEqual(described.fallbackRoom, { publicUrl: null, linkSecret: '****' });
  });

  void test('describeConfig shows the follow-up trackers and the status page, secrets masked', () => {
    const more = {
      JSM_CLOUD_ID: '0f6b7c1e-3a1d-4a9e-9a51-2d7f1c0e5b42', JSM_API_EMAIL: 'ops@example.com', JSM_API_TOKEN: 'jsm-SECRET-16',
      JSM_INTEGRATION_KEY: 'jsmi-SECRET-17', JSM_WEBHOOK_TOKEN: 'jsmw-SECRET-18',
      STATUSPAGE_API_KEY: 'sp-SECRET-19', WARROOM_API_PRIVATE_TOKEN: 'private-SECRET-20',
      WARROOM_GITHUB_TOKEN: 'gh-SECRET-21', GITHUB_WEBHOOK_SECRET: 'ghw-SECRET-22',
      JIRA_API_URL: 'https://ops.atlassian.net/', JIRA_API_EMAIL: 'jira@example.com', JIRA_API_TOKEN: 'jira-SECRET-23', JIRA_WEBHOOK_SECRET: 'jiraw-SECRET-24',
    };
    const env = { ...SECRETS, ...more };
    // Every secret variable is set here, so one added later without masking fails this test.
    for (const name of SECRET_ENV_NAMES) assert.ok(name in env, `${name} is set in this test`);
    const described = describeConfig(ok(env));
    assertNoSecret(JSON.stringify(described));
    assert.deepEqual(described.statuspage, { apiKey: '****', apiUrl: 'https://api.statuspage.io/v1' });
    assert.deepEqual(described.github, { token: '****', apiUrl: 'https://api.github.com', webhookSecret: '****' });
    assert.deepEqual(described.jira, { apiUrl: 'https://ops.atlassian.net/', apiEmail: 'jira@example.com', apiToken: '****', webhookSecret: '****' });
    const unset = describeConfig(ok({}));
    assert.deepEqual(unset.statuspage, { apiKey: null, apiUrl: 'https://api.statuspage.io/v1' });
    assert.deepEqual(unset.github, { token: null, apiUrl: 'https://api.github.com', webhookSecret: null });
    assert.deepEqual(unset.jira, { apiUrl: null, apiEmail: null, apiToken: null, webhookSecret: null });
  });

  void test('unset secrets stay null in describeConfig', () => {
    const described = describeConfig(ok({}));
    assert.equal(described.apiToken, null);
    assert.equal(described.metricsToken, null);
    assert.equal(described.slack, null);
    assert.equal(described.databaseUrl, null);
    assert.deepEqual(described.pagerduty, { apiToken: null, fromEmail: null, webhookSecrets: [], apiUrl: 'https://api.pagerduty.com' });
  });

  void test('only the password of DATABASE_URL is masked', () => {
    const url = 'postgresql://warroom:s3cr%40t-pw@db.internal:5432/warroom?sslmode=require';
    const config = ok({ DATABASE_URL: url });
    assert.equal(config.databaseUrl, url);
    assert.equal(describeConfig(config).databaseUrl, 'postgresql://warroom:****@db.internal:5432/warroom?sslmode=require');
    assert.equal(describeConfig(ok({ DATABASE_URL: 'postgres://db/w?password=pw123' })).databaseUrl, 'postgres://db/w?password=****');
    assert.equal(describeConfig(ok({ DATABASE_URL: 'postgres://warroom@db/w' })).databaseUrl, 'postgres://warroom@db/w');
  });

  void test('problems never quote a secret', () => {
    const bad = {
      ...SECRETS,
      PORT: 'port-SECRET-0',
      DATABASE_URL: 'mysql://warroom:db-SECRET-14@db/w',
      SLACK_APP_TOKEN: 'xoxb-SECRET-2',
      PAGERDUTY_FROM_EMAIL: 'pd-SECRET-5',
      DATADOG_APP_KEY: '',
      SLACK_API_URL: 'xoxb-SECRET-2',
    };
    const found = problems(bad);
    assert.deepEqual(found.map((p) => p.name), [
      'PORT', 'DATABASE_URL', 'SLACK_APP_TOKEN', 'SLACK_API_URL', 'PAGERDUTY_FROM_EMAIL', 'DATADOG_APP_KEY',
    ]);
    assertNoSecret(formatProblems(found));
    assertNoSecret(JSON.stringify(found));
  });
});

void describe('config file', () => {
  void test('./warroom.yml is read when present, and every setting of the file is used', () => {
    const config = ok({}, yaml(`
channelPrefix: war
stakeholderChannels: ["C0STAKEHOLD", "#status"]
severities:
  SEV2: { updateEveryMinutes: 15 }
grouping: { byService: false }
services:
  checkout:
    match:
      pagerdutyServiceIds: [PA2P440]
      alertmanagerLabels: { service: checkout }
    runbook: runbooks/checkout.md
  search: {}
scope:
  source: datadog
  affectedAbove: 0.05
checks:
  - name: Recent deploy
    prometheus: 'sum(changes(kube_deployment_status_observed_generation[30m])) > 0'
  - name: Datadog only
    datadog: 'avg:system.load.1{*}'
`));
    assert.equal(config.configFile, DEFAULT_FILE);
    const s = config.settings;
    assert.equal(s.channelPrefix, 'war');
    assert.deepEqual(s.stakeholderChannels, ['C0STAKEHOLD', '#status']);
    assert.deepEqual(s.severities, {
      SEV1: { updateEveryMinutes: 30 }, SEV2: { updateEveryMinutes: 15 }, SEV3: { updateEveryMinutes: 0 }, SEV4: { updateEveryMinutes: 0 },
    });
    assert.deepEqual(s.grouping, { byService: false });
    assert.deepEqual(s.services, {
      checkout: {
        match: { pagerdutyServiceIds: ['PA2P440'], opsgenieTags: [], datadogTags: [], alertmanagerLabels: { service: 'checkout' } },
        pagerduty: { escalationPolicyId: null },
        opsgenie: { schedule: null },
        jsm: { schedule: null },
        runbook: 'runbooks/checkout.md',
        dashboards: [],
      },
      search: {
        match: { pagerdutyServiceIds: [], opsgenieTags: [], datadogTags: [], alertmanagerLabels: {} },
        pagerduty: { escalationPolicyId: null },
        opsgenie: { schedule: null },
        jsm: { schedule: null },
        runbook: null,
        dashboards: [],
      },
    });
    assert.deepEqual(s.scope, { ...DEFAULT_SETTINGS.scope, source: 'datadog', affectedAbove: 0.05 });
    assert.deepEqual(s.checks, [
      { name: 'Recent deploy', prometheus: 'sum(changes(kube_deployment_status_observed_generation[30m])) > 0' },
      { name: 'Datadog only', datadog: 'avg:system.load.1{*}' },
    ]);
  });

  void test('an empty file means every default', () => {
    const config = ok({}, yaml('# nothing yet\n'));
    assert.equal(config.configFile, DEFAULT_FILE);
    assert.deepEqual(config.settings, DEFAULT_SETTINGS);
  });

  void test('an unknown key is a problem, with a suggestion and its line', () => {
    assert.deepEqual(problems({}, yaml('channelPrefix: inc\ngrouping:\n  byservice: true\nchanelPrefix: war\n')), [
      { name: 'warroom.yml: grouping.byservice', valueClass: 'boolean', message: 'unknown setting; did you mean byService? (line 3)' },
      { name: 'warroom.yml: chanelPrefix', valueClass: 'text (3 chars)', message: 'unknown setting; did you mean channelPrefix? (line 4)' },
    ]);
    const [problem] = problems({}, yaml('services:\n  checkout:\n    paging: { x: 1 }\n'));
    assert.equal(problem?.name, 'warroom.yml: services.checkout.paging');
    assert.equal(problem?.valueClass, 'object');
    assert.match(problem?.message ?? '', /^unknown setting; expected one of match, pagerduty, opsgenie, jsm, runbook, dashboards/);
  });

  void test('paging.mirrorNotes names paging providers: a subset is kept, an unknown name is refused saying which are known', () => {
    assert.deepEqual(ok({}, yaml('paging:\n  mirrorNotes: [opsgenie]\n')).settings.paging.mirrorNotes, ['opsgenie']);
    assert.deepEqual(ok({}, yaml('paging:\n  mirrorNotes: []\n')).settings.paging.mirrorNotes, [], 'an empty list mirrors nothing');
    const [problem] = problems({}, yaml('paging:\n  mirrorNotes: [pagerduty, datadog]\n'));
    assert.equal(problem?.name, 'warroom.yml: paging.mirrorNotes[1]');
    assert.match(problem?.message ?? '', /must name paging providers: pagerduty, opsgenie/);
  });

  void test('a YAML syntax error is a problem with its line number', () => {
    const found = problems({}, yaml('channelPrefix: inc\nseverities:\n  SEV1: { updateEveryMinutes: 30\n'));
    assert.ok(found.length >= 1);
    for (const p of found) {
      assert.equal(p.name, 'warroom.yml');
      assert.equal(p.valueClass, 'invalid YAML');
    }
    assert.match(found[0]?.message ?? '', /^line \d+, column \d+: /);
    assert.match(problems({}, yaml('a: 1\na: 2\n'))[0]?.message ?? '', /^line 2, column 1: /);
  });

  void test('invalid settings are all reported at once, together with the environment', () => {
    const found = problems({ PORT: '0' }, yaml(`
channelPrefix: "INC!"
stakeholderChannels: general
severities:
  SEV1: { updateEveryMinutes: -5 }
  SEV3: { updateEveryMinutes: "10" }
grouping: { byService: "yes" }
scope:
  source: splunk
  affectedAbove: 1.5
  refreshMinutes: 0
checks:
  - name: No query
  - name: Twice
    prometheus: up
  - name: Twice
    prometheus: up
`));
    assert.deepEqual(found.map((p) => [p.name, p.valueClass]), [
      ['PORT', 'number'],
      ['warroom.yml: channelPrefix', 'text (4 chars)'],
      ['warroom.yml: stakeholderChannels', 'text (7 chars)'],
      ['warroom.yml: severities.SEV1.updateEveryMinutes', 'number'],
      ['warroom.yml: severities.SEV3.updateEveryMinutes', 'text (2 chars)'],
      ['warroom.yml: grouping.byService', 'text (3 chars)'],
      ['warroom.yml: scope.source', 'text (6 chars)'],
      ['warroom.yml: scope.affectedAbove', 'number'],
      ['warroom.yml: scope.refreshMinutes', 'number'],
      ['warroom.yml: checks[0]', 'object'],
      ['warroom.yml: checks[2].name', 'text (5 chars)'],
    ]);
    const sev1 = found.find((p) => p.name === 'warroom.yml: severities.SEV1.updateEveryMinutes');
    assert.equal(sev1?.message, 'must be a whole number of minutes, 0 or more (0 = no reminders) (line 5)');
    const text = formatProblems(found);
    assert.match(text, /^Warroom cannot start: the configuration has 11 problems\.\n/);
    assert.match(text, /\n {2}- warroom\.yml: checks\[0\] \(object\): needs a prometheus or a datadog query \(line 13\)\n/);
  });

  void test("a check's services must be configured ones", () => {
    const found = problems({}, yaml(`
services:
  checkout: {}
checks:
  - name: Recent deploy
    prometheus: up
    services: [checkout, serch]
`));
    assert.deepEqual(found.map((p) => [p.name, p.message]), [['warroom.yml: checks[0].services[1]', 'is not a configured service (configured: checkout) (line 7)']]);
  });

  void test('a file that is not a mapping is a problem', () => {
    assert.deepEqual(problems({}, yaml('- a\n- b\n')), [
      { name: 'warroom.yml', valueClass: 'list (2 items)', message: 'must be a mapping of settings (line 1)' },
    ]);
  });

  void test('WARROOM_CONFIG names the file; a missing one is a problem', () => {
    const file = '/etc/warroom/prod.yml';
    const config = ok({ WARROOM_CONFIG: file }, { [file]: 'channelPrefix: prod\n', [DEFAULT_FILE]: 'channelPrefix: dflt\n' });
    assert.equal(config.configFile, file);
    assert.equal(config.settings.channelPrefix, 'prod');
    assert.equal(ok({ WARROOM_CONFIG: 'conf/w.yml' }, { '/srv/warroom/conf/w.yml': 'channelPrefix: rel\n' }).configFile, '/srv/warroom/conf/w.yml');
    assert.deepEqual(problems({ WARROOM_CONFIG: '/etc/warroom/nope.yml', PORT: 'x' }), [
      { name: 'PORT', valueClass: 'text (1 char)', message: 'must be an integer from 1 to 65535' },
      { name: 'WARROOM_CONFIG', valueClass: 'text (21 chars)', message: 'no such file: /etc/warroom/nope.yml' },
    ]);
    const [problem] = problems({ WARROOM_CONFIG: '/etc/warroom/prod.yml' }, { [file]: 'bogus: 1\n' });
    assert.equal(problem?.name, '/etc/warroom/prod.yml: bogus');
  });

  void test('an unreadable file is a problem, never an exception', () => {
    const result = loadConfig({}, {
      cwd: CWD,
      readFile: () => {
        throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      },
    });
    assert.deepEqual(result, {
      ok: false,
      problems: [{ name: 'warroom.yml', valueClass: 'file', message: 'the config file /srv/warroom/warroom.yml cannot be read (EACCES)' }],
    });
  });

  void test('the default reader uses the real file system, relative to cwd', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warroom-config-'));
    try {
      const none = loadConfig({}, { cwd: dir });
      assert.ok(none.ok);
      assert.equal(none.config.configFile, null);
      assert.equal(none.config.dataDir, join(dir, '.data'));
      writeFileSync(join(dir, 'warroom.yml'), 'channelPrefix: disk\n');
      const read = loadConfig({}, { cwd: dir });
      assert.ok(read.ok);
      assert.equal(read.config.configFile, join(dir, 'warroom.yml'));
      assert.equal(read.config.settings.channelPrefix, 'disk');
      const missing = loadConfig({ WARROOM_CONFIG: 'missing.yml' }, { cwd: dir });
      assert.deepEqual(missing.ok ? [] : missing.problems.map((p) => p.name), ['WARROOM_CONFIG']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  void test('warroom.example.yml loads with zero problems and shows every setting', () => {
    const text = readFileSync(new URL('../../warroom.example.yml', import.meta.url), 'utf8');
    const result = load({}, yaml(text));
    assert.deepEqual(result.ok ? [] : result.problems, []);
    assert.ok(result.ok);
    const s = result.config.settings;
    assert.equal(s.channelPrefix, 'inc');
    assert.deepEqual(s.stakeholderChannels, ['C0STAKEHOLD']);
    assert.deepEqual(s.severities, DEFAULT_SETTINGS.severities);
    assert.deepEqual(s.scope, DEFAULT_SETTINGS.scope);
    assert.deepEqual(s.services.checkout, {
      match: {
        pagerdutyServiceIds: ['PA2P440'],
        opsgenieTags: ['service:checkout'],
        datadogTags: ['service:checkout'],
        alertmanagerLabels: { service: 'checkout' },
      },
      pagerduty: { escalationPolicyId: 'PY82TC6' },
      opsgenie: { schedule: 'checkout_schedule' },
      jsm: { schedule: null },
      runbook: 'runbooks/checkout.md',
      dashboards: ['https://grafana.example.com/d/checkout'],
    });
    assert.deepEqual(s.checks.map((c) => [c.name, c.services]), [['Recent deploy', undefined], ['DB replication lag', ['checkout']]]);
    assert.deepEqual(s.incidentTypes.map((t) => [t.name, t.private, t.roles.includes('security-lead'), t.default]), [['security', true, true, false], ['platform', false, false, true]], 'the two example incident types');
  });
});

void describe('formatProblems', () => {
  void test('counts in the singular and keeps the class readable', () => {
    assert.equal(
      formatProblems([{ name: 'LOG_LEVEL', valueClass: 'empty', message: 'm' }]),
      'Warroom cannot start: the configuration has 1 problem.\n  - LOG_LEVEL (empty): m\n'
        + 'Fix them in the environment or in the config file; `npx warroom config check` re-checks.',
    );
  });
});

void describe('services.<s>.opsgenie.escalation (issue 19)', () => {
  void test('names the Opsgenie escalation /incident escalate uses; absent, there is none; empty is refused', () => {
    const config = ok({}, yaml(`
services:
  search:
    opsgenie: { schedule: search_schedule, escalation: search_escalation }
  checkout: {}
`));
    assert.deepEqual(config.settings.services.search?.opsgenie, { schedule: 'search_schedule', escalation: 'search_escalation' });
    assert.deepEqual(config.settings.services.checkout?.opsgenie, { schedule: null });
    assert.ok(problems({}, yaml('services:\n  search:\n    opsgenie: { escalation: "" }\n')).length > 0);
  });
});

void describe('private incidents (issue 21)', () => {
  void test('WARROOM_API_PRIVATE_TOKEN is read, masked, and must differ from WARROOM_API_TOKEN', () => {
    assert.equal(ok({ WARROOM_API_TOKEN: 'a', WARROOM_API_PRIVATE_TOKEN: 'b' }).apiPrivateToken, 'b');
    assert.deepEqual(
      problems({ WARROOM_API_TOKEN: 'same', WARROOM_API_PRIVATE_TOKEN: 'same' }).map((p) => [p.name, p.message]),
      [['WARROOM_API_PRIVATE_TOKEN', 'must differ from WARROOM_API_TOKEN (it is the token that also sees private incidents)']],
    );
  });

  void test('privateStakeholderChannels takes channel ids or #names, default none', () => {
    assert.deepEqual(ok({}, yaml('privateStakeholderChannels: ["C0SECLEAD", "#security"]\n')).settings.privateStakeholderChannels, ['C0SECLEAD', '#security']);
    assert.deepEqual(ok({}).settings.privateStakeholderChannels, []);
    assert.deepEqual(problems({}, yaml('privateStakeholderChannels: ["general"]\n')).map((p) => p.name), ['warroom.yml: privateStakeholderChannels[0]']);
  });
});
