/**
 * SQL injection: hostile strings in titles, descriptions, notes, services, alert titles and labels
 * and API query parameters are stored verbatim (read back from the database and the API) or
 * refused with a 4xx naming the problem; never a 500, and every table is intact afterwards.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { request, waitFor } from '../helpers/http.js';
import { alertmanagerDelivery } from '../helpers/provider-payloads.js';
import { commandBody, FORM, startHarness, type Harness } from './security-harness.js';

const HOSTILE: readonly string[] = [
  "'; drop table incidents; --",
  '" or 1=1 --',
  "' or '1'='1",
  'Robert\'); DELETE FROM timeline_events WHERE (\'1\'=\'1',
  '$1 $2 $$ $tag$ x $tag$',
  '? ?? :name :name: \\? ::text',
  'back\\slash \\\\ \\x00 \\u0000 \\n',
  '%_% like wildcards %',
  '; select pg_sleep(10); --',
  "1; update incidents set title = 'pwned'",
  'ünïcödé 漢字 🚨 \u202eRTL\u202c',
  '/* comment */ union select * from pg_user --',
];

let h: Harness;
let tablesBefore: string[];
before(async () => {
  h = await startHarness();
  tablesBefore = await tables();
});
after(async () => {
  // `h` is unset when before() failed: say nothing more than its own error.
  await h?.stop();
});

async function tables(): Promise<string[]> {
  const r = await h.db.knex.raw<{ rows: { table_name: string }[] }>("select table_name from information_schema.tables where table_schema = 'public' order by 1");
  return r.rows.map((x) => x.table_name);
}

test('hostile titles and descriptions from the API are stored and read back verbatim; hostile services are refused by name', async () => {
  for (const s of HOSTILE) {
    // Services must be configured ones (issue 18): the refusal quotes the hostile name as sent.
    const refused = await h.api('/api/incidents', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: s, services: [s] }) });
    assert.equal(refused.status, 400, `declare with service ${JSON.stringify(s)}: ${refused.status} ${refused.text}`);
    assert.ok((refused.json.problems as string[])[0]?.startsWith(`unknown service "${s}"`), `the refusal names ${JSON.stringify(s)}: ${refused.text}`);
    const r = await h.api('/api/incidents', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: s, description: s }) });
    assert.equal(r.status, 201, `declare ${JSON.stringify(s)}: ${r.status} ${r.text}`);
    assert.equal(r.json.title, s, `the answer's title for ${JSON.stringify(s)}`);
    const back = await h.api(`/api/incidents/${r.json.ref as string}`);
    assert.equal(back.json.title, s, `read back from the API: ${JSON.stringify(s)}`);
    const row = await h.db.knex('incidents').where({ id: Number(String(r.json.ref).slice(4)) }).first<{ title: string; description: string | null }>();
    assert.equal(row?.title, s, `stored title: ${JSON.stringify(s)}`);
    assert.equal(row?.description, s, `stored description: ${JSON.stringify(s)}`);
  }
  assert.equal(await h.count('incidents'), HOSTILE.length, 'one incident per string, no more, none lost');
});

