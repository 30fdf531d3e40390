/**
 * Canary secrets: Warroom runs as a real process with every secret set to a canary value, goes
 * through a flow that touches every dependency and forces errors (bad signatures and tokens,
 * outside APIs answering 500 with the request's own headers echoed back, Slack failing, the
 * database going away), and the canaries appear nowhere: not in its logs, not in any Slack call,
 * not in any HTTP answer (body or headers), not in the database (timeline included), not in
 * /metrics or /readyz, and not in `warroom config check`.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { freePort } from '../../src/adapters/postgres/embedded-postgres.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-api-fake.js';
import { request, waitFor, type Answer } from '../helpers/http.js';
import { alertmanagerDelivery, pagerDutyEvent } from '../helpers/provider-payloads.js';
import { slackSignature } from '../helpers/slack-requests.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { REPO_ROOT, spawnWarroom, stopWarroom, type WarroomProcess } from '../helpers/warroom-process.js';
import { commandBody, FORM } from './security-harness.js';
import { WARROOM_CLI } from '../helpers/warroom-cli-entry.js';

/** Every canary carries this marker, so one search finds any of them, whole or in part. */
const MARK = 'c4n4ry8f1e';
const CANARY = {
  slackBot: `xoxb-${MARK}-slack-bot-token`,
  signing: `${MARK}-slack-signing-secret`,
  api: `${MARK}-warroom-api-token`,
  pdApi: `${MARK}-pagerduty-api-token`,
  pdWebhook: `${MARK}-pagerduty-webhook-secret`,
  ogApi: `${MARK}-opsgenie-api-key`,
  ogWebhook: `${MARK}-opsgenie-webhook-token`,
  ddApi: `${MARK}-datadog-api-key`,
  ddApp: `${MARK}-datadog-app-key`,
  ddWebhook: `${MARK}-datadog-webhook-token`,
  amWebhook: `${MARK}-alertmanager-webhook-token`,
  dbPassword: `${MARK}-database-password`,
};

let db: TestDatabase;
let fake: SlackFake;
let echo: Server;
let echoBase: string;
/** Requests the failing APIs received that carried a canary (so their echoed answers did too). */
const echoedWithCanary: string[] = [];
let bot: WarroomProcess;
let dir: string;
let env: Record<string, string>;
const answers: { what: string; answer: Answer }[] = [];

