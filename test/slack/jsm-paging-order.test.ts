// paging.order over HTTP (issue 19): JSM first, PagerDuty second; the ack check polls JSM and,
// the page being acknowledged there, PagerDuty is never paged.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startWarroom, type RunningWarroom } from '../../src/main.js';
import { startJsmFake, type JsmFake } from '../fakes/jsm-api-fake.js';
import { startPagerDutyFake, type PagerDutyFake } from '../fakes/pagerduty-api-fake.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-api-fake.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { pagedService } from '../helpers/paging-config.js';
import { testConfig } from '../helpers/test-config.js';
import { request, waitFor } from '../helpers/http.js';
import { slackSender, type SlackSender } from '../helpers/slack-requests.js';

const API = 'api-token';
let db: TestDatabase;
let slackFake: SlackFake;
let pd: PagerDutyFake;
let jsm: JsmFake;
let warroom: RunningWarroom;
let base: string;
let slack: SlackSender;

before(async () => {
  db = await createTestDatabase({ migrate: false });
  slackFake = await startSlackFake({ knownUsers: [{ id: 'U0ALICE01', name: 'alice' }] });
  pd = await startPagerDutyFake({ token: 'pd-rest-token', users: [{ id: 'PWARROOM', name: 'Warroom', email: 'warroom@example.com' }] });
  jsm = await startJsmFake({ schedules: { 'sched-checkout': ['557058:primary'] } });
  const config = testConfig({
    DATABASE_URL: db.url,
    WARROOM_API_TOKEN: API,
    SLACK_BOT_TOKEN: slackFake.token,
    SLACK_SIGNING_SECRET: 'secret',
    SLACK_API_URL: slackFake.url,
    PAGERDUTY_API_TOKEN: 'pd-rest-token',
    PAGERDUTY_FROM_EMAIL: 'warroom@example.com',
    PAGERDUTY_API_URL: pd.url,
    JSM_CLOUD_ID: jsm.cloudId,
    JSM_API_EMAIL: jsm.apiEmail,
    JSM_API_TOKEN: jsm.apiToken,
    JSM_INTEGRATION_KEY: jsm.integrationKey,
    JSM_API_URL: jsm.url,
  });
  const settings = {
    ...config.settings,
    services: { checkout: { ...pagedService({ pd: 'PA2P440' }), jsm: { schedule: 'sched-checkout' } } },
    paging: { ...config.settings.paging, ackTimeoutMinutes: 0.05, order: ['jsm' as const, 'pagerduty' as const] },
  };
  warroom = await startWarroom({ ...config, port: 0, host: '127.0.0.1', settings }, silentLogger());
  base = `http://127.0.0.1:${warroom.port}`;
  slack = slackSender(base, 'secret');
  await warroom.ready;
});
after(async () => {
  await warroom.stop();
  for (const f of [slackFake, pd, jsm]) await f.close();
  await db.close();
});

const timeline = async (ref: string) => (await request(base, `/api/incidents/${ref}/timeline`, { token: API })).json.events as { kind: string; text: string; data: any }[];

test('paging.order [jsm, pagerduty]: JSM is paged first; acknowledged there (seen by polling JSM), PagerDuty is never paged', async () => {
  const { json } = await request(base, '/api/incidents', { method: 'POST', token: API, body: JSON.stringify({ title: 'Checkout down', severity: 2, services: ['checkout'] }) });
  const ref = json.ref as string;
  const room = await waitFor(`room of ${ref}`, () => Promise.resolve(slackFake.channels().find((c) => c.name.startsWith(`inc-${ref.slice(4)}-`))), (c) => c !== undefined && slackFake.messages(c.id).some((m) => m.pinned), 15_000);
  assert.ok(room);
  const r = await slack.command('page checkout', { channel: room.id, user: 'U0ALICE01' });
  assert.match(r.json.text, /Paging checkout through JSM, then PagerDuty…/, r.text);
  const alert = await waitFor('JSM paged', () => jsm.settled().then(() => jsm.alerts().find((a) => a.alias.startsWith(`${ref}:`))), (a) => a !== undefined, 15_000);
  assert.ok(alert && jsm.acknowledge(alert.alias), 'the responder acknowledges in JSM');
  const events = await waitFor('the ack check saw it', () => timeline(ref), (es) => es.some((e) => e.kind === 'page_acknowledged'), 20_000);
  assert.equal(events.find((e) => e.kind === 'page_acknowledged')?.text, 'JSM page acknowledged');
  assert.ok(jsm.requests().some((q) => q.path === `/jsm/ops/api/${jsm.cloudId}/v1/alerts` && q.query.query === `alias:"${alert.alias}"`), 'polled through the JSM REST API');
  // The ack check made its one decision (acknowledged): nothing went to PagerDuty.
  assert.deepEqual(events.filter((e) => e.kind === 'page_sent').map((e) => e.data.provider), ['jsm']);
  assert.equal(pd.incidents().length, 0);
});
