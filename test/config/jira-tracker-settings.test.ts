// followups.jira and the JIRA_* variables: defaults, and problems that name the key without quoting the value.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jiraTrackerSettings } from '../../src/jira-tracker-settings.js';

const ENV = { JIRA_API_URL: 'https://your-team.atlassian.net/', JIRA_API_EMAIL: 'bot@example.com', JIRA_API_TOKEN: 'tok-123', JIRA_WEBHOOK_SECRET: ' whsec ' };

test('a project key is enough: issue type Task, no labels; the site loses its trailing slash', () => {
  assert.deepEqual(jiraTrackerSettings({ projectKey: 'OPS' }, ENV), {
    ok: true,
    settings: { siteUrl: 'https://your-team.atlassian.net', apiEmail: 'bot@example.com', apiToken: 'tok-123', webhookSecret: 'whsec', projectKey: 'OPS', issueType: 'Task', labels: [] },
  });
  const full = jiraTrackerSettings({ projectKey: 'SRE_2', issueType: 'Bug', labels: ['incident', 'incident', 'warroom'] }, { ...ENV, JIRA_WEBHOOK_SECRET: '' });
  assert.ok(full.ok);
  assert.equal(full.settings.issueType, 'Bug');
  assert.deepEqual(full.settings.labels, ['incident', 'warroom']);
  assert.equal(full.settings.webhookSecret, null);
});

test('every problem names its variable or key, never its value', () => {
  const result = jiraTrackerSettings({ projectKey: 'ops', labels: ['has space'], extra: 1 }, { JIRA_API_URL: 'not a url', JIRA_API_EMAIL: 'secret-value' });
  assert.equal(result.ok, false);
  if (result.ok) return;
  const names = result.problems.map((p) => p.name).sort();
  assert.deepEqual(names, ['JIRA_API_EMAIL', 'JIRA_API_TOKEN', 'JIRA_API_URL', 'followups.jira.extra', 'followups.jira.labels.0', 'followups.jira.projectKey']);
  assert.match(result.problems.find((p) => p.name === 'JIRA_API_TOKEN')?.message ?? '', /required when followups.tracker is jira/);
  assert.ok(result.problems.every((p) => !p.message.includes('secret-value') && !p.message.includes('has space')));
});

test('no followups.jira section: the project key is asked for', () => {
  const result = jiraTrackerSettings(undefined, ENV);
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.deepEqual(result.problems.map((p) => [p.name, p.valueClass]), [['followups.jira', 'missing']]);
  assert.match(result.problems[0]?.message ?? '', /projectKey/);
});
