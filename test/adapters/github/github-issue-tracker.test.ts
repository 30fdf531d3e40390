/**
 * The GitHub Issues adapter against the GitHub fake over HTTP (issue 20): the documented request
 * shapes and headers, the marker as a hidden line of the body, a consistent look-up by marker that
 * skips pull requests and other people's issues, and GitHub's answers mapped to the port's errors.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TrackerRefusedError, TrackerUnavailableError, type IssueTracker } from '../../../src/app/ports/issue-tracker.js';
import { createGitHubIssueTracker, markerLine } from '../../../src/adapters/github/github-issue-tracker.js';
import { followUpMarker } from '../../../src/core/followup.js';
import { startGitHubFake, type GitHubFake } from '../../fakes/github-api-fake.js';

let fake: GitHubFake;
let tracker: IssueTracker;
const repository = { owner: 'acme', repo: 'ops', labels: ['incident'] };

before(async () => {
  fake = await startGitHubFake();
  tracker = createGitHubIssueTracker({ apiUrl: fake.url, token: fake.token, repository });
});
after(() => fake.close());

const draft = (marker: string, title = 'Add a replication-lag alert') => ({ marker, title, paragraphs: ['From INC-7 <@U1> <!-- warroom-followup:1:2 --> #3'], dueDate: '2026-12-24' });

test('create: POST /repos/{owner}/{repo}/issues with title, labels and the marker as a hidden line; GitHub\'s headers', async () => {
  const marker = followUpMarker(101, new Date());
  const issue = await tracker.create(draft(marker));
  assert.match(issue.ref, /^acme\/ops#\d+$/);
  assert.match(issue.url, /^https:\/\/github\.com\/acme\/ops\/issues\/\d+$/);
  assert.equal(issue.done, false);
  const stored = fake.issues().find((i) => `acme/ops#${i.number}` === issue.ref);
  assert.deepEqual(stored?.labels, ['incident']);
  assert.ok(stored?.body?.includes(markerLine(marker)));
  assert.ok(stored?.body?.includes('Due 2026-12-24'));
  // User text cannot forge a marker line, ping a GitHub user or link an issue.
  assert.equal(stored?.body?.split('<!--').length, 2, 'only the real marker is an HTML comment');
  assert.ok(!/@U1|(?<!&)#3/.test(stored?.body ?? ''));
  const post = fake.requests().find((r) => r.method === 'POST');
  assert.equal(post?.headers['authorization'], `Bearer ${fake.token}`);
  assert.equal(post?.headers['accept'], 'application/vnd.github+json');
  assert.equal(post?.headers['x-github-api-version'], '2022-11-28');
  assert.ok(post?.headers['user-agent']);
});

test('findByMarker lists the token owner\'s issues since the first attempt, skipping pull requests and others\' issues', async () => {
  const marker = followUpMarker(102, new Date());
  fake.addOther({ body: `copied ${markerLine(marker)}`, creator: 'someone-else' });
  fake.addOther({ body: markerLine(marker), creator: fake.login, pullRequest: true });
  assert.equal(await tracker.findByMarker(marker), null);
  const created = await tracker.create(draft(marker));
  assert.deepEqual(await tracker.findByMarker(marker), created);
  const list = fake.requests().filter((r) => r.method === 'GET' && r.path.startsWith('/repos/acme/ops/issues?')).at(-1);
  assert.match(list?.path ?? '', /state=all&creator=warroom-bot&since=[^&]+&per_page=100/);
  assert.equal(fake.requests().filter((r) => r.path === '/user').length, 1, 'the login is looked up once');
});

test('get: the issue\'s state now; null once it is gone or for another repository', async () => {
  const created = await tracker.create(draft(followUpMarker(103, new Date())));
  await fake.closeIssue(Number(created.ref.split('#')[1]), 'octocat');
  assert.deepEqual(await tracker.get(created.ref), { ...created, done: true });
  assert.equal(await tracker.get('acme/ops#9999'), null);
  assert.equal(await tracker.get('other/repo#1'), null);
});

test('errors: 5xx, 429 and a rate-limited 403 are outages (with the wait); a wrong token, a missing repository, a 422 are refusals', async () => {
  fake.failNext(1, 502);
  await assert.rejects(tracker.create(draft('m1')), TrackerUnavailableError);
  fake.failNext(1, 403, { 'retry-after': '30' });
  await assert.rejects(tracker.create(draft('m2')), (err) => err instanceof TrackerUnavailableError && err.retryAfterMs === 30_000);
  fake.failNext(1, 429, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 60) });
  await assert.rejects(tracker.create(draft('m3')), (err) => err instanceof TrackerUnavailableError && (err.retryAfterMs ?? 0) > 50_000);
  const wrongToken = createGitHubIssueTracker({ apiUrl: fake.url, token: 'github_pat_wrong', repository });
  await assert.rejects(wrongToken.create(draft('m4')), (err) => err instanceof TrackerRefusedError && /401 Bad credentials/.test(err.message) && !err.message.includes('github_pat_wrong'));
  const otherRepo = createGitHubIssueTracker({ apiUrl: fake.url, token: fake.token, repository: { ...repository, repo: 'missing' } });
  await assert.rejects(otherRepo.create(draft('m5')), (err) => err instanceof TrackerRefusedError && /404/.test(err.message));
  await assert.rejects(tracker.create(draft('m6', '')), (err) => err instanceof TrackerRefusedError && /422 Validation Failed/.test(err.message));
  const down = createGitHubIssueTracker({ apiUrl: 'http://127.0.0.1:1', token: fake.token, repository });
  await assert.rejects(down.findByMarker('m7'), TrackerUnavailableError);
});
