/**
 * Paging across its failure windows: a database blip right after the provider answered a page, and
 * the provider's own webhook for that page arriving before Warroom has saved the provider's answer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPostgresPages } from '../../src/adapters/postgres/postgres-pages.js';
import { pageKey } from '../../src/app/oncall/paging-service.js';
import type { OpsgenieFake } from '../fakes/opsgenie-api-fake.js';
import type { PagerDutyFake } from '../fakes/pagerduty-api-fake.js';
import type { SlackFake } from '../fakes/slack-api-fake.js';
import { failNextWrite } from '../helpers/database-faults.js';
import { request, waitFor } from '../helpers/http.js';
import { opsgenieAction, pagerDutyEvent, pagerDutySignature } from '../helpers/provider-payloads.js';
import type { SlackSender } from '../helpers/slack-requests.js';
import type { TestDatabase } from '../helpers/test-database.js';
import { startWarroomWithPaging, type WarroomWithPaging } from '../helpers/warroom-with-paging.js';
import { PAGING_SECRETS, pagedService } from '../helpers/paging-config.js';

const { api: API, pdHook: PD_HOOK } = PAGING_SECRETS;
let warroomWithPaging: WarroomWithPaging;
let db: TestDatabase;
let slackFake: SlackFake;
let pd: PagerDutyFake;
let og: OpsgenieFake;
let base: string;
let slack: SlackSender;

before(async () => {
  warroomWithPaging = await startWarroomWithPaging({
    slack: { knownUsers: [{ id: 'U0ALICE01', name: 'alice' }] },
    opsgenie: { schedules: { checkout_schedule: ['oncall@example.com'] } },
    settings: (settings) => ({
      ...settings,
      services: { checkout: pagedService({ pd: 'PA2P440', schedule: 'checkout_schedule' }) },
      // Not by service: the page's own alert must find its incident by the key Warroom sent, not by the service.
      grouping: { byService: false },
      // Nobody needs to acknowledge within the test: any Opsgenie page would be a failover.
      paging: { ...settings.paging, ackTimeoutMinutes: 60 },
    }),
  });
  ({ db, slackFake, pd, og, base, slack } = warroomWithPaging);
});
after(async () => {
  pd.beforeAnswer(null);
  await warroomWithPaging.close();
});

const timeline = async (ref: string) => (await request(base, `/api/incidents/${ref}/timeline`, { token: API })).json.events as { kind: string; text: string; data: any }[];
const roomOf = (ref: string) =>
  waitFor(`room of ${ref}`, () => Promise.resolve(slackFake.channels().find((c) => c.name.startsWith(`inc-${ref.slice(4)}-`))), (c) => c !== undefined && slackFake.messages(c.id).some((m) => m.pinned), 15_000);

describe('a page and a database blip', () => {
  test('the database fails right after PagerDuty answered: one page, no failover, one page row sent; PagerDuty’s webhook for it joins the same incident', async () => {
    const { json } = await request(base, '/api/incidents', { method: 'POST', token: API, body: JSON.stringify({ title: 'Checkout down', severity: 1, services: ['checkout'] }) });
    const ref = json.ref as string;
    const channel = await roomOf(ref);
    assert.ok(channel);

    // PagerDuty has opened its incident; before Warroom hears the answer, PagerDuty's webhook for it
    // is delivered and attached (as it may be in production), then the database fails Warroom's next
    // write to `pages` once.
    let hooked = false;
    pd.beforeAnswer(async (req, status) => {
      if (hooked || req.method !== 'POST' || req.path !== '/incidents' || status !== 201) return;
      hooked = true;
      const paged = pd.incidents().find((i) => i.incidentKey?.startsWith(ref) === true);
      assert.ok(paged, 'the PagerDuty incident exists');
      const body = JSON.stringify(pagerDutyEvent({ eventId: 'EV-PAGE-BLIP', type: 'incident.triggered', incidentId: paged.id, incidentKey: paged.incidentKey ?? '', title: paged.title, serviceId: 'PA2P440' }));
      const hook = await request(base, '/webhooks/pagerduty', { method: 'POST', body, headers: { 'x-pagerduty-signature': pagerDutySignature(body, PD_HOOK) } });
      assert.equal(hook.status, 202, hook.text);
      await waitFor('the webhook attached', () => db.knex('deliveries').where({ provider: 'pagerduty', delivery_id: 'EV-PAGE-BLIP' }).first(), (row) => row?.processed_at != null, 4_000);
      await failNextWrite(db.knex, 'pages');
    });

    await slack.command('page checkout', { channel: channel.id, user: 'U0ALICE01' });
    const events = await waitFor('the page recorded as sent', () => timeline(ref), (es) => es.some((e) => e.kind === 'page_sent'), 30_000);
    assert.ok(hooked, 'the fault was injected after PagerDuty answered');

    assert.deepEqual(og.alerts(), [], 'no failover page through Opsgenie');
    const pdPages = pd.incidents().filter((i) => i.incidentKey?.startsWith(ref) === true);
    assert.equal(pdPages.length, 1, 'PagerDuty was paged once');
    assert.equal(pd.requests().filter((r) => r.method === 'POST' && r.path === '/incidents').length, 2, 'the retry re-sent the same key, which PagerDuty deduplicated');
    assert.deepEqual(
      events.filter((e) => e.kind.startsWith('page_')).map((e) => [e.kind, e.data.provider]),
      [['page_sent', 'pagerduty']],
      'the timeline says what happened: one page through PagerDuty',
    );
    const rows = await db.knex('pages').select('provider', 'reference');
    assert.deepEqual(rows, [{ provider: 'pagerduty', reference: pdPages[0]?.id }], 'one page row');

    const listed = (await request(base, '/api/incidents', { token: API })).json.incidents as { ref: string }[];
    assert.deepEqual(listed.map((i) => i.ref), [ref], 'PagerDuty’s webhook opened no second incident');
    const incident = (await request(base, `/api/incidents/${ref}`, { token: API })).json;
    assert.match(JSON.stringify(incident.alerts), new RegExp(pdPages[0]?.id ?? 'none'), 'its alert is on the paging incident');
  });

  test('Opsgenie’s webhook for a page still being sent (its intent recorded, no answer yet) joins the paging incident by the alias Warroom sent', async () => {
    const { json } = await request(base, '/api/incidents', { method: 'POST', token: API, body: JSON.stringify({ title: 'Search slow', severity: 3, services: ['checkout'] }) });
    const ref = json.ref as string;
    const alias = pageKey(ref, 'checkout', 1);
    // Warroom is between recording the page and hearing Opsgenie's answer.
    await createPostgresPages(db.knex).intend(Number(ref.slice(4)), { provider: 'opsgenie', dedupKey: alias, target: 'schedule checkout_schedule' }, new Date());
    const body = opsgenieAction({ action: 'Create', alertId: 'og-paged-1', alias, message: `${ref} SEV3: Search slow`, updatedAtNs: '1765000000000000001', tags: [] });
    const hook = await request(base, '/webhooks/opsgenie', { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: `Bearer ${PAGING_SECRETS.ogHook}` } });
    assert.equal(hook.status, 202, hook.text);
    await waitFor('the webhook attached', () => db.knex('deliveries').where({ provider: 'opsgenie' }).whereNull('processed_at').first(), (row) => row === undefined, 10_000);
    const listed = (await request(base, '/api/incidents', { token: API })).json.incidents as { ref: string; title: string }[];
    assert.equal(listed.filter((i) => i.title.includes('Search slow')).length, 1, 'no second incident');
    const incident = (await request(base, `/api/incidents/${ref}`, { token: API })).json;
    assert.match(JSON.stringify(incident.alerts), new RegExp(alias), 'the alert is on the paging incident');
  });
});
