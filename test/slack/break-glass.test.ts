import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { PagerDutyFake } from '../fakes/pagerduty-api-fake.js';
import type { SlackFake } from '../fakes/slack-api-fake.js';
import { BREAK_GLASS_API_TOKEN as API, startBreakGlassWarroom, type BreakGlassWarroom } from '../helpers/warroom-break-glass.js';
import { request, waitFor } from '../helpers/http.js';
import { createCheckRounds } from '../helpers/check-rounds.js';

let h: BreakGlassWarroom;
let slack: SlackFake;
let pd: PagerDutyFake;
let base: string;
const rounds = createCheckRounds();

before(async () => {
  h = await startBreakGlassWarroom({ start: { reminderEveryMs: 100, onCheckRound: rounds.hook('warroom') } });
  ({ slack, pd, base } = h);
});
after(async () => {
  await h.close();
});

test('Slack down with a SEV1 open: the on-call is paged through PagerDuty saying "Slack is unreachable"; once; on the timeline; readyz says so', async () => {
  await slack.stop();
  try {
    const { json } = await request(base, '/api/incidents', { method: 'POST', token: API, body: JSON.stringify({ title: 'Checkout down', severity: 1, services: ['checkout'] }) });
    const ref = json.ref as string;
    const paged = await waitFor('break-glass page in PagerDuty', () => Promise.resolve(pd.incidents().find((i) => i.incidentKey?.startsWith(`${ref}:`) === true)), (i) => i !== undefined);
    assert.match(paged?.title ?? '', /Slack is unreachable/, 'the page says why');
    assert.match(paged?.title ?? '', new RegExp(ref), 'and names the incident');
    assert.equal(paged?.serviceId, 'PA2P440', 'on the service of the incident');
    assert.match(paged?.details ?? '', /fallback room is unavailable \(not configured: set WARROOM_PUBLIC_URL\)/, 'without a public URL the page says there is no room');
    // The page reaches PagerDuty before its page_sent event commits: wait for the event, do not race it.
    const pageSent = (r: { json: { events: { kind: string; text: string }[] } }) => r.json.events.some((e) => e.kind === 'page_sent' && /Slack is unreachable/.test(e.text));
    await waitFor('page_sent on the timeline', () => request(base, `/api/incidents/${ref}/timeline`, { token: API }), pageSent);
    // Later break-glass rounds see the same outage: they neither page again nor try to.
    await rounds.passed('break-glass check');
    assert.equal(pd.incidents().filter((i) => i.incidentKey?.startsWith(`${ref}:`) === true).length, 1, 'paged once for this outage');
    const timeline = await request(base, `/api/incidents/${ref}/timeline`, { token: API });
    const pageEvents = (timeline.json.events as { kind: string }[]).filter((e) => e.kind === 'page_sent' || e.kind === 'page_failed');
    assert.equal(pageEvents.length, 1, `one page on the timeline, no "already paged" repeats: ${JSON.stringify(pageEvents)}`);
    // The detail (what failed, since when) is for the API token's holder; anonymous callers see the state.
    const ready = await request(base, '/readyz', { token: API });
    assert.equal(ready.status, 200, 'Slack being down does not make Warroom unready');
    assert.equal(ready.json.dependencies.slack.state, 'down');
    assert.match(ready.json.dependencies.slack.detail, /failing since/);
    assert.equal(ready.json.dependencies.pagerduty.state, 'ok');
    assert.match((await request(base, '/metrics')).text, /warroom_dependency_up\{dependency="slack"\} 0/);
  } finally {
    await slack.start();
  }
  await waitFor('Slack back up in /readyz', () => request(base, '/readyz'), (r) => r.json.dependencies.slack.state === 'ok', 30_000);
  assert.match((await request(base, '/metrics')).text, /warroom_dependency_up\{dependency="slack"\} 1/);
});
