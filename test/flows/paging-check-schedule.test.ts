/**
 * `paging.check.every` in a running Warroom: the server runs the canary by itself, exports
 * `warroom_paging_check_seconds` on /metrics and posts a failed round in the ops channel.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startWarroom, type RunningWarroom } from '../../src/main.js';
import { startOpsgenieFake, type OpsgenieFake } from '../fakes/opsgenie-api-fake.js';
import { startPagerDutyFake, type PagerDutyFake } from '../fakes/pagerduty-api-fake.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-api-fake.js';
import { createCheckRounds } from '../helpers/check-rounds.js';
import { request, waitFor } from '../helpers/http.js';
import { PAGING_SECRETS, pagingConfig } from '../helpers/paging-config.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let db: TestDatabase;
let pd: PagerDutyFake;
let og: OpsgenieFake;
let slack: SlackFake;
let warroom: RunningWarroom;
const rounds = createCheckRounds();

before(async () => {
  db = await createTestDatabase({ migrate: false });
  slack = await startSlackFake({});
  slack.addChannel({ id: 'C0OPSPAGE', name: 'ops-paging', members: [slack.botUserId] });
  pd = await startPagerDutyFake({ token: PAGING_SECRETS.pdToken, users: [{ id: 'PWARROOM', name: 'Warroom', email: 'warroom@example.com' }], services: ['PCANARY'] });
  og = await startOpsgenieFake({ apiKey: PAGING_SECRETS.ogKey, schedules: { ops_canary: ['oncall@example.com'] }, applyDelayMs: 5 });
  // PagerDuty's on-call acknowledges; nobody answers Opsgenie's test page.
  pd.autoAcknowledge(20);
  const config = pagingConfig({ databaseUrl: db.url, slack, pd, og });
  const check = { target: { pagerduty: { service: 'PCANARY' }, opsgenie: { schedule: 'ops_canary' } }, everyMs: 3_600_000, channel: '#ops-paging', timeoutMs: 1000 };
  const settings = { ...config.settings, paging: { ...config.settings.paging, check } };
  warroom = await startWarroom({ ...config, port: 0, host: '127.0.0.1', settings }, silentLogger(), { pagingCheckDueEveryMs: 50, onCheckRound: rounds.hook('warroom') });
  await warroom.ready;
});
after(async () => {
  await warroom.stop();
  for (const fake of [pd, og, slack]) await fake.close();
  await db.close();
});

test('the scheduled round runs once per period: the metric per provider and outcome, and Opsgenie named in the ops channel', async () => {
  const posted = await waitFor('the failure in #ops-paging', () => Promise.resolve(slack.messages('C0OPSPAGE')), (m) => m.length > 0, 30_000);
  assert.match(posted[0]?.text ?? '', /Paging check failed for opsgenie/);
  const metrics = (await request(`http://127.0.0.1:${warroom.port}`, '/metrics')).text;
  assert.match(metrics, /^warroom_paging_check_seconds_count\{provider="pagerduty",outcome="acknowledged"\} 1$/m);
  assert.match(metrics, /^warroom_paging_check_seconds_count\{provider="opsgenie",outcome="timeout"\} 1$/m);
  // The ticker looks every 50 ms; the record says the hour has not passed, so no later round pages.
  await rounds.passed('paging check');
  const recorded = await db.knex('paging_checks').count({ n: '*' }).first();
  assert.equal(Number(recorded?.n), 2, 'one row per provider, one round');
  assert.equal(pd.requests().filter((r) => r.method === 'POST' && r.path === '/incidents').length, 1);
});
