/**
 * Status-page updates (issue 20) over HTTP with the Slack and Statuspage fakes: `/incident statuspage`
 * opens a pre-filled modal (within Block Kit's limits) and only its Publish sends; the first update
 * creates the Statuspage incident with the mapped components, a later one updates the same one; a
 * crash between Statuspage's answer and saving its id still leaves one; a 429 waits its Retry-After;
 * a refusal is told in the channel; resolving offers the resolution and pressing it sends it; the
 * postmortem lists what was published, by name; with the feature off the command says how to turn it on.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { checkMessageBlocks, checkView } from '../../src/sandbox/slack-workspace/block-kit-rules.js';
import { ACTIONS, INPUTS, VIEWS } from '../../src/slack-ui/ids.js';
import { startStatusPageFake, type StatusPageFake } from '../fakes/statuspage-api-fake.js';
import { failNextWrite } from '../helpers/database-faults.js';
import { buttonClick, flowSteps, viewSubmission } from '../helpers/flow-steps.js';
import { request, waitFor } from '../helpers/http.js';
import { pagedService } from '../helpers/paging-config.js';
import { alertmanagerDelivery } from '../helpers/provider-payloads.js';
import { startWarroomWithSlack, type WarroomWithSlack } from '../helpers/warroom-with-slack.js';

const ALICE = 'U0ALICE01';
const AM_TOKEN = 'am-token';
const WAIT = 15_000;
const CHECKOUT = 'cmpcheckout1';
const SEARCH = 'cmpsearch001';
/** Mapped in warroom.yml but unknown to the page: Statuspage refuses it. */
const BILLING = 'cmpbilling01';

interface ModalView {
  callback_id: string;
  blocks: { type: string; block_id?: string; element?: { type: string; initial_value?: string; initial_option?: { value: string } } }[];
}

let h: WarroomWithSlack;
let sp: StatusPageFake;

before(async () => {
  sp = await startStatusPageFake({ components: [CHECKOUT, SEARCH] });
  h = await startWarroomWithSlack({
    knownUsers: [{ id: ALICE, name: 'alice', realName: 'Alice Adams' }],
    env: { STATUSPAGE_API_KEY: sp.apiKey, STATUSPAGE_API_URL: sp.url, ALERTMANAGER_WEBHOOK_TOKEN: AM_TOKEN },
    settings: (s) => ({
      ...s,
      autoResolve: true,
      services: { checkout: pagedService({}), search: pagedService({}), billing: pagedService({}), internal: pagedService({}) },
      statuspage: { pageId: sp.pageId, components: { checkout: CHECKOUT, search: SEARCH, billing: BILLING } },
    }),
  });
});
after(async () => {
  await h.close();
  await sp.close();
});

const { api, declared, timeline } = flowSteps(() => h, WAIT);

/** `/incident statuspage` in the channel: the modal it opened (checked against Block Kit's limits). */
async function openModal(channelId: string): Promise<{ id: string; view: ModalView }> {
  const count = h.fake.views().length;
  const answer = await h.slack.command('statuspage', { user: ALICE, channel: channelId });
  assert.equal(answer.status, 200, answer.text);
  const opened = await waitFor('the status-page modal', () => Promise.resolve(h.fake.views().slice(count).find((v) => v.via === 'open')), (v) => v !== undefined, WAIT);
  assert.ok(opened);
  assert.deepEqual(checkView(opened.view, 'modal'), [], 'within Block Kit limits');
  return { id: opened.id, view: opened.view as unknown as ModalView };
}

const initial = (view: ModalView) =>
  Object.fromEntries(view.blocks.filter((b) => b.block_id !== undefined).map((b) => [b.block_id, b.element?.initial_value ?? b.element?.initial_option?.value]));

