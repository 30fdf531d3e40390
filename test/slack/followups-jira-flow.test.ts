/**
 * Follow-ups exported to Jira Cloud (issue 20), with `followups.tracker: jira`: over HTTP with the
 * Slack and Jira fakes and a real PostgreSQL. An `action:` note and a modal follow-up each become
 * exactly one Jira issue, also when the process dies between Jira's answer and saving it while
 * Jira's search index still lags (the retry finds the issue by its marker label, read by key);
 * moving the issue to Done in Jira (signed webhook) marks the follow-up done, in the postmortem too;
 * only a move from Done back to not done reopens one, not a move between two not-done statuses.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FollowUp } from '../../src/core/followup.js';
import { ACTIONS } from '../../src/slack-ui/ids.js';
import { startJiraFake, type JiraFake } from '../fakes/jira-api-fake.js';
import { buttonClick, followUpSubmission, flowSteps } from '../helpers/flow-steps.js';
import { request, waitFor } from '../helpers/http.js';
import { startWarroomWithSlack, type WarroomWithSlack } from '../helpers/warroom-with-slack.js';

const ALICE = 'U0ALICE01';
const WAIT = 20_000;
const SECRET = 'jira-hook-secret';

let h: WarroomWithSlack;
let jira: JiraFake;
const dieAfterAnswer = new Set<string>();
const died: string[] = [];

before(async () => {
  jira = await startJiraFake({ projects: ['OPS'] });
  h = await startWarroomWithSlack({
    env: { JIRA_API_URL: jira.url, JIRA_API_EMAIL: jira.apiEmail, JIRA_API_TOKEN: jira.apiToken, JIRA_WEBHOOK_SECRET: SECRET },
    settings: (s) => ({ ...s, followups: { tracker: 'jira', github: null, jira: { projectKey: 'OPS', issueType: 'Task', labels: ['incident'] }, checkEveryMs: 600_000 } }),
    start: {
      followUpExportEveryMs: 100,
      followUpExportSeams: {
        afterTrackerAnswered: (followUp: FollowUp) => {
          if (!dieAfterAnswer.delete(followUp.title)) return Promise.resolve();
          died.push(followUp.title);
          return Promise.reject(new Error('injected: the process died after Jira answered'));
        },
      },
    },
  });
  jira.webhooks({ url: `${h.base}/webhooks/jira`, secret: SECRET });
});
after(async () => {
  await h.close();
  await jira.close();
});

const { api, declared, followUps, timeline, exported } = flowSteps(() => h, WAIT);
const issuesTitled = (title: string) => jira.issues().filter((i) => i.fields.summary === title);

test('an action: note becomes exactly one Jira issue in the project, with its link on the follow-up', async () => {
  const { ref, channelId } = await declared('Checkout errors');
  await h.slack.command('note action: add a checkout canary', { user: ALICE, channel: channelId });
  const f = await exported(ref, 'add a checkout canary');
  const [issue] = issuesTitled('add a checkout canary');
  assert.ok(issue);
  assert.equal(issuesTitled('add a checkout canary').length, 1);
  assert.equal(f.tracker, 'jira');
  assert.equal(f.trackerRef, issue.key);
  assert.equal(f.trackerUrl, `${jira.url}/browse/${issue.key}`);
  assert.ok((issue.fields.labels as string[]).includes('incident'));
});

test('a modal follow-up whose process dies between Jira\'s answer and saving it, while the search index lags, is still one issue', async () => {
  const { ref } = await declared('Login latency');
  const title = 'raise the session cache size';
  jira.indexLag(true);
  try {
    dieAfterAnswer.add(title);
    const answer = await h.slack.interaction(followUpSubmission({ user: ALICE, ref, title, due: '2026-12-24' }));
    assert.equal(answer.status, 200, answer.text);
    await waitFor('the export to die after Jira answered', () => Promise.resolve(died), (d) => d.includes(title), WAIT);
    assert.equal(issuesTitled(title).length, 1, 'Jira created it');
    const id = (await followUps(ref)).find((f) => f.title === title)?.id;
    // The dead process's claim expires (as a lease does), and the next attempt runs.
    await h.db.knex('tracker_exports').where({ followup_id: id }).update({ lease_until: new Date(Date.now() - 1000) });
    const f = await exported(ref, title);
    assert.equal(issuesTitled(title).length, 1, 'the retry found the issue by its marker instead of creating another');
    assert.equal(f.trackerRef, issuesTitled(title)[0]?.key);
    assert.equal(issuesTitled(title)[0]?.fields.duedate, '2026-12-24');
  } finally {
    jira.indexLag(false);
  }
});

test('moving the issue to Done in Jira marks the follow-up done, naming who, in Warroom and in the postmortem', async () => {
  const { ref, channelId } = await declared('Payments timeouts');
  await h.slack.command('note action: add a payments canary', { user: ALICE, channel: channelId });
  const f = await exported(ref, 'add a payments canary');
  await jira.moveToDone(String(f.trackerRef), 'Dana Scully');
  await waitFor('the follow-up done', () => followUps(ref), (list) => list.find((x) => x.id === f.id)?.status === 'done', WAIT);
  const events = await timeline(ref);
  assert.ok(events.some((e) => e.kind === 'followup_done' && /add a payments canary \(closed in Jira by Dana Scully\)/.test(e.text)), JSON.stringify(events.map((e) => e.text)));
  const postmortem = (await api(`/api/incidents/${ref}/postmortem`)).text;
  assert.match(postmortem, new RegExp(`- \\[x\\] add a payments canary .*\\[${f.trackerRef}\\]`));
  const unsigned = await request(h.base, '/webhooks/jira', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
  assert.equal(unsigned.status, 401);
});

test('a follow-up marked done in Slack stays done when its issue moves between two not-done statuses; Done back to To Do reopens it', async () => {
  const { ref, channelId } = await declared('Search outage');
  await h.slack.command('note action: reindex the search cluster', { user: ALICE, channel: channelId });
  const f = await exported(ref, 'reindex the search cluster');
  const key = String(f.trackerRef);
  const status = async () => (await followUps(ref)).find((x) => x.id === f.id)?.status;
  assert.equal((await h.slack.interaction(buttonClick({ user: ALICE, botUserId: h.fake.botUserId, channelId, messageTs: '1.000001', actionId: ACTIONS.completeFollowUp, value: String(f.id) }))).status, 200);
  await waitFor('done in Slack', status, (s) => s === 'done', WAIT);

  // The webhook is answered once Warroom applied it, so its answer is the moment to look.
  await jira.startProgress(key, 'Fox Mulder');
  assert.equal(jira.sent().at(-1)?.status, 200, 'Warroom took the To Do → In Progress webhook');
  assert.equal(await status(), 'done', 'To Do → In Progress is no reopening');

  await jira.moveToDone(key, 'Fox Mulder');
  await jira.reopen(key, 'Fox Mulder');
  assert.equal(jira.sent().at(-1)?.status, 200);
  assert.equal(await status(), 'open', 'Done → To Do reopens it');
  const events = await timeline(ref);
  assert.deepEqual(
    events.filter((e) => e.kind === 'followup_reopened').map((e) => e.text),
    ['Follow-up reopened: reindex the search cluster (reopened in Jira by Fox Mulder)'],
  );
});
