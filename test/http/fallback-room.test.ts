/**
 * The fallback room over HTTP (issue 23), on a real Warroom with a Slack fake and PostgreSQL: a room
 * link from the API opens the page, the page's actions go through the use cases Slack uses and the
 * timeline names the link's person; every way in without a good link is refused, telling nothing.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createRoomLinks } from '../../src/app/fallback/room-links.js';
import { createHmacSigner } from '../../src/adapters/hmac/hmac-signer.js';
import { roomLinkSecret } from '../../src/fallback-room-settings.js';
import { PAGE_DIR } from '../../src/web/static-page.js';
import { API_TOKEN, STAKEHOLDER_CHANNEL, startApiWithSlack, type ApiWithSlack } from '../helpers/api-with-slack.js';
import { request, waitFor, type Answer } from '../helpers/http.js';
import { clickSummaryButton } from '../helpers/summary-button.js';
import { ACTIONS } from '../../src/slack-ui/ids.js';

const PUBLIC_URL = 'https://warroom.example.test';
const ORIGIN = { origin: PUBLIC_URL };

let h: ApiWithSlack;
before(async () => {
  h = await startApiWithSlack(['checkout'], { WARROOM_PUBLIC_URL: PUBLIC_URL }, { withStakeholders: true });
});
after(async () => {
  await h.close();
});

interface Link {
  url: string;
  expiresAt: string;
  person: { name: string; slackUserId: string | null; provider: string | null };
}

async function declare(title: string): Promise<string> {
  const created = await h.api('POST', '/api/incidents', { title, severity: 2, services: ['checkout'] });
  assert.equal(created.status, 201, created.text);
  return created.json.ref;
}

async function roomLink(ref: string, person: Record<string, unknown>): Promise<Link> {
  const r = await h.api('POST', `/api/incidents/${ref}/room-links`, { person });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

/** The link's path and query, sent to this test's server (the public URL points at the deployment). */
const local = (url: string) => url.slice(PUBLIC_URL.length);

/** Opens the page with the link as a person clicking it does; answers the page and the cookie it set. */
async function open(link: Link): Promise<{ page: Answer; cookie: string }> {
  const page = await request(h.base, local(link.url));
  assert.equal(page.status, 200, page.text);
  const setCookie = page.headers.get('set-cookie') ?? '';
  return { page, cookie: setCookie.split(';')[0] ?? '' };
}