function submit(input: { ref: string; viewId: string; name: string; status: string; body: string; components: Record<string, string> }) {
  const select = (value: string) => ({ type: 'static_select', selected_option: { text: { type: 'plain_text', text: value }, value } });
  const values: Record<string, Record<string, unknown>> = {
    [INPUTS.statusPageName]: { [INPUTS.statusPageName]: { type: 'plain_text_input', value: input.name } },
    [INPUTS.statusPageStatus]: { [INPUTS.statusPageStatus]: select(input.status) },
    [INPUTS.statusPageBody]: { [INPUTS.statusPageBody]: { type: 'plain_text_input', value: input.body } },
  };
  for (const [id, status] of Object.entries(input.components)) values[`${INPUTS.statusPageComponent}${id}`] = { [INPUTS.statusPageComponent]: select(status) };
  return h.slack.interaction(viewSubmission({ user: ALICE, viewId: input.viewId, rootViewId: input.viewId, callbackId: VIEWS.statusPage, privateMetadata: input.ref, title: 'Status page update', values }));
}

const markerOf = (ref: string) => (i: { metadata: Record<string, unknown> }) => String((i.metadata.warroom as { incident?: string } | undefined)?.incident ?? '').startsWith(`${ref}@`);
const pageIncidentsOf = (ref: string) => sp.incidents().filter(markerOf(ref));
const channelSays = (channelId: string, pattern: RegExp) =>
  waitFor(`a message matching ${String(pattern)}`, () => Promise.resolve(h.fake.messages(channelId).filter((m) => pattern.test(m.text ?? ''))), (found) => found.length > 0, WAIT);

test('the modal is pre-filled in plain words; Publish creates one Statuspage incident with the mapped components; a second update updates it; both are on the timeline', async () => {
  const { ref, channelId } = await declared('[FIRING:3] HighErrorRate checkout 5xx', { severity: 1, services: ['checkout', 'search', 'internal'] });
  const { id, view } = await openModal(channelId);
  assert.equal(view.callback_id, VIEWS.statusPage);
  assert.deepEqual(initial(view), {
    [INPUTS.statusPageName]: 'Service disruption: checkout 5xx',
    [INPUTS.statusPageStatus]: 'investigating',
    [INPUTS.statusPageBody]: 'We are investigating an issue affecting checkout and search. We will post an update as soon as we know more.',
    [`${INPUTS.statusPageComponent}${CHECKOUT}`]: 'major_outage',
    [`${INPUTS.statusPageComponent}${SEARCH}`]: 'major_outage',
  }, 'SEV1 without a measured scope: major outage; the unmapped service is left out');
  assert.equal(pageIncidentsOf(ref).length, 0, 'opening the modal publishes nothing');

  const first = await submit({ ref, viewId: id, name: 'Checkout errors', status: 'investigating', body: 'We are looking into failed checkouts.', components: { [CHECKOUT]: 'major_outage', [SEARCH]: 'partial_outage' } });
  assert.equal(first.status, 200, first.text);
  const [created] = await waitFor('the Statuspage incident', () => Promise.resolve(pageIncidentsOf(ref)), (l) => l.length === 1, WAIT);
  assert.deepEqual([created?.name, created?.status, created?.components], ['Checkout errors', 'investigating', [{ id: CHECKOUT, status: 'major_outage' }, { id: SEARCH, status: 'partial_outage' }]]);
  const [sent] = await channelSays(channelId, /Status page updated/);
  assert.match(sent?.text ?? '', new RegExp(`\\*investigating\\* \\(sent by <@${ALICE}>\\)\\. <https://stspg\\.io/fake\\d+\\|Open the status page>`));
  assert.equal(checkMessageBlocks((sent?.blocks ?? []) as unknown[]), null);

  const second = await openModal(channelId);
  await submit({ ref, viewId: second.id, name: 'Checkout errors', status: 'identified', body: 'We found the faulty deploy.', components: { [CHECKOUT]: 'partial_outage' } });
  const [updated] = await waitFor('the update', () => Promise.resolve(pageIncidentsOf(ref)), (l) => l[0]?.status === 'identified', WAIT);
  assert.equal(pageIncidentsOf(ref).length, 1, 'the same incident, updated');
  assert.deepEqual(updated?.incident_updates.map((u) => [u.status, u.body]), [['investigating', 'We are looking into failed checkouts.'], ['identified', 'We found the faulty deploy.']]);
  assert.equal(sp.calls().filter((c) => c.method === 'POST').length >= 1 && sp.calls().some((c) => c.method === 'PATCH'), true, 'created once, then PATCHed');

  const events = (await timeline(ref)).filter((e) => e.kind === 'statuspage_update');
  assert.deepEqual(events.map((e) => [e.actor, e.text]), [
    [ALICE, 'Status page (investigating): Checkout errors — We are looking into failed checkouts.'],
    [ALICE, 'Status page (identified): Checkout errors — We found the faulty deploy.'],
  ]);
});

