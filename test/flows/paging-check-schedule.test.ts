/**
 * `paging.check.every` in a running Warroom: the server runs the canary by itself, exports
 * `warroom_paging_check_seconds` on /metrics and posts a failed round in the ops channel.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createCheckRounds } from '../helpers/check-rounds.js';
import { request, waitFor } from '../helpers/http.js';
import { startWarroomWithPaging, type WarroomWithPaging } from '../helpers/warroom-with-paging.js';

let warroomWithPaging: WarroomWithPaging;
const rounds = createCheckRounds();

before(async () => {
  const check = { target: { pagerduty: { service: 'PCANARY' }, opsgenie: { schedule: 'ops_canary' } }, everyMs: 3_600_000, channel: '#ops-paging', timeoutMs: 1000 };
  warroomWithPaging = await startWarroomWithPaging({
    pagerduty: { services: ['PCANARY'] },
    opsgenie: { schedules: { ops_canary: ['oncall@example.com'] }, applyDelayMs: 5 },
    prepare: ({ slack, pd }) => {
      slack.addChannel({ id: 'C0OPSPAGE', name: 'ops-paging', members: [slack.botUserId] });
      // PagerDuty's on-call acknowledges; nobody answers Opsgenie's test page.
      pd.autoAcknowledge(20);
    },
    settings: (settings) => ({ ...settings, paging: { ...settings.paging, check } }),
    start: { pagingCheckDueEveryMs: 50, onCheckRound: rounds.hook('warroom') },
  });
});
after(() => warroomWithPaging.close());

test('the scheduled round runs once per period: the metric per provider and outcome, and Opsgenie named in the ops channel', async () => {
  const { slackFake: slack, pd, db, base } = warroomWithPaging;
  const posted = await waitFor('the failure in #ops-paging', () => Promise.resolve(slack.messages('C0OPSPAGE')), (m) => m.length > 0, 30_000);
  assert.match(posted[0]?.text ?? '', /Paging check failed for opsgenie/);
  const metrics = (await request(base, '/metrics')).text;
  assert.match(metrics, /^warroom_paging_check_seconds_count\{provider="pagerduty",outcome="acknowledged"\} 1$/m);
  assert.match(metrics, /^warroom_paging_check_seconds_count\{provider="opsgenie",outcome="timeout"\} 1$/m);
  // The ticker looks every 50 ms; the record says the hour has not passed, so no later round pages.
  await rounds.passed('paging check');
  const recorded = await db.knex('paging_checks').count({ n: '*' }).first();
  assert.equal(Number(recorded?.n), 2, 'one row per provider, one round');
  assert.equal(pd.requests().filter((r) => r.method === 'POST' && r.path === '/incidents').length, 1);
});
