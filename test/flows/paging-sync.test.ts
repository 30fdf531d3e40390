/**
 * Two-way sync with the paging providers (issue 19), over HTTP against the PagerDuty and Opsgenie
 * fakes in echo mode: each fake sends Warroom the webhook it would send for every write it receives,
 * Warroom's own included. Notes written in Slack or the API reach each linked page once, survive an
 * outage and a lost answer, and what comes back from a provider is never sent back; a severity
 * change becomes the provider's urgency/priority.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { OpsgenieFake } from '../fakes/opsgenie-api-fake.js';
import type { PagerDutyFake } from '../fakes/pagerduty-api-fake.js';
import type { SlackFake } from '../fakes/slack-api-fake.js';
import { failNextWrite } from '../helpers/database-faults.js';
import { request, waitFor } from '../helpers/http.js';
import { PAGING_SECRETS, pagedService } from '../helpers/paging-config.js';
import type { SlackSender } from '../helpers/slack-requests.js';
import type { TestDatabase } from '../helpers/test-database.js';
import { startWarroomWithPaging, type WarroomWithPaging } from '../helpers/warroom-with-paging.js';

const { api: API } = PAGING_SECRETS;
let warroomWithPaging: WarroomWithPaging;
let db: TestDatabase;
let slackFake: SlackFake;
let pd: PagerDutyFake;
let og: OpsgenieFake;
let base: string;
let slack: SlackSender;

before(async () => {
  warroomWithPaging = await startWarroomWithPaging({
    slack: { knownUsers: [{ id: 'U0ALICE01', name: 'alice', realName: 'Alice Doe' }] },
    opsgenie: { schedules: { search_schedule: ['oncall@example.com'] } },
    settings: (settings) => ({
      ...settings,
      // `/incident page checkout` goes to PagerDuty, `/incident page search` to Opsgenie.
      services: { checkout: pagedService({ pd: 'PA2P440' }), search: pagedService({ schedule: 'search_schedule' }) },
      // The echoed page webhooks must find their incident by the key Warroom sent, not open another by service.
      grouping: { byService: false },
    }),
    echoWebhooks: true,
  });
  ({ db, slackFake, pd, og, base, slack } = warroomWithPaging);
});
after(async () => {
  pd.beforeAnswer(null);
  await warroomWithPaging.close();
});

type Event = { kind: string; actor: string; text: string; data: Record<string, unknown> };
const timeline = async (ref: string) => (await request(base, `/api/incidents/${ref}/timeline`, { token: API })).json.events as Event[];
const roomOf = (ref: string) =>
  waitFor(`room of ${ref}`, () => Promise.resolve(slackFake.channels().find((c) => c.name.startsWith(`inc-${ref.slice(4)}-`))), (c) => c !== undefined && slackFake.messages(c.id).some((m) => m.pinned), 15_000);
const pdNotes = (ref: string) => pd.incidents().find((i) => i.incidentKey?.startsWith(`${ref}:`) === true)?.notes.map((n) => n.content) ?? [];
const ogNotes = (ref: string) => og.alerts().find((a) => a.alias.startsWith(`${ref}:`))?.notes.filter((n) => n.via === 'note').map((n) => n.note) ?? [];

/** Every echoed webhook answered and attached: nothing from the providers is still on its way. */
async function echoesDone(): Promise<void> {
  await og.settled();
  await pd.echoesSettled();
  await og.echoesSettled();
  for (const e of [...pd.echoed(), ...og.echoed()]) assert.equal(e.status, 202, `the echoed ${e.event} was taken`);
  await waitFor('echoed webhooks attached', () => db.knex('deliveries').whereNull('processed_at').first(), (row) => row === undefined, 15_000);
}

/** An incident paged through both providers (PagerDuty for checkout, Opsgenie for search), its room id. */
async function pagedIncident(title: string, severity: number): Promise<{ ref: string; channel: string }> {
  const { json } = await request(base, '/api/incidents', { method: 'POST', token: API, body: JSON.stringify({ title, severity, services: ['checkout'] }) });
  const ref = json.ref as string;
  const channel = await roomOf(ref);
  assert.ok(channel);
  await slack.command('page checkout', { channel: channel.id, user: 'U0ALICE01' });
  await slack.command('page search', { channel: channel.id, user: 'U0ALICE01' });
  await waitFor('both pages sent', () => timeline(ref), (es) => es.filter((e) => e.kind === 'page_sent').length === 2, 15_000);
  await echoesDone();
  return { ref, channel: channel.id };
}

