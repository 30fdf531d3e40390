/**
 * Follow-ups exported to GitHub Issues (issue 20), over HTTP with the Slack and GitHub fakes and a
 * real PostgreSQL: an `action:` note and a modal follow-up each become exactly one issue, also when
 * the process dies between GitHub's answer and saving it (a seam throws exactly there; the claim is
 * expired by SQL as a dead process's would, and the next attempt finds the issue by its marker);
 * closing the issue (webhook) or the periodic check marks the follow-up done in Warroom and in the
 * postmortem; a follow-up an older release recorded without its export row is swept in and exported; the webhook refuses unsigned (401) and malformed (400) bodies.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FollowUp } from '../../src/core/followup.js';
import { parseIncidentRef } from '../../src/core/incident.js';
import { startGitHubFake, githubSignature, type GitHubFake } from '../fakes/github-api-fake.js';
import { onNextWrite } from '../helpers/database-faults.js';
import { followUpSubmission, flowSteps } from '../helpers/flow-steps.js';
import { request, waitFor } from '../helpers/http.js';
import { startWarroomWithSlack, type WarroomWithSlack } from '../helpers/warroom-with-slack.js';

const ALICE = 'U0ALICE01';
const WAIT = 20_000;
const SECRET = 'github-hook-secret';

let h: WarroomWithSlack;
let gh: GitHubFake;
/** Titles whose export dies once between GitHub's answer and saving it; each death is told to `died`. */
const dieAfterAnswer = new Set<string>();
const died: string[] = [];
const checkRounds: number[] = [];

before(async () => {
  gh = await startGitHubFake({ owner: 'acme', repo: 'ops' });
  h = await startWarroomWithSlack({
    env: { WARROOM_GITHUB_TOKEN: gh.token, GITHUB_API_URL: gh.url, GITHUB_WEBHOOK_SECRET: SECRET },
    settings: (s) => ({ ...s, followups: { tracker: 'github', github: { owner: 'acme', repo: 'ops', labels: ['incident'] }, jira: null, checkEveryMs: 600_000 } }),
    start: {
      followUpExportEveryMs: 100,
      followUpCheckEveryMs: 300,
      onCheckRound: (job) => {
        if (job === 'follow-up tracker check') checkRounds.push(Date.now());
      },
      followUpExportSeams: {
        afterTrackerAnswered: (followUp: FollowUp) => {
          if (!dieAfterAnswer.delete(followUp.title)) return Promise.resolve();
          died.push(followUp.title);
          return Promise.reject(new Error('injected: the process died after GitHub answered'));
        },
      },
    },
  });
  gh.sendWebhooksTo({ url: `${h.base}/webhooks/github`, secret: SECRET });
});
after(async () => {
  await h.close();
  await gh.close();
});

const { api, declared, followUps, timeline, exported } = flowSteps(() => h, WAIT);
const issuesTitled = (title: string) => gh.issues().filter((i) => i.title === title);
const submitFollowUpModal = (ref: string, title: string) => h.slack.interaction(followUpSubmission({ user: ALICE, ref, title, due: '2026-12-24' }));

test('an action: note becomes exactly one GitHub issue; the follow-up gets its link, on the timeline and in /incident followups', async () => {
  const { ref, channelId } = await declared('Checkout errors');
  await h.slack.command('note action: add a replication-lag alert', { user: ALICE, channel: channelId });
  const f = await exported(ref, 'add a replication-lag alert');
  const [issue] = issuesTitled('add a replication-lag alert');
  assert.equal(issuesTitled('add a replication-lag alert').length, 1);
  assert.equal(f.tracker, 'github');
  assert.equal(f.trackerRef, `acme/ops#${issue?.number}`);
  assert.equal(f.trackerUrl, `https://github.com/acme/ops/issues/${issue?.number}`);
  assert.deepEqual(issue?.labels, ['incident']);
  assert.ok(issue?.body?.includes(ref), 'the issue names the incident');
  assert.ok((await timeline(ref)).some((e) => e.kind === 'followup_exported' && e.text.includes(f.trackerUrl ?? '-')));
  const listed = (await h.slack.command('followups', { user: ALICE, channel: channelId })).text;
  assert.ok(listed.includes(`<${f.trackerUrl}|${f.trackerRef}>`), 'the listing links the issue');
});

test('a modal follow-up whose process dies between GitHub\'s answer and saving it is still one issue, and the record gets its link', async () => {
  const { ref } = await declared('Login latency');
  const title = 'raise the session cache size';
  dieAfterAnswer.add(title);
  const answer = await submitFollowUpModal(ref, title);
  assert.equal(answer.status, 200, answer.text);
  await waitFor('the export to die after GitHub answered', () => Promise.resolve(died), (d) => d.includes(title), WAIT);
  assert.equal(issuesTitled(title).length, 1, 'GitHub created it');
  assert.equal((await followUps(ref)).find((f) => f.title === title)?.trackerRef, null, 'the answer was never saved');
  // The dead process's claim expires (as a lease does), and the next attempt runs.
  const id = (await followUps(ref)).find((f) => f.title === title)?.id;
  await h.db.knex('tracker_exports').where({ followup_id: id }).update({ lease_until: new Date(Date.now() - 1000) });
  const f = await exported(ref, title);
  assert.equal(issuesTitled(title).length, 1, 'the retry found the issue by its marker instead of creating another');
  assert.equal(f.trackerRef, `acme/ops#${issuesTitled(title)[0]?.number}`);
  assert.ok(gh.requests().some((r) => r.method === 'GET' && /\/issues\?state=all&creator=warroom-bot/.test(r.path)), 'it looked before creating');
});

