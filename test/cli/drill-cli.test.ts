/**
 * `npx warroom drill [scenario]` as an operator runs it: against a running Warroom (a real child
 * process), authenticated from the same environment, through its webhook routes.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { freePort } from '../../src/adapters/postgres/embedded-postgres.js';
import { request, waitFor } from '../helpers/http.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { REPO_ROOT, spawnWarroom, stopWarroom, type WarroomProcess } from '../helpers/warroom-process.js';
import { WARROOM_CLI } from '../helpers/warroom-cli-entry.js';

const API = 'drill-cli-api-token';
let db: TestDatabase;
let server: WarroomProcess;
let env: Record<string, string>;

/** The CLI from source, with only PATH, HOME and `extra`. */
function drill(args: string[], extra: Record<string, string>) {
  const r = spawnSync(process.execPath, [...WARROOM_CLI, 'drill', ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'silent', ...extra },
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, show: `exit ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}` };
}

before(async () => {
  db = await createTestDatabase({ migrate: false });
  const port = await freePort();
  env = { DATABASE_URL: db.url, PORT: String(port), HOST: '127.0.0.1', WARROOM_API_TOKEN: API, ALERTMANAGER_WEBHOOK_TOKEN: 'am-token', DATADOG_WEBHOOK_TOKEN: 'dd-token' };
  server = spawnWarroom(['serve'], env);
  await waitFor('/readyz 200', () => request(server.base, '/readyz'), (r) => r.status === 200, 120_000).catch((err: unknown) => {
    throw new Error(`${String(err)}\n--- output ---\n${server.output().slice(-3000)}`);
  });
});
after(async () => {
  await stopWarroom(server);
  await db.close();
});

void describe('warroom drill', () => {
  void test('no scenario: lists the shipped ones, exit 0', () => {
    const r = drill([], env);
    assert.equal(r.code, 0, r.show);
    for (const name of ['checkout-5xx-regional', 'communication-provider-outage', 'database-replication-lag']) assert.match(r.stdout, new RegExp(`^  ${name} — `, 'm'), `${name} listed\n${r.show}`);
  });

  void test('an unknown scenario: exit 2, the list on stderr', () => {
    const r = drill(['no-such-drill'], env);
    assert.equal(r.code, 2, r.show);
    assert.match(r.stderr, /Unknown drill scenario "no-such-drill"[\s\S]*database-replication-lag/, r.show);
  });

  void test('a scenario whose provider is off here: exit 1, the variable named', () => {
    const r = drill(['checkout-5xx-regional'], { ...env, ALERTMANAGER_WEBHOOK_TOKEN: '' });
    assert.equal(r.code, 1, r.show);
    assert.match(r.stderr, /set ALERTMANAGER_WEBHOOK_TOKEN to run it/, r.show);
  });

  void test('a scenario against the running Warroom: the drill incident is declared through the webhook path and named', async () => {
    const r = drill(['communication-provider-outage'], env);
    assert.equal(r.code, 0, r.show);
    const ref = /Drill started: (INC-\d+)/.exec(r.stdout)?.[1];
    assert.ok(ref, `the ref is printed\n${r.show}`);
    assert.match(r.stdout, /Resolve it when done/, r.show);
    const incident = (await request(server.base, `/api/incidents/${ref}`, { token: API })).json;
    assert.equal(incident.drill, true, 'a drill incident');
    assert.equal(incident.alerts.length, 2, `both alerts of the scenario: ${JSON.stringify(incident.alerts)}`);
    assert.ok(incident.alerts.every((a: { provider: string }) => a.provider === 'datadog'), 'through the Datadog webhook');
  });
});
