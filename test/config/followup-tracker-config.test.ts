/**
 * `followups` in warroom.yml and the GitHub variables (issue 20): the tracker is chosen in the file,
 * GitHub's token comes from WARROOM_GITHUB_TOKEN (never GITHUB_TOKEN), and a tracker without what it
 * needs is refused when the config loads, with a message naming the key or variable.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { trackerFor } from '../../src/compose/followup-tracker.js';

const load = (yaml: string, env: Record<string, string> = {}) =>
  loadConfig({ LOG_LEVEL: 'silent', ...env }, { cwd: '/srv/warroom', readFile: (path) => (path === '/srv/warroom/warroom.yml' ? yaml : null) });

const problems = (result: ReturnType<typeof load>): string => (result.ok ? '' : result.problems.map((p) => `${p.name}: ${p.message}`).join('\n'));

test('github with its repository, labels and token loads; checkEvery is a duration', () => {
  const result = load('followups:\n  tracker: github\n  github: { owner: acme, repo: ops, labels: [incident, follow-up] }\n  checkEvery: 5m\n', {
    WARROOM_GITHUB_TOKEN: 'github_pat_x',
    GITHUB_API_URL: 'http://127.0.0.1:9999/',
    GITHUB_WEBHOOK_SECRET: 's3cret',
  });
  assert.ok(result.ok, problems(result));
  assert.deepEqual(result.config.settings.followups, { tracker: 'github', github: { owner: 'acme', repo: 'ops', labels: ['incident', 'follow-up'] }, jira: null, checkEveryMs: 300_000 });
  assert.deepEqual(result.config.github, { token: 'github_pat_x', apiUrl: 'http://127.0.0.1:9999', webhookSecret: 's3cret' });
});

test('github without a repository, or without WARROOM_GITHUB_TOKEN (GITHUB_TOKEN does not count), is refused by name', () => {
  assert.match(problems(load('followups:\n  tracker: github\n', { WARROOM_GITHUB_TOKEN: 't' })), /followups\.github: tracker is github, so github needs the owner and repo/);
  assert.match(problems(load('followups:\n  tracker: github\n  github: { owner: acme, repo: ops }\n', { GITHUB_TOKEN: 't' })), /WARROOM_GITHUB_TOKEN: required when followups\.tracker is github/);
});

test('bad names, labels and trackers are refused with the key', () => {
  assert.match(problems(load('followups:\n  tracker: gitlab\n')), /followups\.tracker: must be one of github, jira, none/);
  assert.match(problems(load('followups:\n  github: { owner: "-acme", repo: ops }\n')), /followups\.github\.owner: must be a GitHub user or organization login/);
  assert.match(problems(load('followups:\n  github: { owner: acme, repo: "a/b" }\n')), /followups\.github\.repo: must be a GitHub repository name/);
  assert.match(problems(load('followups:\n  github: { owner: acme, repo: ops, labels: [1] }\n')), /followups\.github\.labels\[0\]: must be a label name/);
  assert.match(problems(load('followups:\n  checkEvery: 10s\n')), /followups\.checkEvery: must be at least 1m/);
});

test('tracker: jira needs followups.jira and the JIRA_* variables, each refused by name; with them it builds the Jira tracker; none builds none', () => {
  const bare = problems(load('followups:\n  tracker: jira\n'));
  assert.match(bare, /followups\.jira: tracker is jira, so jira needs at least the projectKey/);
  const noEnv = problems(load('followups:\n  tracker: jira\n  jira: { projectKey: OPS }\n'));
  for (const name of ['JIRA_API_URL', 'JIRA_API_EMAIL', 'JIRA_API_TOKEN']) assert.match(noEnv, new RegExp(`${name}: required when followups\\.tracker is jira`));
  assert.match(problems(load('followups:\n  tracker: jira\n  jira: { projectKey: ops }\n', { JIRA_API_URL: 'https://acme.atlassian.net', JIRA_API_EMAIL: 'bot@acme.com', JIRA_API_TOKEN: 't' })), /followups\.jira\.projectKey: must be the key of a Jira project/);
  const jira = load('followups:\n  tracker: jira\n  jira: { projectKey: OPS, labels: [incident] }\n', { JIRA_API_URL: 'https://acme.atlassian.net/', JIRA_API_EMAIL: 'bot@acme.com', JIRA_API_TOKEN: 't' });
  assert.ok(jira.ok, problems(jira));
  assert.equal(trackerFor(jira.config)?.name, 'jira');
  const none = load('channelPrefix: inc\n');
  assert.ok(none.ok, problems(none));
  assert.equal(trackerFor(none.config), null);
});
