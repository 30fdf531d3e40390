// The Jira tracker against the Jira fake over real HTTP: the documented create, the marker found again
// (also while Jira's search index lags), the state read back, and each failure sorted into the port's errors.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, test } from 'node:test';
import { retryAfterMs } from '../../src/adapters/jira/jira-api.js';
import { createJiraTracker } from '../../src/adapters/jira/jira-tracker.js';
import { TrackerRefusedError, TrackerUnavailableError, type IssueTracker, type TrackerIssueDraft } from '../../src/app/ports/issue-tracker.js';
import type { JiraTrackerSettings } from '../../src/jira-tracker-settings.js';
import { startJiraFake, type JiraFake } from '../fakes/jira-api-fake.js';

let fake: JiraFake;
let settings: JiraTrackerSettings;
let tracker: IssueTracker;
let marker = 0;
before(async () => {
  fake = await startJiraFake();
  settings = { siteUrl: fake.url, apiEmail: fake.apiEmail, apiToken: fake.apiToken, webhookSecret: null, projectKey: 'OPS', issueType: 'Task', labels: ['incident-followup'] };
  tracker = createJiraTracker(settings);
});
after(() => fake.close());
beforeEach(() => {
  fake.indexLag(false);
  fake.index();
});

const draft = (extra: Partial<TrackerIssueDraft> = {}): TrackerIssueDraft => ({
  marker: `warroom-followup-${++marker}`,
  title: 'Add a read replica',
  paragraphs: ['Incident INC-7: checkout is slow', 'Owner: Alice Example'],
  dueDate: '2026-12-24',
  ...extra,
});

test('create sends exactly the documented request and answers the key and its browse URL', async () => {
  const d = draft();
  const before = fake.requests().length;
  const issue = await tracker.create(d);
  assert.deepEqual(issue, { ref: 'OPS-1', url: `${fake.url}/browse/OPS-1`, done: false });
  const [request, ...more] = fake.requests().slice(before);
  assert.equal(more.length, 0);
  assert.equal(request?.method, 'POST');
  assert.equal(request?.path, '/rest/api/3/issue');
  assert.equal(request?.headers['authorization'], `Basic ${Buffer.from(`${fake.apiEmail}:${fake.apiToken}`).toString('base64')}`);
  assert.equal(request?.headers['accept'], 'application/json');
  assert.equal(request?.headers['content-type'], 'application/json');
  assert.deepEqual(request?.body, {
    fields: {
      project: { key: 'OPS' },
      issuetype: { name: 'Task' },
      summary: 'Add a read replica',
      description: { type: 'doc', version: 1, content: d.paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) },
      labels: ['incident-followup', d.marker],
      duedate: '2026-12-24',
    },
  });
});

test('a long title with line breaks becomes one line of 255 characters; no due date, no duedate field', async () => {
  const issue = await tracker.create(draft({ title: `Fix\nthe ${'very '.repeat(80)}slow thing`, dueDate: null }));
  const stored = fake.issues().find((i) => i.key === issue.ref);
  const summary = String(stored?.fields['summary']);
  assert.equal(Array.from(summary).length, 255);
  assert.ok(summary.startsWith('Fix the very') && summary.endsWith('…'));
  assert.equal(stored?.fields['duedate'], undefined);
});

test('findByMarker finds the issue by its marker label; another marker finds nothing', async () => {
  const d = draft();
  const issue = await tracker.create(d);
  assert.deepEqual(await tracker.findByMarker(d.marker), issue);
  assert.equal(await tracker.findByMarker('warroom-followup-never-created'), null);
});

test('findByMarker finds an issue created just before a crash, while Jira’s search index does not show it yet', async () => {
  fake.indexLag(true);
  const d = draft({ marker: 'a marker with spaces' });
  const issue = await tracker.create(d);
  assert.equal(fake.issues().find((i) => i.key === issue.ref)?.indexed, false);
  assert.deepEqual(await tracker.findByMarker(d.marker), issue);
  const paths = fake.requests().slice(-3).map((r) => r.path);
  assert.deepEqual(paths, ['/rest/api/3/search/jql', '/rest/api/3/search/jql', '/rest/api/3/issue/bulkfetch']);
});