test('closing the issue in GitHub marks the follow-up done (webhook), naming who closed it, in Warroom and in the postmortem', async () => {
  const { ref, channelId } = await declared('Payments timeouts');
  await h.slack.command('note action: add a payments canary', { user: ALICE, channel: channelId });
  const f = await exported(ref, 'add a payments canary');
  const number = Number(f.trackerRef?.split('#')[1]);
  assert.equal(await gh.closeIssue(number, 'octocat'), 200);
  const done = (await followUps(ref)).find((x) => x.id === f.id);
  assert.equal(done?.status, 'done');
  assert.ok((await timeline(ref)).some((e) => e.kind === 'followup_done' && /add a payments canary \(closed in GitHub by octocat\)/.test(e.text)));
  const postmortem = (await api(`/api/incidents/${ref}/postmortem`)).text;
  assert.match(postmortem, new RegExp(`- \\[x\\] add a payments canary .*\\[acme/ops#${number}\\]\\(https://github\\.com/acme/ops/issues/${number}\\)`));
  assert.equal(await gh.reopenIssue(number, 'octocat'), 200);
  assert.equal((await followUps(ref)).find((x) => x.id === f.id)?.status, 'open', 'reopened in GitHub: open again');
});

test('a follow-up an older release recorded during a rolling upgrade (no export row) is exported by the periodic sweep, once', async () => {
  const { ref } = await declared('Cache stampede');
  const title = 'add request coalescing';
  // What an older release writes: the follow-up without its tracker_exports row.
  await h.db.knex('followups').insert({ incident_id: parseIncidentRef(ref), title, status: 'open', created_by: ALICE, created_at: new Date() });
  const f = await exported(ref, title);
  assert.equal(issuesTitled(title).length, 1);
  assert.equal(f.trackerRef, `acme/ops#${issuesTitled(title)[0]?.number}`);
  assert.deepEqual(await h.db.knex('tracker_exports').where({ followup_id: f.id }).pluck('status'), ['exported']);
});

test('without the webhook, the periodic check marks the follow-up of a closed issue done', async () => {
  const { ref, channelId } = await declared('Search degraded');
  await h.slack.command('note action: shard the search index', { user: ALICE, channel: channelId });
  const f = await exported(ref, 'shard the search index');
  gh.sendWebhooksTo(null);
  try {
    await gh.closeIssue(Number(f.trackerRef?.split('#')[1]), 'octocat');
    const closedAt = Date.now();
    await waitFor('a check round after the close', () => Promise.resolve(checkRounds), (rounds) => rounds.some((t) => t > closedAt), WAIT);
    await waitFor('the follow-up done', () => followUps(ref), (list) => list.find((x) => x.id === f.id)?.status === 'done', WAIT);
    assert.ok((await timeline(ref)).some((e) => e.kind === 'followup_done' && /shard the search index \(closed in GitHub\)/.test(e.text)));
  } finally {
    gh.sendWebhooksTo({ url: `${h.base}/webhooks/github`, secret: SECRET });
  }
});

test('POST /webhooks/github: 401 without or with a wrong signature (before parsing), 400 for a malformed signed body, 200 for ping', async () => {
  const post = (body: string, headers: Record<string, string>) => request(h.base, '/webhooks/github', { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  assert.equal((await post('not json', { 'x-github-event': 'issues' })).status, 401);
  assert.equal((await post('{}', { 'x-github-event': 'issues', 'x-hub-signature-256': githubSignature('{}', 'wrong') })).status, 401);
  const malformed = await post('not json', { 'x-github-event': 'issues', 'x-hub-signature-256': githubSignature('not json', SECRET) });
  assert.equal(malformed.status, 400);
  assert.match(String((malformed.json as { error: string }).error), /JSON/);
  const noIssue = '{"action":"closed"}';
  assert.equal((await post(noIssue, { 'x-github-event': 'issues', 'x-hub-signature-256': githubSignature(noIssue, SECRET) })).status, 400);
  const ping = '{"zen":"Design for failure.","hook_id":1}';
  assert.equal((await post(ping, { 'x-github-event': 'ping', 'x-hub-signature-256': githubSignature(ping, SECRET) })).status, 200);
});

test('POST /webhooks/github answers 503 when the database cannot take the change, and GitHub\'s redelivery then applies it', async () => {
  const { ref, channelId } = await declared('Queue backlog');
  await h.slack.command('note action: autoscale the workers', { user: ALICE, channel: channelId });
  const f = await exported(ref, 'autoscale the workers');
  const number = Number(f.trackerRef?.split('#')[1]);
  // Only the follow-up's own write fails: another write to the timeline meanwhile must not take the fault.
  await onNextWrite(h.db.knex, 'timeline_events', "raise exception 'injected database blip' using errcode = '57P01'", "NEW.kind = 'followup_done'");
  assert.equal(await gh.closeIssue(number, 'octocat'), 503);
  assert.equal((await followUps(ref)).find((x) => x.id === f.id)?.status, 'open');
  assert.equal(await gh.closeIssue(number, 'octocat'), 200, 'redelivered');
  assert.equal((await followUps(ref)).find((x) => x.id === f.id)?.status, 'done');
});
