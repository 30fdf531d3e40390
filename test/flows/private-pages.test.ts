/**
 * A private incident's page says no more than its ref, severity and status: PagerDuty shows its
 * incidents to everyone on the service, a wider audience than the private channel. Its notes are not
 * mirrored there either. A public incident's page keeps its title and services.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { PagerDutyFake } from '../fakes/pagerduty-api-fake.js';
import { waitFor } from '../helpers/http.js';
import { pagedService } from '../helpers/paging-config.js';
import { startWarroomWithPaging, type WarroomWithPaging } from '../helpers/warroom-with-paging.js';

const BOB = 'U0BOB0001';
const SECRET = 'Payroll export leaked';
let h: WarroomWithPaging;
let pd: PagerDutyFake;

before(async () => {
  h = await startWarroomWithPaging({
    slack: { knownUsers: [{ id: BOB, name: 'bob' }] },
    settings: (settings) => ({
      ...settings,
      services: { payroll: pagedService({ pd: 'PA2P440', policy: 'PPOLICY' }) },
      paging: { ...settings.paging, ackTimeoutMinutes: 60, mirrorNotes: ['pagerduty'] },
    }),
  });
  pd = h.pd;
});
after(async () => {
  await h.close();
});

/** Declares as Bob, waits for the room, and pages the service from it (`/incident page payroll`). */
async function declareAndPage(text: string): Promise<string> {
  const answer = String(((await h.slack.command(`declare ${text}`, { user: BOB, channel: 'C0GENERAL' })).json as { text?: string }).text);
  const ref = /\*(INC-\d+)\*/.exec(answer)?.[1];
  assert.ok(ref, answer);
  const room = await waitFor(`the room of ${ref} set up`, () => Promise.resolve(h.slackFake.channels().find((c) => c.name.startsWith(`inc-${ref.slice(4)}-`))), (c) => c !== undefined && h.slackFake.messages(c.id).some((m) => m.pinned), 20_000);
  assert.ok(room);
  const paged = await h.slack.command('page payroll', { user: BOB, channel: room.id });
  assert.match(String((paged.json as { text?: string }).text), /Paging payroll/);
  return ref;
}

const pageOf = (ref: string) => waitFor(`the page of ${ref}`, () => Promise.resolve(pd.incidents().find((i) => i.incidentKey?.startsWith(`${ref}:`) === true)), (i) => i !== undefined, 20_000);

test('the page of a private incident carries neither its title nor its services; a public one carries both', async () => {
  const secret = await declareAndPage(`${SECRET} --sev 1 --services payroll --private`);
  const open = await declareAndPage('Checkout latency --sev 1 --services payroll');
  const secretPage = await pageOf(secret);
  const openPage = await pageOf(open);
  assert.ok(secretPage && openPage);
  assert.equal(secretPage.title, `${secret} SEV1: a private incident`);
  const said = JSON.stringify(secretPage);
  assert.ok(!said.includes('Payroll') && !said.includes('payroll export'), said);
  assert.match(String(secretPage.details), /is private/);
  assert.ok(!String(secretPage.details).includes('payroll'), 'no service named');
  assert.equal(openPage.title, `${open} SEV1: Checkout latency`);
  assert.match(String(openPage.details), /Services: payroll/);
});

test('a note in a private incident is not mirrored to its PagerDuty incident; one in a public incident is', async () => {
  const rooms = h.slackFake.channels();
  const secretRoom = rooms.find((c) => c.name.endsWith('-private'));
  const openRoom = rooms.find((c) => c.name.startsWith('inc-') && !c.name.endsWith('-private'));
  assert.ok(secretRoom && openRoom);
  await h.slack.command('note Exported file found on a public bucket', { user: BOB, channel: secretRoom.id });
  await h.slack.command('note Latency back under 200 ms', { user: BOB, channel: openRoom.id });
  const mirrorJobs = () => h.db.knex.raw<{ rows: { state: string }[] }>("select state from pgboss.job where name = 'paging.mirror_notes'");
  await waitFor('both mirror jobs done', mirrorJobs, (r) => r.rows.filter((j) => j.state === 'completed').length >= 2, 20_000);
  const notes = pd.incidents().flatMap((i) => i.notes.map((n) => `${i.title}: ${JSON.stringify(n)}`));
  assert.ok(notes.some((n) => n.includes('Latency back under 200 ms')), JSON.stringify(notes));
  assert.ok(!notes.some((n) => n.includes('public bucket')), JSON.stringify(notes));
});