test('get reports done once the issue is moved to Done in Jira; a missing issue is null', async () => {
  const issue = await tracker.create(draft());
  assert.equal((await tracker.get(issue.ref))?.done, false);
  await fake.moveToDone(issue.ref);
  assert.deepEqual(await tracker.get(issue.ref), { ...issue, done: true });
  assert.equal(await tracker.get('OPS-9999'), null);
});

test('429 with Retry-After, 5xx and no answer are TrackerUnavailableError', async () => {
  fake.failNext(1, 429, 7);
  const limited = await tracker.create(draft()).catch((err: unknown) => err);
  assert.ok(limited instanceof TrackerUnavailableError);
  assert.equal(limited.retryAfterMs, 7000);
  fake.failNext(1, 502);
  const bad = await tracker.get('OPS-1').catch((err: unknown) => err);
  assert.ok(bad instanceof TrackerUnavailableError);
  assert.equal(bad.retryAfterMs, null);
  await fake.stop();
  try {
    assert.ok((await tracker.findByMarker('m').catch((err: unknown) => err)) instanceof TrackerUnavailableError);
  } finally {
    await fake.start();
  }
});

test('a call Jira never answers times out as TrackerUnavailableError', async () => {
  const silent: Server = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  try {
    const slow = createJiraTracker({ ...settings, siteUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}` }, { timeoutMs: 100 });
    const err = await slow.get('OPS-1').catch((e: unknown) => e);
    assert.ok(err instanceof TrackerUnavailableError);
    assert.match(err.message, /no answer within 100 ms/);
  } finally {
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  }
});

test('a bad token, a forbidden project, a 404 on create and Jira’s 400 are TrackerRefusedError with Jira’s reasons, never the token', async () => {
  const wrongToken = createJiraTracker({ ...settings, apiToken: 'wrong-token-value' });
  const unauthorized = await wrongToken.create(draft()).catch((err: unknown) => err);
  assert.ok(unauthorized instanceof TrackerRefusedError);
  assert.match(unauthorized.message, /HTTP 401/);
  assert.ok(!unauthorized.message.includes('wrong-token-value'));
  fake.failNext(1, 403);
  assert.ok((await tracker.get('OPS-1').catch((err: unknown) => err)) instanceof TrackerRefusedError);
  fake.failNext(1, 404);
  assert.ok((await tracker.create(draft()).catch((err: unknown) => err)) instanceof TrackerRefusedError);
  const unknownProject = await createJiraTracker({ ...settings, projectKey: 'NOPE' }).create(draft()).catch((err: unknown) => err);
  assert.ok(unknownProject instanceof TrackerRefusedError);
  assert.match(unknownProject.message, /HTTP 400 \(project: Specify a valid project ID or key\)/);
});

test('a redirect (a JIRA_API_URL that is not the site itself) is refused, never followed', async () => {
  const redirecting: Server = createServer((_req, res) => res.writeHead(301, { location: `${fake.url}/rest/api/3/issue/OPS-1` }).end());
  await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
  try {
    const before = fake.requests().length;
    const moved = createJiraTracker({ ...settings, siteUrl: `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}` });
    const err = await moved.get('OPS-1').catch((e: unknown) => e);
    assert.ok(err instanceof TrackerRefusedError);
    assert.match(err.message, /HTTP 301/);
    assert.equal(fake.requests().length, before);
  } finally {
    await new Promise((resolve) => redirecting.close(resolve));
  }
});

test('Retry-After in seconds or as an HTTP date', () => {
  const now = Date.parse('2026-12-07T18:00:00Z');
  assert.equal(retryAfterMs('7', now), 7000);
  assert.equal(retryAfterMs('Mon, 07 Dec 2026 18:00:30 GMT', now), 30_000);
  assert.equal(retryAfterMs('soon', now), null);
  assert.equal(retryAfterMs(null, now), null);
});