test('hostile titles and notes from Slack are stored verbatim', async () => {
  const target = await h.api('/api/incidents', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Notes target' }) });
  const ref = target.json.ref as string;
  const room = await waitFor('the room of the notes target', () => h.api(`/api/incidents/${ref}`), (r) => typeof r.json?.channelId === 'string', 15_000);
  for (const s of HOSTILE) {
    const declared = await h.slack(commandBody(`declare ${s}`), FORM);
    assert.match(declared.json?.text ?? '', /Declared \*INC-\d+\*/, `declare ${JSON.stringify(s)} from Slack: ${declared.text}`);
    const id = Number(/INC-(\d+)/.exec(declared.json.text as string)?.[1]);
    const row = await h.db.knex('incidents').where({ id }).first<{ title: string }>();
    assert.equal(row?.title, s, `stored title from Slack: ${JSON.stringify(s)}`);
    const noted = await h.slack(commandBody(`note ${s}`, { channel: room.json.channelId as string }), FORM);
    assert.match(noted.json?.text ?? '', /Added to the timeline/, `note ${JSON.stringify(s)}: ${noted.text}`);
  }
  const texts = ((await h.api(`/api/incidents/${ref}/timeline`)).json.events as { kind: string; text: string }[]).filter((e) => e.kind === 'note_added').map((e) => e.text);
  assert.deepEqual(texts, [...HOSTILE], 'every note read back verbatim, in order');
});

test('hostile alert titles and labels from a webhook are stored verbatim', async () => {
  for (const [i, s] of HOSTILE.entries()) {
    const body = JSON.stringify(alertmanagerDelivery({ groupKey: `sql-${i}-${s}`, alerts: [{ fingerprint: `fp-${i}`, status: 'firing', labels: { alertname: `sql ${i}`, service: 'checkout', [s]: s }, summary: s }] }));
    const r = await h.webhook('alertmanager', body);
    assert.equal(r.status, 202, `alertmanager with ${JSON.stringify(s)}: ${r.text}`);
  }
  const rows = await waitFor('every alert attached', () => h.db.knex('alerts').select<{ title: string; signal: { serviceHints?: { labels?: Record<string, string> } } }[]>('title', 'signal'), (r) => r.length === HOSTILE.length, 20_000);
  for (const s of HOSTILE) {
    const row = rows.find((r) => r.title === s);
    assert.ok(row, `an alert titled ${JSON.stringify(s)} (titles: ${JSON.stringify(rows.map((r) => r.title))})`);
    assert.equal(row.signal.serviceHints?.labels?.[s], s, `label ${JSON.stringify(s)} stored verbatim`);
  }
});

test('NUL, which PostgreSQL text cannot hold, is a clear 4xx or removed, never a 500', async () => {
  const withNul = 'before\u0000after';
  // It gave a 500: the service name reached a text[] column with its NUL. Now no such service is configured: a 400.
  const service = await h.api('/api/incidents', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'NUL service', services: [withNul] }) });
  assert.equal(service.status, 400, `NUL in a service: ${service.status} ${service.text}`);
  const r = await h.api('/api/incidents', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: withNul, description: withNul }) });
  assert.equal(r.status, 201, `NUL in the API: ${r.status} ${r.text}`);
  const row = await h.db.knex('incidents').where({ id: Number(String(r.json.ref).slice(4)) }).first<{ title: string; description: string | null; services: string[] }>();
  assert.ok(row, 'the incident is stored');
  assert.ok(![row.title, row.description ?? ''].some((v) => v.includes('\u0000')), `stored without NUL: ${JSON.stringify(row)}`);
  const body = JSON.stringify(alertmanagerDelivery({ groupKey: 'nul\u0000key', alerts: [{ fingerprint: 'nul\u0000fp', status: 'firing', labels: { alertname: 'nul\u0000name', service: 'checkout' }, summary: 'nul\u0000summary' }] }));
  const w = await h.webhook('alertmanager', body);
  assert.ok(w.status === 202 || (w.status === 400 && typeof w.json?.error === 'string'), `NUL in a webhook: ${w.status} ${w.text}`);
});

test('hostile API query parameters and refs are refused with 4xx or match nothing', async () => {
  // Deliveries of the tests above may still be opening incidents: let them finish first.
  await waitFor('every delivery attached', () => h.db.knex('deliveries').whereNull('processed_at').count<{ n: string }[]>({ n: '*' }), (r) => Number(r[0]?.n) === 0, 20_000);
  const before = await h.count('incidents');
  for (const s of HOSTILE) {
    const q = encodeURIComponent(s);
    for (const path of [`/api/incidents?status=${q}`, `/api/incidents?limit=${q}`, `/api/incidents?status=open&limit=1${q}`]) {
      const r = await h.api(path);
      assert.equal(r.status, 400, `${path}: ${r.status} ${r.text}`);
      assert.equal(typeof r.json?.error, 'string', `${path}: a reason`);
    }
    for (const path of [`/api/incidents/${q}`, `/api/incidents/INC-1${q}`, `/api/incidents/${q}/timeline`, `/api/incidents/INC-1${q}/postmortem`]) {
      const r = await h.api(path);
      assert.ok(r.status === 400 || r.status === 404, `${path}: ${r.status} ${r.text}`);
    }
  }
  const raw = await request(h.base, "/api/incidents?status=open'%20or%201=1--", { token: h.secrets.apiToken });
  assert.equal(raw.status, 400, `unencoded quote: ${raw.text}`);
  assert.equal(await h.count('incidents'), before, 'nothing changed');
  assert.deepEqual(await tables(), tablesBefore, 'every table is still there');
  const titles = (await h.db.knex('incidents').select<{ title: string }[]>('title')).map((r) => r.title);
  assert.ok(!titles.includes('pwned'), 'no title was overwritten');
});
