/**
 * Back to Slack after an outage (issue 23): Slack refuses connections while responders work in the
 * fallback room; when it answers again the channel's summary is brought up to date in place, ONE
 * digest lists what was done meanwhile and by whom, and the stakeholder update written meanwhile
 * reaches the stakeholder channel once, marked as delayed. The outage is a row, not process memory.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { STAKEHOLDER_CHANNEL, startApiWithSlack, type ApiWithSlack } from '../helpers/api-with-slack.js';
import { request, waitFor } from '../helpers/http.js';

const PUBLIC_URL = 'https://warroom.example.test';
let h: ApiWithSlack;
before(async () => {
  h = await startApiWithSlack(['checkout'], { WARROOM_PUBLIC_URL: PUBLIC_URL }, { withStakeholders: true });
});
after(async () => {
  await h.close();
});

const roomPost = (path: string, cookie: string, body: unknown) =>
  request(h.base, path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', cookie, origin: PUBLIC_URL } });

test('Slack refusing, then answering: the summary updated in place, one digest naming who did what, the stakeholder update once and marked delayed', async () => {
  const { ref, summary } = await h.declareWithRoom('Checkout 5xx');
  const channel = h.fake.channels().find((c) => c.name.startsWith(`inc-${ref.slice(4)}-`));
  assert.ok(channel);
  const link = await h.api('POST', `/api/incidents/${ref}/room-links`, { person: { name: 'Grace Hopper', provider: 'pagerduty' } });
  assert.equal(link.status, 201, link.text);
  const page = await request(h.base, (link.json.url as string).slice(PUBLIC_URL.length));
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

  await h.fake.stop();
  try {
    assert.equal((await roomPost(`/rooms/${ref}/notes`, cookie, { text: 'Rolled back deploy 41 from the fallback room' })).status, 200);
    assert.equal((await roomPost(`/rooms/${ref}/status`, cookie, { status: 'identified' })).status, 200);
    assert.equal((await roomPost(`/rooms/${ref}/updates`, cookie, { text: 'Checkout errors are understood; a rollback is under way.' })).status, 200);
    // The room worker met the refusal and recorded the outage where every replica sees it.
    await waitFor('the outage recorded', () => h.db.knex('slack_outages').whereNull('ended_at'), (rows) => rows.length === 1, 15_000);
  } finally {
    await h.fake.start();
  }

  const digests = () => h.fake.messages(channel.id).filter((m) => m.text.startsWith('While Slack was unreachable'));
  await waitFor('the digest', () => Promise.resolve(digests()), (d) => d.length > 0, 60_000);
  await waitFor('every Slack task done', () => h.db.knex('slack_tasks').whereNull('done_at').count<{ count: string }[]>('* as count'), (r) => Number(r[0]?.count) === 0, 30_000);

  assert.equal(digests().length, 1, 'one digest');
  const digest = JSON.stringify(digests()[0]?.blocks);
  assert.match(digests()[0]?.text ?? '', /^While Slack was unreachable \(\d\d:\d\d–\d\d:\d\d UTC\)/);
  assert.match(digest, /Rolled back deploy 41 from the fallback room/, 'the note is in it');
  assert.match(digest, /Grace Hopper/, 'naming who did it');
  assert.match(digest, /identified/, 'the status change too');
  assert.match(summary().blocks, /:bulb: Identified/, 'the summary, updated in place, says identified');

  const told = h.fake.messages(STAKEHOLDER_CHANNEL).filter((m) => JSON.stringify(m.blocks).includes('a rollback is under way'));
  assert.equal(told.length, 1, 'the stakeholder update sent once');
  assert.match(JSON.stringify(told[0]?.blocks), /delayed: written while Slack was unreachable/);
  assert.equal((await h.db.knex('slack_outages').whereNull('ended_at')).length, 0, 'the outage closed');
});