test('a crash between Statuspage\'s answer and saving its id still leaves ONE Statuspage incident: the retry finds it by its marker', async () => {
  const { ref, channelId } = await declared('Search down', { severity: 2, services: ['search'] });
  const { id } = await openModal(channelId);
  // The next write to statuspage_incidents is the save of the created incident's id: it fails as a database blip does.
  await failNextWrite(h.db.knex, 'statuspage_incidents');
  await submit({ ref, viewId: id, name: 'Search unavailable', status: 'investigating', body: 'Search is failing.', components: { [SEARCH]: 'major_outage' } });
  await channelSays(channelId, /Status page updated/);
  assert.equal(pageIncidentsOf(ref).length, 1, 'one Statuspage incident, not two');
  const posts = sp.calls().filter((c) => c.method === 'POST' && JSON.stringify(c.body).includes(`"${ref}@`));
  assert.equal(posts.length, 1, 'created once; the retry looked it up instead');
  assert.ok(sp.calls().some((c) => c.method === 'GET' && c.path === `/v1/pages/${sp.pageId}/incidents`), 'the retry listed the page\'s incidents');
});

test('Statuspage\'s 429 is waited out (Retry-After); an unknown component is refused and said in the channel, nothing published', async () => {
  const limited = await declared('Checkout slow', { severity: 3, services: ['checkout'] });
  const modal = await openModal(limited.channelId);
  // Longer than the job queue's own first retry (2–3 s with its backoff): only a wait for Retry-After leaves this gap.
  sp.failNext(1, 429, 5);
  const before = sp.calls().length;
  await submit({ ref: limited.ref, viewId: modal.id, name: 'Slow checkout', status: 'investigating', body: 'Checkout is slow.', components: { [CHECKOUT]: 'degraded_performance' } });
  await waitFor('the update after the rate limit', () => Promise.resolve(pageIncidentsOf(limited.ref)), (l) => l.length === 1, WAIT);
  const [limitedCall, next] = sp.calls().slice(before);
  assert.ok(limitedCall && next && next.at - limitedCall.at >= 5000, `the next call waited for Retry-After (${next && limitedCall ? next.at - limitedCall.at : '?'} ms)`);

  const refused = await declared('Billing errors', { severity: 3, services: ['billing'] });
  const billing = await openModal(refused.channelId);
  await submit({ ref: refused.ref, viewId: billing.id, name: 'Billing errors', status: 'investigating', body: 'Invoices fail.', components: { [BILLING]: 'partial_outage' } });
  const [said] = await channelSays(refused.channelId, /Statuspage refused/);
  assert.match(said?.text ?? '', /answered 422: Component cmpbilling01 not found/);
  assert.equal(pageIncidentsOf(refused.ref).length, 0);
});