const post = (path: string, cookie: string, body: unknown, headers: Record<string, string> = ORIGIN) =>
  request(h.base, path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', cookie, ...headers } });

interface Timeline {
  events: { kind: string; actor: string; text: string }[];
}
const timeline = async (ref: string): Promise<Timeline['events']> => ((await h.api('GET', `/api/incidents/${ref}/timeline`)).json as Timeline).events;

/** Reads server-sent events from `path` until `until` accepts one `state` message's data. */
async function firstStateWhere(path: string, cookie: string, until: (state: any) => boolean): Promise<any> {
  const abort = new AbortController();
  const res = await fetch(`${h.base}${path}`, { headers: { cookie }, signal: abort.signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  assert.ok(res.body);
  const decoder = new TextDecoder();
  let buffered = '';
  try {
    for await (const chunk of res.body) {
      buffered += decoder.decode(chunk as Uint8Array, { stream: true });
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const message = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const event = /^event: (.*)$/m.exec(message)?.[1];
        const data = /^data: (.*)$/m.exec(message)?.[1];
        if (event === 'state' && data !== undefined && until(JSON.parse(data))) return JSON.parse(data);
      }
    }
  } finally {
    abort.abort();
  }
  throw new Error('the stream ended before the awaited state');
}

void describe('the fallback room', () => {
  void test('API link → page → note and status from the page: the timeline names the person, the live stream brings the change', async () => {
    const ref = await declare('Checkout 5xx in eu-west-1');
    const link = await roomLink(ref, { name: 'Ada Lovelace', provider: 'pagerduty' });
    assert.ok(link.url.startsWith(`${PUBLIC_URL}/rooms/${ref}?t=`), link.url);
    assert.deepEqual(link.person, { name: 'Ada Lovelace', slackUserId: null, provider: 'pagerduty' });
    assert.ok(Math.abs(Date.parse(link.expiresAt) - Date.now() - 12 * 3600_000) < 60_000, 'about 12 hours');

    const { page, cookie } = await open(link);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    const setCookie = page.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Strict/);
    assert.match(setCookie, new RegExp(`Path=/rooms/${ref}(;|$)`));
    assert.match(setCookie, /Secure/, 'the public URL is https');
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer');

    // The cookie alone lets the page read its room (the URL no longer carries the link).
    const state = await request(h.base, `/rooms/${ref}/state`, { headers: { cookie } });
    assert.equal(state.status, 200, state.text);
    assert.equal(state.json.title, 'Checkout 5xx in eu-west-1');
    assert.equal(state.json.you.name, 'Ada Lovelace');
    assert.deepEqual(state.json.roles.map((r: { role: string }) => r.role), ['commander', 'comms', 'scribe', 'ops']);

    const streamed = firstStateWhere(`/rooms/${ref}/events`, cookie, (s) => s.timeline.some((e: { kind: string; text: string }) => e.kind === 'note_added' && e.text.includes('Rolled back deploy 41')));
    const note = await post(`/rooms/${ref}/notes`, cookie, { text: 'Rolled back deploy 41' });
    assert.equal(note.status, 200, note.text);
    const pushed = await streamed;
    const pushedNote = pushed.timeline.find((e: { kind: string }) => e.kind === 'note_added');
    assert.equal(pushedNote.who, 'Ada Lovelace', 'the page shows the person by name');

    const status = await post(`/rooms/${ref}/status`, cookie, { status: 'identified' });
    assert.equal(status.status, 200, status.text);
    assert.equal(status.json.status, 'identified');
    const severity = await post(`/rooms/${ref}/severity`, cookie, { severity: 'SEV1' });
    assert.equal(severity.status, 200, severity.text);

    const events = await timeline(ref);
    const byRoom = events.filter((e) => e.actor === 'Ada Lovelace').map((e) => e.kind);
    assert.deepEqual(byRoom, ['note_added', 'status_changed', 'severity_changed'], 'the same timeline events as Slack commands make, by the link\'s person');
    assert.equal((await h.api('GET', `/api/incidents/${ref}`)).json.status, 'identified');
  });

  void test('a stakeholder update drafted and sent from the room: the update modal\'s draft and rules, its timeline event by the link\'s person, once in the stakeholder channel', async () => {
    const ref = await declare('Login errors');
    const { cookie } = await open(await roomLink(ref, { name: 'Ada Lovelace', provider: 'pagerduty' }));
    const draft = await request(h.base, `/rooms/${ref}/update-draft`, { headers: { cookie } });
    assert.equal(draft.status, 200, draft.text);
    assert.match(draft.json.text, new RegExp(ref), 'the draft the Slack update modal shows');
    assert.equal((await request(h.base, `/rooms/${ref}/update-draft`)).status, 401, 'no draft without the link');

    const empty = await post(`/rooms/${ref}/updates`, cookie, { text: '   ' });
    assert.equal(empty.status, 400, 'the modal\'s rule: 1 to 4000 characters');
    assert.match(empty.json.error, /1 to 4000/);
    const text = `${draft.json.text}\nLogins fail for 3% of users; rolling back.`;
    const sent = await post(`/rooms/${ref}/updates`, cookie, { text });
    assert.equal(sent.status, 200, sent.text);

    const update = (await timeline(ref)).filter((e) => e.kind === 'stakeholder_update');
    assert.equal(update.length, 1);
    assert.equal(update[0]?.actor, 'Ada Lovelace', 'by the link\'s person');
    const told = () => h.fake.messages(STAKEHOLDER_CHANNEL).filter((m) => JSON.stringify(m.blocks).includes('rolling back'));
    await waitFor('the update in the stakeholder channel', () => Promise.resolve(told()), (m) => m.length > 0, 15_000);
    assert.equal(told().length, 1, 'sent once');
    assert.match(JSON.stringify(told()[0]?.blocks), /Posted by Ada Lovelace/, 'naming who sent it');
  });

  void test('the Slack summary offers the web view; its button answers the person who clicked, alone, with their own link, which opens the room as them', async () => {
    const { ref } = await h.declareWithRoom('Web view wanted');
    const channel = h.fake.channels().find((c) => c.name.startsWith(`inc-${ref.slice(4)}-`));
    const summary = channel ? h.fake.messages(channel.id).find((m) => m.pinned) : undefined;
    assert.ok(channel && summary);
    assert.ok(JSON.stringify(summary.blocks).includes(ACTIONS.webView), 'a "Web view" button on the summary');
    const click = await clickSummaryButton(h.slack, { channel: channel.id, summaryTs: summary.ts, user: { id: 'U0ALICE01', name: 'alice' }, actionId: ACTIONS.webView, label: 'Web view', ref });
    try {
      assert.equal(click.answer.status, 200, click.answer.text);
      const [answer] = await waitFor('the answer on the response_url', () => Promise.resolve(click.answers), (a) => a.length === 1, 15_000);
      assert.equal(answer?.response_type, 'ephemeral', 'only the person who clicked sees it');
      const url = new RegExp(`${PUBLIC_URL}/rooms/${ref}\\?t=\\S+`).exec(String(answer?.text))?.[0];
      assert.ok(url, `their link: ${JSON.stringify(answer)}`);
      const { cookie } = await open({ url, expiresAt: '', person: { name: 'alice', slackUserId: 'U0ALICE01', provider: null } });
      assert.equal((await post(`/rooms/${ref}/notes`, cookie, { text: 'From my phone' })).status, 200);
      assert.equal((await timeline(ref)).find((e) => e.text === 'From my phone')?.actor, 'U0ALICE01', 'the link is theirs');
    } finally {
      await click.close();
    }
  });

  void test('a change made elsewhere (the API here; Slack or another replica alike: the stream reads PostgreSQL) reaches an open page', async () => {
    const ref = await declare('Queue backlog');
    const { cookie } = await open(await roomLink(ref, { name: 'Ada Lovelace' }));
    const streamed = firstStateWhere(`/rooms/${ref}/events`, cookie, (s) => s.title === 'Queue backlog in us-east-1');
    const patched = await h.api('PATCH', `/api/incidents/${ref}`, { title: 'Queue backlog in us-east-1' });
    assert.equal(patched.status, 200, patched.text);
    const pushed = await streamed;
    const change = pushed.timeline.find((e: { kind: string }) => e.kind === 'title_changed');
    assert.equal(change?.who, 'api');
  });

  void test('a link naming a Slack user records their id (Slack shows the mention) and reads as their name', async () => {
    const ref = await declare('Search slow');
    const { cookie } = await open(await roomLink(ref, { name: 'Alice Moreau', slackUserId: 'U0ALICE01' }));
    const note = await post(`/rooms/${ref}/notes`, cookie, { text: 'Looking at the search pods' });
    assert.equal(note.status, 200, note.text);
    const added = (await timeline(ref)).find((e) => e.kind === 'note_added');
    assert.equal(added?.actor, 'U0ALICE01');
    const shown = note.json.timeline.find((e: { kind: string }) => e.kind === 'note_added');
    assert.ok(shown.who === 'alice' || shown.who === 'Alice Moreau', `a name, never the id: ${shown.who}`);

    // They take a role, as `/incident role commander @me` would: the same event, by them.
    const took = await post(`/rooms/${ref}/roles`, cookie, { role: 'commander' });
    assert.equal(took.status, 200, took.text);
    assert.notEqual(took.json.roles.find((r: { role: string }) => r.role === 'commander').name, null);
    assert.ok(!JSON.stringify(took.json.roles).includes('U0ALICE01'), 'roles by name');
    assert.equal((await h.api('GET', `/api/incidents/${ref}`)).json.roles.commander, 'U0ALICE01');
    assert.equal((await timeline(ref)).find((e) => e.kind === 'role_assigned')?.actor, 'U0ALICE01');
    const noSuchRole = await post(`/rooms/${ref}/roles`, cookie, { role: 'chef' });
    assert.equal(noSuchRole.status, 400, noSuchRole.text);
  });

  void test('a link without a Slack user cannot take a role (roles are held by Slack users): 400 with the reason', async () => {
    const ref = await declare('Role without Slack');
    const { cookie } = await open(await roomLink(ref, { name: 'Ada Lovelace', provider: 'pagerduty' }));
    const r = await post(`/rooms/${ref}/roles`, cookie, { role: 'commander' });
    assert.equal(r.status, 400);
    assert.match(r.json.error, /Slack user/);
    assert.equal((await h.api('GET', `/api/incidents/${ref}`)).json.roles.commander, null);
  });

  void test('missing, wrong, tampered, expired and other-incident links are refused alike, telling nothing of the incident', async () => {
    const ref = await declare('Payments secret outage');
    const other = await declare('Another incident');
    const good = await roomLink(ref, { name: 'Ada Lovelace' });
    const token = new URL(good.url).searchParams.get('t') ?? '';
    const [payload = '', signature = ''] = token.split('.');
    const secret = roomLinkSecret(undefined, API_TOKEN);
    assert.ok(secret);
    const expired = createRoomLinks({ signer: createHmacSigner(secret), publicUrl: PUBLIC_URL, clock: { now: () => new Date(Date.now() - 13 * 3600_000) } }).issue(ref, { name: 'Ada Lovelace', slackUserId: null, provider: null });
    const otherLink = await roomLink(other, { name: 'Ada Lovelace' });
    const forged = Buffer.from(Buffer.from(payload, 'base64url').toString('utf8').replace('Ada Lovelace', 'Mallory')).toString('base64url');

    const attempts: [string, string, number][] = [
      ['no link', `/rooms/${ref}`, 401],
      ['a wrong link', `/rooms/${ref}?t=nonsense`, 403],
      ['a tampered payload', `/rooms/${ref}?t=${forged}.${signature}`, 403],
      ['a tampered signature', `/rooms/${ref}?t=${payload}.${signature.slice(0, -3)}AAA`, 403],
      ['an expired link', local(expired.url), 403],
      ['another incident\'s link', `/rooms/${ref}?t=${new URL(otherLink.url).searchParams.get('t') ?? ''}`, 403],
      ['a link for an incident that does not exist', `/rooms/INC-999999?t=${token}`, 403],
    ];
    const bodies = new Set<string>();
    for (const [what, path, status] of attempts) {
      for (const suffix of ['', '/state', '/events']) {
        const p = suffix === '' ? path : path.replace(/(\?|$)/, `${suffix}$1`);
        const r = await request(h.base, p);
        assert.equal(r.status, status, `${what} ${suffix || 'page'}: ${r.text}`);
        assert.ok(!r.text.includes('Payments') && !r.text.includes(ref) && !r.text.includes('Ada'), `${what} ${suffix || 'page'} tells nothing: ${r.text}`);
        assert.equal(r.headers.get('set-cookie'), null);
        if (suffix === '') {
          assert.ok(r.headers.get('content-security-policy'), `${what}: the refusal page has a CSP too`);
          bodies.add(r.text);
        }
      }
      const note = await post(`${path.split('?')[0] ?? ''}/notes`, '', { text: 'sneaked in' }, { ...ORIGIN, cookie: `warroom_room=${new URL(`http://x${path}`).searchParams.get('t') ?? ''}` });
      assert.equal(note.status, status === 401 ? 401 : 403, `${what}: no action`);
    }
    assert.equal(bodies.size, 1, 'one refusal page for every way in');
    assert.ok(!(await timeline(ref)).some((e) => e.text.includes('sneaked in')));
  });

  void test('a room action needs this Warroom as its Origin (CSRF); bad input is a 400 with the reason', async () => {
    const ref = await declare('Origin check');
    const { cookie } = await open(await roomLink(ref, { name: 'Ada Lovelace' }));
    for (const headers of [{}, { origin: 'https://evil.example' }, { origin: 'null' }]) {
      const r = await post(`/rooms/${ref}/notes`, cookie, { text: 'cross-site' }, headers);
      assert.equal(r.status, 403, `${JSON.stringify(headers)}: ${r.text}`);
    }
    assert.ok(!(await timeline(ref)).some((e) => e.text.includes('cross-site')));
    const bad = await post(`/rooms/${ref}/status`, cookie, { status: 'fixed' });
    assert.equal(bad.status, 400);
    assert.match(bad.json.error, /status/);
    const badSeverity = await post(`/rooms/${ref}/severity`, cookie, { severity: 'SEV9' });
    assert.equal(badSeverity.status, 400);
    assert.match(badSeverity.json.error, /severity must be one of SEV1/);
    const notJson = await request(h.base, `/rooms/${ref}/notes`, { method: 'POST', body: 'text=hi', headers: { cookie, ...ORIGIN, 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(notJson.status, 400, 'a form post (what a cross-site form could send) is no JSON');
  });

  void test('the page and its assets: strict CSP, nothing from another site', async () => {
    const ref = await declare('CSP check');
    const { page } = await open(await roomLink(ref, { name: 'Ada Lovelace' }));
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /connect-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    for (const asset of ['/room-assets/room.js', '/room-assets/room.css']) {
      const r = await request(h.base, asset);
      assert.equal(r.status, 200, asset);
      assert.ok(r.headers.get('content-security-policy'));
    }
    for (const file of ['room.html', 'room.js', 'room.css', 'room-refused.html']) {
      const text = readFileSync(join(PAGE_DIR, file), 'utf8');
      assert.doesNotMatch(text, /(https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/i, `${file} names no other site`);
      assert.doesNotMatch(text, /<script>|\son[a-z]+=|style=/i, `${file}: no inline script, handler or style (the CSP forbids them)`);
    }
  });

  void test('/readyz reports the room configured', async () => {
    const ready = await request(h.base, '/readyz', { token: API_TOKEN });
    assert.equal(ready.json.dependencies.fallbackRoom.state, 'ok');
  });

  void test('links come only with the API token; a private incident only with the private one', async () => {
    const ref = await declare('Token check');
    const anonymous = await request(h.base, `/api/incidents/${ref}/room-links`, { method: 'POST', body: JSON.stringify({ person: { name: 'Ada' } }) });
    assert.equal(anonymous.status, 401);
    const noName = await h.api('POST', `/api/incidents/${ref}/room-links`, { person: { name: ' ' } });
    assert.equal(noName.status, 400);
    const unknown = await h.api('POST', '/api/incidents/INC-999999/room-links', { person: { name: 'Ada' } });
    assert.equal(unknown.status, 404);
  });
});