describe('notes', () => {
  test('a note in Slack reaches PagerDuty once and Opsgenie once; the providers’ echoes come back as their notes and are never sent back', async () => {
    const { ref, channel } = await pagedIncident('Checkout errors', 3);
    await slack.command('note Rolled back deploy 1234', { channel, user: 'U0ALICE01' });
    await waitFor('the note at both providers', () => Promise.resolve([pdNotes(ref).length, ogNotes(ref).length]), ([p, o]) => p === 1 && o === 1, 15_000);
    await echoesDone();
    const echoed = await timeline(ref);
    assert.deepEqual(echoed.filter((e) => e.kind === 'note_added' && e.data.provider !== undefined).map((e) => e.actor).sort(), ['opsgenie', 'pagerduty'], 'each provider’s echo is on the timeline as its note');

    // Another note runs the mirror again, now with the echoed notes on the timeline: only the new note goes out.
    const second = await request(base, `/api/incidents/${ref}/notes`, { method: 'POST', token: API, body: JSON.stringify({ text: 'Error rate back to normal' }) });
    assert.equal(second.status, 200, second.text);
    await waitFor('the second note at both providers', () => Promise.resolve([pdNotes(ref).length, ogNotes(ref).length]), ([p, o]) => (p ?? 0) >= 2 && (o ?? 0) >= 2, 15_000);
    await echoesDone();
    for (const [who, notes] of [['PagerDuty', pdNotes(ref)], ['Opsgenie', ogNotes(ref)]] as const) {
      assert.equal(notes.length, 2, `${who} got exactly the two notes written in Warroom`);
      assert.match(notes[0] ?? '', /^Rolled back deploy 1234\n\n— Alice Doe, in Warroom \[warroom INC-\d+ note [0-9a-z]+-[0-9a-f]{12}\]$/, `${who}: the note, by name, with its marker`);
      assert.match(notes[1] ?? '', /^Error rate back to normal\n\n— api, in Warroom /);
    }
  });

  test('PagerDuty down when the note is written: Opsgenie gets it at once, PagerDuty once it is back, once', async () => {
    const { ref, channel } = await pagedIncident('Through an outage', 3);
    await pd.stop();
    try {
      await slack.command('note Failing over to the standby', { channel, user: 'U0ALICE01' });
      await waitFor('Opsgenie has the note', () => Promise.resolve(ogNotes(ref).length), (n) => n === 1, 15_000);
      // Warroom recorded its intent for PagerDuty and could not deliver it.
      await waitFor('the PagerDuty mirror is pending', () => db.knex('note_mirrors').where({ provider: 'pagerduty', status: 'sending' }).first(), (row) => row !== undefined, 15_000);
    } finally {
      await pd.start();
    }
    await waitFor('PagerDuty has the note', () => db.knex('note_mirrors').where({ provider: 'pagerduty' }).whereNot('status', 'sent').first(), (row) => row === undefined, 30_000);
    assert.deepEqual(pdNotes(ref).map((n) => n.split('\n')[0]), ['Failing over to the standby']);
    assert.equal(ogNotes(ref).length, 1);
  });

  test('the database fails right after PagerDuty took the note: the retry finds it there by its marker and does not post it again', async () => {
    const { ref, channel } = await pagedIncident('Lost answer', 3);
    let injected = false;
    pd.beforeAnswer(async (req, status) => {
      if (injected || req.method !== 'POST' || !req.path.endsWith('/notes') || status !== 201) return;
      injected = true;
      await failNextWrite(db.knex, 'note_mirrors');
    });
    try {
      await slack.command('note Paged the database team', { channel, user: 'U0ALICE01' });
      await waitFor('the mirror recorded as sent', () => db.knex('note_mirrors').where({ provider: 'pagerduty' }).whereNot('status', 'sent').first(), (row) => row === undefined && injected, 30_000);
    } finally {
      pd.beforeAnswer(null);
    }
    assert.equal(pdNotes(ref).length, 1, 'PagerDuty has the note once');
    assert.ok(pd.requests().some((r) => r.method === 'GET' && r.path.endsWith('/notes')), 'the retry looked the note up');
  });
});

describe('severity', () => {
  test('raising to SEV1 makes the PagerDuty incident high urgency and the Opsgenie alert P1, once each, whatever the echoes say', async () => {
    const { ref } = await pagedIncident('Getting worse', 3);
    const paged = pd.incidents().find((i) => i.incidentKey?.startsWith(`${ref}:`) === true);
    assert.equal(paged?.urgency, 'low', 'a SEV3 page is low urgency');
    const changed = await request(base, `/api/incidents/${ref}`, { method: 'PATCH', token: API, body: JSON.stringify({ severity: 1 }) });
    assert.equal(changed.status, 200, changed.text);
    await waitFor(
      'urgency and priority set',
      async () => {
        await og.settled();
        return [pd.incidents().find((i) => i.id === paged?.id)?.urgency, og.alerts().find((a) => a.alias.startsWith(`${ref}:`))?.priority];
      },
      ([u, p]) => u === 'high' && p === 'P1',
      15_000,
    );
    await echoesDone();
    assert.equal(pd.requests().filter((r) => r.method === 'PUT' && r.path === `/incidents/${paged?.id}`).length, 1, 'one urgency update');
    assert.equal(og.requests().filter((r) => r.method === 'PUT' && r.path.endsWith('/priority') && r.path.includes(ref)).length, 1, 'one priority update');
    assert.equal((await request(base, `/api/incidents/${ref}`, { token: API })).json.severity, 'SEV1');
  });
});