/** An outside API at its worst: every call fails with 500 and echoes the request, credentials included. */
function startEchoServer(): Promise<Server> {
  const server = createServer((req, res) => {
    if (JSON.stringify(req.headers).includes(MARK)) echoedWithCanary.push(`${req.method ?? ''} ${req.url ?? ''}`);
    req.resume();
    req.on('end', () => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'echo', method: req.method, url: req.url, headers: req.headers }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

before(async () => {
  db = await createTestDatabase({ migrate: false });
  // A role of its own, so the test's connections keep their password.
  await db.knex.raw(`create role warroom_canary login superuser password '${CANARY.dbPassword}'`);
  const dbUrl = new URL(db.url);
  dbUrl.username = 'warroom_canary';
  dbUrl.password = CANARY.dbPassword;
  fake = await startSlackFake({ token: CANARY.slackBot, knownUsers: [{ id: 'U0ALICE01', name: 'alice' }] });
  echo = await startEchoServer();
  const address = echo.address();
  echoBase = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  dir = mkdtempSync(join(tmpdir(), 'warroom-canary-'));
  writeFileSync(
    join(dir, 'warroom.yml'),
    [
      'services:',
      '  checkout:',
      '    match: { alertmanagerLabels: { service: checkout } }',
      '    pagerduty: { escalationPolicyId: PY82TC6 }',
      '    opsgenie: { schedule: checkout_schedule }',
      'scope:',
      '  source: prometheus',
      'checks:',
      '  - name: Recent deploy',
      "    prometheus: 'sum(changes(kube_deployment_status_observed_generation[30m])) > 0'",
    ].join('\n'),
  );
  const port = await freePort();
  env = {
    DATABASE_URL: dbUrl.toString(),
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'debug',
    WARROOM_CONFIG: join(dir, 'warroom.yml'),
    DATA_DIR: dir,
    WARROOM_API_TOKEN: CANARY.api,
    SLACK_BOT_TOKEN: CANARY.slackBot,
    SLACK_SIGNING_SECRET: CANARY.signing,
    SLACK_API_URL: fake.url,
    PAGERDUTY_API_TOKEN: CANARY.pdApi,
    PAGERDUTY_FROM_EMAIL: 'warroom@example.com',
    PAGERDUTY_API_URL: echoBase,
    PAGERDUTY_WEBHOOK_SECRETS: `${CANARY.pdWebhook},other-${CANARY.pdWebhook}`,
    OPSGENIE_API_KEY: CANARY.ogApi,
    OPSGENIE_API_URL: echoBase,
    OPSGENIE_WEBHOOK_TOKEN: CANARY.ogWebhook,
    DATADOG_API_KEY: CANARY.ddApi,
    DATADOG_APP_KEY: CANARY.ddApp,
    DATADOG_API_URL: echoBase,
    DATADOG_WEBHOOK_TOKEN: CANARY.ddWebhook,
    ALERTMANAGER_WEBHOOK_TOKEN: CANARY.amWebhook,
    PROMETHEUS_URL: echoBase,
  };
  bot = spawnWarroom(['serve'], env);
});

after(async () => {
  await stopWarroom(bot);
  await fake.close();
  await new Promise((r) => echo.close(r));
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function keep(what: string, answer: Promise<Answer>): Promise<Answer> {
  const a = await answer;
  answers.push({ what, answer: a });
  return a;
}

function slack(body: string, secret = CANARY.signing): Promise<Answer> {
  const ts = Math.floor(Date.now() / 1000);
  return keep(`slack ${body.slice(0, 60)}`, request(bot.base, '/slack/events', { method: 'POST', body, headers: { 'content-type': FORM, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': slackSignature(secret, ts, body) } }));
}

/** Where a canary was found, or null. */
function leak(where: string, text: string): string | null {
  const at = text.indexOf(MARK);
  return at < 0 ? null : `${where}: …${text.slice(Math.max(0, at - 120), at + 60)}…`;
}

function runConfigCheck(): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...WARROOM_CLI, 'config', 'check'], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve(`${out}\nexit ${String(code)}`));
  });
}

test('no canary secret appears in logs, Slack calls, answers, the database, metrics or the CLI', async () => {
  await waitFor('ready', () => request(bot.base, '/readyz'), (r) => r.status === 200, 60_000);
  fake.failNext('chat.postMessage', { status: 500, count: 2 });

  // Authenticated traffic that reaches every dependency.
  const declared = await slack(commandBody('declare Canary checkout errors'));
  assert.match(declared.json?.text ?? '', /Declared/, `declare: ${declared.text}`);
  const alert = JSON.stringify(alertmanagerDelivery({ groupKey: 'canary', alerts: [{ fingerprint: 'canary-1', status: 'firing', labels: { alertname: 'CheckoutErrors', service: 'checkout' } }] }));
  assert.equal((await keep('alertmanager', request(bot.base, '/webhooks/alertmanager', { method: 'POST', body: alert, headers: { authorization: `Bearer ${CANARY.amWebhook}` } }))).status, 202, 'alert stored');
  const pd = JSON.stringify(pagerDutyEvent({ eventId: 'CANARY1', type: 'incident.triggered', incidentId: 'PCANARY' }));
  const pdSig = `v1=${createHmac('sha256', CANARY.pdWebhook).update(pd).digest('hex')}`;
  assert.equal((await keep('pagerduty', request(bot.base, '/webhooks/pagerduty', { method: 'POST', body: pd, headers: { 'x-pagerduty-signature': pdSig } }))).status, 202, 'PagerDuty delivery stored');

  const incident = await waitFor('the declared incident has its room', () => request(bot.base, '/api/incidents/INC-1', { token: CANARY.api }), (r) => typeof r.json?.channelId === 'string', 30_000);
  const channel = incident.json.channelId as string;
  for (const text of ['oncall checkout', 'oncall', 'page checkout', 'scope', 'note Canary note', 'timeline', 'sev 1', 'list']) {
    const r = await slack(commandBody(text, { channel }));
    assert.equal(r.status, 200, `/incident ${text}: ${r.text}`);
  }

  // Forged and wrong credentials everywhere.
  await slack(commandBody('declare Forged'), 'not-the-signing-secret');
  await keep('pagerduty forged', request(bot.base, '/webhooks/pagerduty', { method: 'POST', body: pd, headers: { 'x-pagerduty-signature': pdSig.replace(/.$/, '0') } }));
  for (const provider of ['opsgenie', 'datadog', 'alertmanager']) {
    await keep(`${provider} wrong token`, request(bot.base, `/webhooks/${provider}`, { method: 'POST', body: '{}', headers: { authorization: 'Bearer wrong' } }));
  }
  await keep('api wrong token', request(bot.base, '/api/incidents', { token: 'wrong' }));
  await keep('api timeline', request(bot.base, '/api/incidents/INC-1/timeline', { token: CANARY.api }));
  await keep('api postmortem', request(bot.base, '/api/incidents/INC-1/postmortem', { token: CANARY.api }));

  // Let the jobs run into the failing APIs (paging, on-call, scope, checks) and retry.
  await waitFor('calls to the failing APIs', () => Promise.resolve(fake.calls().length), (n) => n > 5, 20_000);
  await new Promise((r) => setTimeout(r, 4000));

  // The database goes away and comes back.
  if (db.server) {
    await db.server.stop();
    await waitFor('503 while the database is down', () => request(bot.base, '/readyz'), (r) => r.status === 503, 30_000);
    await keep('readyz down', request(bot.base, '/readyz'));
    await keep('api during outage', request(bot.base, '/api/incidents', { method: 'POST', token: CANARY.api, body: JSON.stringify({ title: 'During the outage' }) }));
    await keep('webhook during outage', request(bot.base, '/webhooks/alertmanager', { method: 'POST', body: alert.replace('canary-1', 'canary-2'), headers: { authorization: `Bearer ${CANARY.amWebhook}` } }));
    await slack(commandBody('list'));
    await new Promise((r) => setTimeout(r, 2000));
    await db.server.start();
    await waitFor('ready again', () => request(bot.base, '/readyz'), (r) => r.status === 200, 60_000);
  }
  await keep('readyz', request(bot.base, '/readyz'));
  const metrics = await keep('metrics', request(bot.base, '/metrics'));
  assert.match(metrics.text, /warroom_http_requests_total/, 'metrics are served');
  const check = await runConfigCheck();

  const leaks: string[] = [];
  const add = (found: string | null) => found && leaks.push(found);
  add(leak('Warroom logs', bot.output()));
  add(leak('config check', check));
  for (const { what, answer } of answers) {
    add(leak(`${what} answer body`, answer.text));
    add(leak(`${what} answer headers`, JSON.stringify([...answer.headers])));
  }
  // The bot token is how Warroom authenticates to Slack: the fake records it apart from the arguments.
  for (const c of fake.calls()) add(leak(`Slack ${c.method}#${c.seq}`, JSON.stringify(c.args)));
  const tables = (await db.knex.raw<{ rows: { table_name: string }[] }>("select table_name from information_schema.tables where table_schema = 'public'")).rows.map((r) => r.table_name);
  for (const table of tables) {
    const rows = await db.knex(table).select('*');
    add(leak(`table ${table}`, JSON.stringify(rows, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('utf8') : v))));
  }
  const timeline = (await db.knex('timeline_events').count<{ n: string }[]>({ n: '*' }))[0]?.n;
  console.log(`[security] canary: outside APIs answered 500 echoing a canary to ${echoedWithCanary.length} calls (${[...new Set(echoedWithCanary.map((c) => c.split('?')[0]))].join(', ')})`);
  console.log(`[security] canary: ${Object.keys(CANARY).length} canary secrets; searched ${bot.output().length} bytes of logs, ${answers.length} HTTP answers, ${fake.calls().length} Slack calls, ${tables.length} tables (${timeline} timeline events), /metrics, /readyz and config check; ${leaks.length} leaks`);
  assert.ok(echoedWithCanary.length > 0, 'the failing APIs were called with the canary credentials and echoed them back');
  assert.deepEqual(leaks, [], 'a canary secret leaked');
});
