/**
 * `followups` in warroom.yml and the GitHub variables (issue 20): which issue tracker follow-ups are
 * exported to, the GitHub repository they go to, and how often the open exported ones are checked
 * for trackers that cannot reach Warroom. Kept beside config.ts so its schema only names these.
 */
import { z } from 'zod';
import { jiraFollowupsSchema } from './jira-tracker-settings.js';
import { duration } from './paging-check-settings.js';

/** `followups.jira` as the file's schema reads it. */
export type JiraFollowUpsSection = z.output<typeof jiraFollowupsSchema>;

export const FOLLOW_UP_TRACKERS = ['github', 'jira', 'none'] as const;
export type FollowUpTrackerChoice = (typeof FOLLOW_UP_TRACKERS)[number];

export interface GitHubRepositorySettings {
  readonly owner: string;
  readonly repo: string;
  /** Put on every issue Warroom creates. */
  readonly labels: readonly string[];
}

export interface FollowUpTrackerSettings {
  readonly tracker: FollowUpTrackerChoice;
  /** Set when `tracker: github` (the schema requires it then). */
  readonly github: GitHubRepositorySettings | null;
  /** `followups.jira` as written (checked with the JIRA_* variables by jiraTrackerSettings when `tracker: jira`). */
  readonly jira: JiraFollowUpsSection | null;
  /** How often the open exported follow-ups are looked up in the tracker (one replica at a time). */
  readonly checkEveryMs: number;
}

/** GitHub's own rules for names: an owner is up to 39 letters, digits and inner hyphens; a repository up to 100 of `[A-Za-z0-9._-]`. */
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;
/** GitHub refuses label names over 50 characters. */
const LABEL_MAX = 50;

const githubSchema = z.strictObject(
  {
    owner: z.string('must be the repository owner (a user or organization login)').regex(OWNER, 'must be a GitHub user or organization login'),
    repo: z.string('must be the repository name').regex(REPO, 'must be a GitHub repository name (letters, digits, ".", "-", "_")').refine((r) => r !== '.' && r !== '..', 'must be a GitHub repository name'),
    labels: z
      .array(z.string('must be a label name').trim().min(1, 'must be a label name').max(LABEL_MAX, `must be at most ${LABEL_MAX} characters`), 'must be a list of label names')
      .max(20, 'must list at most 20 labels')
      .default(() => []),
  },
  'must be a mapping with owner, repo and labels',
);

export const followUpsSchema = z
  .strictObject(
    {
      tracker: z.enum(FOLLOW_UP_TRACKERS, `must be one of ${FOLLOW_UP_TRACKERS.join(', ')}`).default('none'),
      github: githubSchema.nullable().default(null),
      jira: jiraFollowupsSchema.nullable().default(null),
      checkEvery: duration({ ms: 60_000, label: '1m' }, { ms: 86_400_000, label: '1d' }).default(600_000),
    },
    'must be a mapping of follow-up settings (tracker, github, jira, checkEvery)',
  )
  .superRefine((f, ctx) => {
    if (f.tracker === 'github' && f.github === null) ctx.addIssue({ code: 'custom', path: ['github'], message: 'tracker is github, so github needs the owner and repo of the repository' });
    if (f.tracker === 'jira' && f.jira === null) ctx.addIssue({ code: 'custom', path: ['jira'], message: 'tracker is jira, so jira needs at least the projectKey of the Jira project' });
  })
  .transform((f): FollowUpTrackerSettings => ({ tracker: f.tracker, github: f.github, jira: f.jira, checkEveryMs: f.checkEvery }))
  .prefault({});

export interface GitHubConfig {
  readonly token: string | null;
  /** No trailing slash. */
  readonly apiUrl: string;
  readonly webhookSecret: string | null;
}

/** What `followups.tracker` needs from the environment; each problem names the variable. */
export function followUpTrackerEnvProblems(tracker: FollowUpTrackerChoice, github: GitHubConfig): { name: string; message: string }[] {
  if (tracker !== 'github' || github.token !== null) return [];
  return [{ name: 'WARROOM_GITHUB_TOKEN', message: 'required when followups.tracker is github (a token with Issues read & write on the repository)' }];
}
