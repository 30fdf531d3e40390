/**
 * The process as an operator runs it (issue 14): a SIGTERM while the database is down still ends
 * with a log line and exit 0, every line printed is one JSON object, and a start-up step that
 * keeps failing ends the process with exit 1 instead of leaving it unready for good.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { freePort } from '../../src/adapters/postgres/embedded-postgres.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-api-fake.js';
import { request, waitFor } from '../helpers/http.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { spawnWarroom, stopWarroom, type WarroomProcess } from '../helpers/warroom-process.js';

const TOKEN = 'lifecycle-token';
const cleanup: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
});

function lines(p: WarroomProcess): string[] {
  return p
    .output()
    .split('\n')
    .filter((l) => l.trim().length > 0)
    // bin/warroom.js says on stderr when it builds dist/ (before Warroom itself runs).
    .filter((l) => !l.startsWith('warroom: building'));
}

function notJson(p: WarroomProcess): string[] {
  return lines(p).filter((l) => {
    try {
      return typeof JSON.parse(l) !== 'object';
    } catch {
      return true;
    }
  });
}

test('SIGTERM while the database is down: the drain ends with "stopped", exit 0, and every line is JSON', { skip: process.env.TEST_DATABASE_URL ? 'needs the embedded server to stop it' : false }, async () => {
  const db: TestDatabase = await createTestDatabase({ migrate: false });
  cleanup.push(() => db.close());
  const port = await freePort();
  const bot = spawnWarroom(['serve'], { DATABASE_URL: db.url, PORT: String(port), HOST: '127.0.0.1', WARROOM_API_TOKEN: TOKEN, ALERTMANAGER_WEBHOOK_TOKEN: TOKEN, LOG_LEVEL: 'debug' });
  cleanup.push(() => stopWarroom(bot));
  await waitFor('ready', () => request(bot.base, '/readyz'), (r) => r.status === 200, 60_000);
  await db.server?.stop();
  await waitFor('503 while the database is down', () => request(bot.base, '/readyz'), (r) => r.status === 503);
  // Requests that need the database keep the pool busy failing while the signal arrives.
  const refused = await request(bot.base, '/api/incidents', { method: 'POST', token: TOKEN, body: JSON.stringify({ title: 'during the outage' }) });
  assert.equal(refused.status, 503);
  await waitFor('the pool has logged its connection errors', () => Promise.resolve(bot.output()), (o) => /database client|Acquire connection/.test(o), 20_000);

  const code = await stopWarroom(bot, 40_000);
  assert.equal(code, 0, `exit code; output:\n${bot.output().slice(-3000)}`);
  const last = JSON.parse(lines(bot).at(-1) ?? '{}') as { msg?: string; exitCode?: number };
  assert.equal(last.msg, 'exiting', 'the last line says the process is ending');
  assert.ok(lines(bot).some((l) => /"msg":"stopped"/.test(l)), 'the drain finished');
  assert.deepEqual(notJson(bot), [], 'every line Warroom printed is one JSON object');
  await db.server?.start();
});

test('a start-up step that keeps failing for another reason than the database: exit 1 once STARTUP_RETRY_SECONDS is spent, naming the step', async () => {
  const db: TestDatabase = await createTestDatabase({ migrate: false });
  cleanup.push(() => db.close());
  // Socket Mode against a Slack that refuses apps.connections.open: not a database outage.
  const slack: SlackFake = await startSlackFake();
  cleanup.push(() => slack.close());
  const port = await freePort();
  const bot = spawnWarroom(['serve'], {
    DATABASE_URL: db.url,
    PORT: String(port),
    HOST: '127.0.0.1',
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: 'lifecycle-secret',
    SLACK_APP_TOKEN: 'xapp-1-A0LIFECYCLE-1-refused',
    SLACK_API_URL: slack.url,
    STARTUP_RETRY_SECONDS: '3',
  });
  cleanup.push(() => stopWarroom(bot));
  const code = await bot.exited;
  assert.equal(code, 1, `exit code; output:\n${bot.output().slice(-3000)}`);
  const output = bot.output();
  assert.match(output, /"err":"Slack connection failed: [^"]*STARTUP_RETRY_SECONDS[^"]*","msg":"start-up failed; Warroom stops/, 'the give-up is logged, naming the step');
  assert.match(output, /"exitCode":1,"msg":"exiting"/, 'the last word says why it ends');
  assert.deepEqual(notJson(bot), [], 'every line Warroom printed is one JSON object');
});
