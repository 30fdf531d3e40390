/**
 * The seconds between "the port answers" and "Warroom is ready" (issue 14): nothing sent in that
 * window is lost or answered 500. Migrations are held deterministically behind the advisory lock a
 * replica takes while migrating (another replica's long migration), with a short lock wait so the
 * lock timeout (55P03) happens and must be retried; the lock is released half-way through the traffic.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { startWarroom, type RunningWarroom } from '../../src/main.js';
import { INPUTS, VIEWS } from '../../src/slack-ui/ids.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-api-fake.js';
import { request, waitFor, type Answer } from '../helpers/http.js';
import { alertmanagerDelivery } from '../helpers/provider-payloads.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { slackSender } from '../helpers/slack-requests.js';
import { testConfig } from '../helpers/test-config.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const API = 'startup-api-token';
const SECRET = 'startup-signing-secret';
const HOOK = 'startup-webhook-token';
/** migrate.ts's advisory lock: held here, it is "another replica migrating". */
const MIGRATION_ADVISORY_LOCK = 7_245_113_901;
const EACH = 20;
const STARTING = 'Warroom is starting; try again in a few seconds';

let db: TestDatabase;
let fake: SlackFake;
let warroom: RunningWarroom;
let lockHolder: pg.Client;
const log = silentLogger();

before(async () => {
  db = await createTestDatabase({ migrate: false });
  lockHolder = new pg.Client({ connectionString: db.url });
  await lockHolder.connect();
  await lockHolder.query('select pg_advisory_lock($1)', [MIGRATION_ADVISORY_LOCK]);
  fake = await startSlackFake({ knownUsers: [{ id: 'U0ALICE01', name: 'alice' }] });
  const config = testConfig({
    DATABASE_URL: db.url,
    WARROOM_API_TOKEN: API,
    ALERTMANAGER_WEBHOOK_TOKEN: HOOK,
    SLACK_BOT_TOKEN: fake.token,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.url,
  });
  warroom = await startWarroom({ ...config, port: 0, host: '127.0.0.1' }, log, { migrationLockWaitMs: 200 });
});

after(async () => {
  await lockHolder?.end().catch(() => undefined);
  await warroom?.stop();
  await fake?.close();
  await db?.close();
});

interface Sent {
  kind: 'webhook' | 'api' | 'command' | 'interaction';
  n: number;
  answer: Answer;
}

function declareSubmission(title: string): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: 'TFAKE', domain: 'acme' },
    user: { id: 'U0ALICE01', username: 'alice', name: 'alice', team_id: 'TFAKE' },
    api_app_id: 'AWARROOM',
    token: 'legacy-verification-token',
    trigger_id: `${Date.now()}.1.0f1e2d3c4b5a69788796a5b4c3d2e1f0`,
    view: {
      id: 'V0STARTUP1',
      team_id: 'TFAKE',
      type: 'modal',
      callback_id: VIEWS.declare,
      private_metadata: '',
      blocks: [{ type: 'input', block_id: INPUTS.title, label: { type: 'plain_text', text: 'Title' }, element: { type: 'plain_text_input', action_id: INPUTS.title } }],
      state: { values: { [INPUTS.title]: { [INPUTS.title]: { type: 'plain_text_input', value: title } } } },
      hash: '1712345678.AbCdEf12',
      app_id: 'AWARROOM',
      bot_id: 'BBOT',
    },
    response_urls: [],
  };
}

test('from the first moment the port answers: 20 of each kind, 25 ms apart, none lost and none answered 500', async () => {
  const base = `http://127.0.0.1:${warroom.port}`;
  const slack = slackSender(base, SECRET);
  const webhook = (n: number) =>
    request(base, '/webhooks/alertmanager', {
      method: 'POST',
      token: HOOK,
      body: JSON.stringify(alertmanagerDelivery({ groupKey: `startup-${n}`, alerts: [{ fingerprint: `fp-${n}`, status: 'firing', labels: { alertname: `Startup${n}` } }] })),
    });
  const declare = (n: number) => request(base, '/api/incidents', { method: 'POST', token: API, body: JSON.stringify({ title: `api ${n}` }) });
  const send: Record<Sent['kind'], (n: number) => Promise<Answer>> = {
    webhook,
    api: declare,
    command: (n) => slack.command(`declare slash ${n}`),
    interaction: (n) => slack.interaction(declareSubmission(`modal ${n}`)),
  };

  const sent: Promise<Sent>[] = [];
  for (let n = 0; n < EACH; n++) {
    // Half-way through, the other "replica" finishes migrating: the rest meets a starting or a ready Warroom.
    if (n === EACH / 2) await lockHolder.query('select pg_advisory_unlock($1)', [MIGRATION_ADVISORY_LOCK]);
    for (const kind of ['webhook', 'api', 'command', 'interaction'] as const) {
      sent.push(send[kind](n).then((answer) => ({ kind, n, answer })));
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  const answers = await Promise.all(sent);
  const told = answers.filter((a) => a.answer.status === 503 || a.answer.text.includes(STARTING));
  assert.ok(told.length > 0, 'some requests arrived while Warroom was starting (else this test proves nothing)');
  for (const { kind, n, answer } of answers) {
    assert.ok(answer.status < 500 || answer.status === 503, `${kind} ${n} answered ${answer.status}: ${answer.text}`);
    assert.doesNotMatch(answer.text, /Something went wrong/, `${kind} ${n}`);
    if (answer.status === 503) assert.ok(answer.headers.get('retry-after'), `${kind} ${n}: a 503 says when to retry`);
    if (kind === 'command' || kind === 'interaction') assert.equal(answer.status, 200, `${kind} ${n}: Slack gets an answer`);
  }

  await waitFor('ready', () => request(base, '/readyz'), (r) => r.status === 200, 60_000);
  // The senders retry what they were told to retry (providers retry a 503; people re-run a command).
  for (const { kind, n, answer } of answers) {
    const retried = answer.status === 503 || answer.text.includes(STARTING);
    if (!retried) continue;
    const again = await send[kind](n);
    assert.ok(again.status < 300, `${kind} ${n} after start-up: ${again.status} ${again.text}`);
    assert.ok(!again.text.includes(STARTING), `${kind} ${n} is carried out once ready`);
  }

  // Nothing lost: every webhook stored once, every declaration made once.
  const deliveries = await db.knex('deliveries').where({ provider: 'alertmanager' }).count<{ count: number }[]>('* as count');
  assert.equal(Number(deliveries[0]?.count), EACH, 'every webhook delivery is stored');
  const titles = (await db.knex<{ title: string }>('incidents').select('title')).map((r) => r.title);
  for (const prefix of ['api', 'slash', 'modal']) {
    for (let n = 0; n < EACH; n++) assert.equal(titles.filter((t) => t === `${prefix} ${n}`).length, 1, `one incident "${prefix} ${n}"`);
  }
  // The lock timeout behind the other replica's migration was retried, not fatal.
  assert.ok(
    log.lines.some((l) => l.level === 'warn' && /migrations failed; retrying/.test(l.msg ?? '')),
    'a migration lock timeout happened and was retried',
  );
});
