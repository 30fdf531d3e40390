/**
 * Sandbox mode over HTTP: Warroom started without Slack credentials serves the page, plays Slack
 * (the same workspace as the tests' fake), Prometheus and PagerDuty on its own port, and a
 * person's command, clicks, modal and sample alerts go through the real signed routes. One
 * Warroom and one real PostgreSQL for the file.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { ACTIONS, INPUTS } from '../../src/slack-ui/ids.js';
import { startWarroom, type RunningWarroom } from '../../src/main.js';
import { request, waitFor } from '../helpers/http.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { testConfig } from '../helpers/test-config.js';

const ALICE = 'U0ALICE01';
const API = 'sandbox-test-api-token';

interface Item {
  kind: string;
  ts: string;
  text: string;
  pinned?: boolean;
  blocks?: Record<string, any>[] | null;
  title?: string;
  url?: string;
}

let db: TestDatabase;
let warroom: RunningWarroom;
let base: string;

const post = (path: string, body: unknown) => request(base, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const state = async (channel: string, user = ALICE) => (await request(base, `/sandbox/state?channel=${channel}&user=${user}`)).json;
const allText = (items: Item[]) => JSON.stringify(items);

before(async () => {
  db = await createTestDatabase();
  // As `npm start` without Slack credentials, with the test's database and any free port.
  warroom = await startWarroom(testConfig({ WARROOM_SANDBOX: 'on', DATABASE_URL: db.url, WARROOM_API_TOKEN: API }, { port: 0 }), silentLogger(), { reminderEveryMs: 500 });
  await warroom.ready;
  base = `http://127.0.0.1:${warroom.port}`;
});

after(async () => {
  await warroom?.stop();
  await db?.close();
});

void describe('sandbox mode', () => {
  let channel = '';
  let summary: Item | undefined;

  void test('serves the page, which says it is a sandbox, and its script and styles', async () => {
    const page = await request(base, '/sandbox');
    assert.equal(page.status, 200, page.text);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/, 'an HTML page');
    assert.match(page.text, /SANDBOX/, 'the page says it is a sandbox');
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/, 'the page loads nothing from elsewhere');
    for (const asset of ['/sandbox/slack-text.js', '/sandbox/slack-date.js', '/sandbox/block-kit.js', '/sandbox/app.js', '/sandbox/app.css']) assert.equal((await request(base, asset)).status, 200, `${asset} is served`);
  });

  void test('the Slack Web API under /sandbox/api refuses a wrong token, as Slack does', async () => {
    const answer = await request(base, '/sandbox/api/auth.test', { method: 'POST', headers: { authorization: 'Bearer xoxb-wrong' } });
    assert.deepEqual([answer.status, answer.json?.ok, answer.json?.error], [200, false, 'invalid_auth'], answer.text);
  });

  void test('bad input from the page is a clear 400, never a crash', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['/sandbox/command', { user: 'U0NOBODY1', channel: 'C0GENERAL', text: '/incident help' }, /user must be/],
      ['/sandbox/command', { user: ALICE, channel: 'C0NOPE', text: '/incident help' }, /channel must be/],
      ['/sandbox/command', { user: ALICE, channel: 'C0GENERAL', text: '/deploy now' }, /not a command/],
      ['/sandbox/view', { user: ALICE, viewId: 'V0NOPE', values: [] }, /no such open view/],
    ];
    for (const [path, body, error] of cases) {
      const answer = await post(path, body);
      assert.ok(answer.status === 400 || answer.status === 404, `${path} ${JSON.stringify(body)} → ${answer.status} ${answer.text}`);
      assert.match(String(answer.json?.error), error, `${path}: the error names the problem`);
    }
    const notJson = await request(base, '/sandbox/command', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    assert.deepEqual([notJson.status, notJson.json?.error], [400, 'the body must be JSON'], notJson.text);
    // What another site's page could send without a preflight: a form or text/plain body.
    const form = await request(base, '/sandbox/alerts/pagerduty', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    assert.equal(form.status, 415, `a text/plain POST is refused: ${form.text}`);
    // A DNS-rebinding page reaches 127.0.0.1 under its own name.
    const rebound = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: warroom.port, path: '/sandbox/state', headers: { host: `evil.example:${warroom.port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(rebound, 403, 'a request addressed to another host name is refused');
  });

  void test('/incident declare through /sandbox/command: a channel with the pinned summary, the scope card, its chart and the checks', async () => {
    const answer = await post('/sandbox/command', { user: ALICE, channel: 'C0GENERAL', text: '/incident declare Checkout down --sev 2' });
    assert.equal(answer.status, 200, answer.text);
    assert.match(String(answer.json?.reply?.text), /INC-1/, 'the ephemeral answer names the incident');
    const general = await state('C0GENERAL');
    assert.match(allText(general.items), /Declared \*INC-1\*/, 'the answer shows as an ephemeral message in #general');

    const found = await waitFor('the incident channel', () => state('C0GENERAL'), (s) => s.channels.some((c: { name: string }) => c.name === 'inc-1-checkout-down'));
    channel = found.channels.find((c: { name: string }) => c.name === 'inc-1-checkout-down').id;
    const room = await waitFor('the pinned summary', () => state(channel), (s) => s.items.some((i: Item) => i.pinned));
    summary = room.items.find((i: Item) => i.pinned);
    assert.match(allText([summary as Item]), /Checkout down/, 'the summary carries the title');
    assert.match(room.channel.topic, /SEV2 · investigating · IC: <@U0ALICE01>/, 'Alice, on call in the sandbox PagerDuty, is incident commander');
  });

  void test('/incident catchup in the room: the catch-up, shown to the asker only', async () => {
    assert.ok(channel, 'the declare test ran first');
    const answer = await post('/sandbox/command', { user: ALICE, channel, text: '/incident catchup' });
    assert.equal(answer.status, 200, answer.text);
    assert.match(JSON.stringify(answer.json?.reply), /Catch-up · INC-1\*: Checkout down/, answer.text);
    const room = await state(channel);
    assert.match(allText(room.items), /Catch-up · INC-1[^"]*Checkout down/, 'the page shows it in the room');
    assert.doesNotMatch(allText((await state(channel, 'U0BOB0002')).items), /Catch-up · INC-1/, 'to Alice only: Bob does not see it');
  });

  void test('a PagerDuty sample alert goes through the signed webhook and opens an incident for checkout, with scope and chart', async () => {
    const answer = await post('/sandbox/alerts/pagerduty', {});
    assert.deepEqual([answer.json?.provider, answer.json?.status], ['pagerduty', 202], answer.text);
    const found = await waitFor('the alert incident channel', () => state('C0GENERAL'), (s) => s.channels.some((c: { name: string }) => c.name.startsWith('inc-2-')));
    const alertChannel = found.channels.find((c: { name: string }) => c.name.startsWith('inc-2-')).id;
    const room = await waitFor(
      'the scope card and chart',
      () => state(alertChannel),
      (s) => /Scope of INC-2/.test(allText(s.items)) && s.items.some((i: Item) => i.kind === 'file') && /Hypothesis checks/.test(allText(s.items)),
      60_000,
    );
    assert.match(allText(room.items), /eu-west-1/, 'the synthetic outage is in eu-west-1');
    assert.match(allText(room.items), /Recent deploy: \*yes\*[\s\S]*Ran for checkout\.|Ran for checkout\.[\s\S]*Recent deploy: \*yes\*/, "checkout's deploy is found by the check narrowed to checkout");
    const chart = room.items.find((i: Item) => i.kind === 'file');
    const png = await fetch(`${base}${chart.url}`);
    assert.equal(png.headers.get('content-type'), 'image/png', 'the chart is served back as an image');
    assert.deepEqual([...new Uint8Array(await png.arrayBuffer()).slice(1, 4)], [0x50, 0x4e, 0x47], 'a PNG');
    for (const provider of ['datadog', 'alertmanager']) {
      const sent = await post(`/sandbox/alerts/${provider}`, {});
      assert.equal(sent.json?.status, 202, `${provider}: ${sent.text}`);
    }
  });

  void test('the status select on the summary sends block_actions; the summary follows', async () => {
    assert.ok(summary, 'the summary exists (previous test)');
    const click = await post('/sandbox/action', { user: ALICE, channel, ts: summary.ts, actionId: ACTIONS.changeStatus, selected: 'INC-1:identified' });
    assert.deepEqual([click.status, click.json?.ok], [200, true], click.text);
    await waitFor('the summary to say identified', () => state(channel), (s) => /identified/i.test(allText(s.items.filter((i: Item) => i.pinned))));
    const unknown = await post('/sandbox/action', { user: ALICE, channel, ts: summary.ts, actionId: 'no.such.action' });
    assert.equal(unknown.status, 404, 'an unknown action is a 404');
  });

  void test('a button opens a modal (views.open) and its submission is a view_submission', async () => {
    assert.ok(summary, 'the summary exists');
    const click = await post('/sandbox/action', { user: ALICE, channel, ts: summary.ts, actionId: ACTIONS.addNote });
    assert.equal(click.status, 200, click.text);
    const withModal = await waitFor('the note modal', () => state(channel), (s) => s.modal !== null);
    assert.equal(withModal.modal.view.type, 'modal', 'a modal view');
    const submitted = await post('/sandbox/view', { user: ALICE, viewId: withModal.modal.id, values: { [INPUTS.note]: { [INPUTS.note]: { type: 'plain_text_input', value: 'Rolled back deploy 4512' } } } });
    assert.deepEqual([submitted.status, submitted.json?.ok], [200, true], submitted.text);
    assert.equal((await state(channel)).modal, null, 'the modal closed');
    await waitFor('the note on the timeline', async () => (await request(base, '/api/incidents/INC-1/timeline', { token: API })).text, (t) => t.includes('Rolled back deploy 4512'));
  });

  void test('/incident update opens the stakeholder-update modal; its submission posts to #incident-updates', async () => {
    const opened = await post('/sandbox/command', { user: ALICE, channel, text: '/incident update Checkout is degraded in eu-west-1' });
    assert.equal(opened.status, 200, opened.text);
    const withModal = await waitFor('the update modal', () => state(channel), (s) => s.modal !== null);
    const text = 'Checkout errors in eu-west-1; rollback under way. Next update in 30 minutes.';
    const submitted = await post('/sandbox/view', { user: ALICE, viewId: withModal.modal.id, values: { [INPUTS.update]: { [INPUTS.update]: { type: 'plain_text_input', value: text } } } });
    assert.deepEqual([submitted.status, submitted.json?.ok], [200, true], submitted.text);
    await waitFor('the update in #incident-updates', () => state('C0UPDATES'), (s) => allText(s.items).includes('rollback under way'));
  });

  void test('resolve, then the postmortem draft appears in the channel', async () => {
    const resolved = await post('/sandbox/command', { user: ALICE, channel, text: '/incident resolve Rolled back the deploy' });
    assert.equal(resolved.status, 200, resolved.text);
    await waitFor('the incident to be resolved', async () => (await request(base, '/api/incidents/INC-1', { token: API })).json?.status, (s) => s === 'resolved');
    const asked = await post('/sandbox/command', { user: ALICE, channel, text: '/incident postmortem' });
    assert.equal(asked.status, 200, asked.text);
    const room = await waitFor('the postmortem draft', () => state(channel), (s) => s.items.some((i: Item) => (i.blocks ?? []).some((b) => b.type === 'markdown')), 60_000);
    assert.match(allText(room.items), /Postmortem/i, 'the draft is in the channel');
  });

  void test('a sandbox user declares a private incident: a private channel the others do not see', async () => {
    const answer = await post('/sandbox/command', { user: ALICE, channel: 'C0GENERAL', text: '/incident declare Payroll export leaked --private' });
    assert.equal(answer.status, 200, answer.text);
    const ref = /\*(INC-\d+)\*/.exec(String(answer.json?.reply?.text))?.[1];
    assert.ok(ref, String(answer.json?.reply?.text));
    const name = `inc-${ref.slice(4)}-private`;
    const found = await waitFor('the private channel', () => state('C0GENERAL'), (s) => s.channels.some((c: { name: string }) => c.name === name));
    const channel = found.channels.find((c: { name: string }) => c.name === name);
    await waitFor('the pinned summary', () => state(channel.id), (s) => s.items.some((i: Item) => i.pinned));
    assert.match(allText((await state(channel.id)).items), /Payroll export leaked/, 'its member sees it all');
  });

  void test('the sandbox has the example incident types: declare --type security opens a private sec- room whose summary names the type', async () => {
    const answer = await post('/sandbox/command', { user: ALICE, channel: 'C0GENERAL', text: '/incident declare Leaked key --type security' });
    assert.equal(answer.status, 200, answer.text);
    const ref = /INC-\d+/.exec(String(answer.json?.reply?.text))?.[0] ?? '';
    assert.ok(ref, String(answer.json?.reply?.text));
    // The example security type is private: its channel's name says nothing of the incident.
    const found = await waitFor('the security room', () => state('C0GENERAL'), (s) => s.channels.some((c: { name: string }) => c.name === `sec-${ref.slice(4)}-private`));
    const room = found.channels.find((c: { name: string }) => c.name === `sec-${ref.slice(4)}-private`).id;
    const pinned = await waitFor('the pinned summary', () => state(room), (s) => s.items.some((i: Item) => i.pinned));
    assert.match(allText(pinned.items.filter((i: Item) => i.pinned)), /\*Type\*\\nsecurity/, 'the summary names the type');
    assert.equal((await request(base, `/api/incidents/${ref}`, { token: API })).status, 404, 'a private incident is not shown to the plain API token');
  });
});