test('resolving offers "Resolve on the status page"; pressing it opens the resolution (resolved, components operational) and Publish sends it; the postmortem lists the public updates by name', async () => {
  const { ref, channelId } = await declared('Checkout timeouts', { severity: 2, services: ['checkout'] });
  const first = await openModal(channelId);
  await submit({ ref, viewId: first.id, name: 'Checkout timeouts', status: 'investigating', body: 'Some checkouts time out.', components: { [CHECKOUT]: 'partial_outage' } });
  await channelSays(channelId, /Status page updated/);

  assert.equal((await api(`/api/incidents/${ref}`, { method: 'PATCH', body: { status: 'resolved' } })).status, 200);
  const [offer] = await channelSays(channelId, /still shows it as open/);
  assert.equal(checkMessageBlocks((offer?.blocks ?? []) as unknown[]), null);
  const button = ((offer?.blocks ?? []) as { elements?: { action_id?: string; value?: string }[] }[]).flatMap((b) => b.elements ?? []).find((e) => e.action_id === ACTIONS.resolveStatusPage);
  assert.equal(button?.value, ref);

  const count = h.fake.views().length;
  const trigger = `${Date.now()}.1.resolvestatuspage`;
  await h.slack.interaction(buttonClick({ user: ALICE, botUserId: h.fake.botUserId, channelId, messageTs: String(offer?.ts), actionId: ACTIONS.resolveStatusPage, value: ref, triggerId: trigger }));
  const modal = await waitFor('the resolution modal', () => Promise.resolve(h.fake.views().slice(count).find((v) => v.via === 'open' && v.triggerId === trigger)), (v) => v !== undefined, WAIT);
  assert.ok(modal);
  assert.deepEqual(checkView(modal.view, 'modal'), []);
  const prefilled = initial(modal.view as unknown as ModalView);
  assert.deepEqual([prefilled[INPUTS.statusPageStatus], prefilled[`${INPUTS.statusPageComponent}${CHECKOUT}`]], ['resolved', 'operational']);
  await submit({ ref, viewId: modal.id, name: String(prefilled[INPUTS.statusPageName]), status: 'resolved', body: String(prefilled[INPUTS.statusPageBody]), components: { [CHECKOUT]: 'operational' } });
  const [resolved] = await waitFor('the resolution on the page', () => Promise.resolve(pageIncidentsOf(ref)), (l) => l[0]?.status === 'resolved', WAIT);
  assert.deepEqual(resolved?.components, [{ id: CHECKOUT, status: 'operational' }]);

  const postmortem = (await api(`/api/incidents/${ref}/postmortem`)).text;
  const section = postmortem.slice(postmortem.indexOf('## Status page'));
  assert.ok(postmortem.includes('## Status page'), postmortem);
  assert.match(section, /\(Alice Adams\): investigating: Checkout timeouts — Some checkouts time out\./);
  assert.match(section, /\(Alice Adams\): resolved: Service disruption: Checkout timeouts — This incident has been resolved: checkout is working normally again\./);
  assert.ok(!section.includes(ALICE), 'names, not ids');
});

test('an incident resolved by its alerts (autoResolve) also offers "Resolve on the status page"', async () => {
  const alert = (status: 'firing' | 'resolved') =>
    request(h.base, '/webhooks/alertmanager', {
      method: 'POST',
      body: JSON.stringify(alertmanagerDelivery({ groupKey: '{}:{alertname="CheckoutDown"}', alerts: [{ fingerprint: 'fp-checkout', status, labels: { alertname: 'CheckoutDown', severity: 'critical' } }] })),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${AM_TOKEN}` },
    });
  assert.equal((await alert('firing')).status, 202);
  const opened = await waitFor('the alert\'s incident with its channel', async () => ((await api('/api/incidents?status=open')).json as { incidents: { ref: string; title: string; channelId: string | null }[] }).incidents.find((i) => i.title.includes('CheckoutDown')), (i) => i?.channelId != null, WAIT);
  assert.ok(opened?.channelId);
  const { id } = await openModal(opened.channelId);
  await submit({ ref: opened.ref, viewId: id, name: 'Checkout unavailable', status: 'investigating', body: 'Checkout is down.', components: {} });
  await channelSays(opened.channelId, /Status page updated/);

  assert.equal((await alert('resolved')).status, 202);
  const [offer] = await channelSays(opened.channelId, /still shows it as open/);
  assert.match(offer?.text ?? '', new RegExp(`${opened.ref} is resolved`));
});

test('with the feature off, /incident statuspage says so and how to turn it on', async () => {
  const off = await startWarroomWithSlack();
  try {
    const ref = await off.declare('Anything');
    const { channelId } = await waitFor('the channel', async () => (await request(off.base, `/api/incidents/${ref}`, { token: off.apiToken })).json as { channelId: string | null }, (i) => i.channelId !== null, WAIT);
    const answer = (await off.slack.command('statuspage', { channel: channelId ?? '' })).json as { text?: string };
    assert.match(answer.text ?? '', /Status-page updates are off in this Warroom\. To turn them on, set `statuspage\.pageId`.*STATUSPAGE_API_KEY/);
    assert.equal(off.fake.views().length, 0, 'no modal');
  } finally {
    await off.close();
  }
});
