/**
 * The break-glass page carries the fallback room (issue 23): with Slack refusing connections, the
 * page Warroom sends the PagerDuty fake holds a per-person link for the on-call PagerDuty names, and
 * that link opens the room and acts in it as that person.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { PagerDutyFake } from '../fakes/pagerduty-api-fake.js';
import type { SlackFake } from '../fakes/slack-api-fake.js';
import { BREAK_GLASS_API_TOKEN as API, startBreakGlassWarroom, type BreakGlassWarroom } from '../helpers/warroom-break-glass.js';
import { request, waitFor } from '../helpers/http.js';

const PUBLIC_URL = 'https://warroom.example.test';
let h: BreakGlassWarroom;
let slack: SlackFake;
let pd: PagerDutyFake;
let base: string;

before(async () => {
  h = await startBreakGlassWarroom({
    env: { WARROOM_PUBLIC_URL: PUBLIC_URL },
    pagerduty: { users: [{ id: 'PGRACE', name: 'Grace Hopper', email: 'grace@example.com' }], escalationPolicies: { PEP1: [{ userId: 'PGRACE', level: 1 }] } },
    escalationPolicyId: 'PEP1',
    start: { reminderEveryMs: 100 },
  });
  ({ slack, pd, base } = h);
});
after(async () => {
  await h.close();
});

test('Slack refusing connections: the break-glass page holds a room link for the on-call PagerDuty names; it opens the room and acts as them', async () => {
  await slack.stop();
  try {
    const { json } = await request(base, '/api/incidents', { method: 'POST', token: API, body: JSON.stringify({ title: 'Checkout down', severity: 1, services: ['checkout'] }) });
    const ref = json.ref as string;
    const paged = await waitFor('break-glass page in PagerDuty', () => Promise.resolve(pd.incidents().find((i) => i.incidentKey?.startsWith(`${ref}:`) === true)), (i) => i !== undefined);
    const details = paged?.details ?? '';
    assert.match(details, /Slack is unreachable/);
    assert.match(details, /fallback room \(your link, as Grace Hopper, until/, `the page names the person the link is for: ${details}`);
    const url = new RegExp(`${PUBLIC_URL}/rooms/${ref}\\?t=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+`).exec(details)?.[0];
    assert.ok(url, `the page carries the room link: ${details}`);

    // The link opens the room (sent here: the public URL points at the deployment)…
    const page = await request(base, url.slice(PUBLIC_URL.length));
    assert.equal(page.status, 200, page.text);
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    assert.ok(cookie.length > 0, 'the room lets them in');
    // …and what they do there is theirs on the timeline, named as PagerDuty names them.
    const note = await request(base, `/rooms/${ref}/notes`, { method: 'POST', body: JSON.stringify({ text: 'On it from the fallback room' }), headers: { 'content-type': 'application/json', cookie, origin: PUBLIC_URL } });
    assert.equal(note.status, 200, note.text);
    const timeline = await request(base, `/api/incidents/${ref}/timeline`, { token: API });
    const added = (timeline.json.events as { kind: string; actor: string; text: string }[]).find((e) => e.text.includes('On it from the fallback room'));
    assert.equal(added?.actor, 'Grace Hopper');
  } finally {
    await slack.start();
  }
});
