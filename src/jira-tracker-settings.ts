/**
 * Follow-ups exported to Jira Cloud (issue 20): `followups.jira` in warroom.yml and the JIRA_* variables.
 * Kept beside config.ts, like the other *-settings.ts files, so the settings there only name it: the
 * composition root calls jiraTrackerSettings when `followups.tracker` is `jira`.
 */
import { z } from 'zod';

export interface JiraTrackerSettings {
  /** The site, e.g. https://your-team.atlassian.net, without a trailing slash. */
  readonly siteUrl: string;
  /** The Atlassian account whose API token creates and reads the issues. */
  readonly apiEmail: string;
  readonly apiToken: string;
  /** Signs `POST /webhooks/jira`; null: every delivery is refused (the periodic check still reads the state). */
  readonly webhookSecret: string | null;
  readonly projectKey: string;
  readonly issueType: string;
  /** Added to every exported issue, beside the marker label. */
  readonly labels: readonly string[];
}

/** A problem with a variable or key, in the shape of config.ts's JiraSettingsProblem (which imports this file). */
export interface JiraSettingsProblem {
  readonly name: string;
  /** What kind of value was found (`missing`, `invalid`…), never the value. */
  readonly valueClass: string;
  readonly message: string;
}

export type JiraTrackerSettingsResult = { readonly ok: true; readonly settings: JiraTrackerSettings } | { readonly ok: false; readonly problems: JiraSettingsProblem[] };

/** Jira refuses a label with a space (it would split it in JQL) or longer than 255 characters. */
export const JIRA_LABEL = /^[^\s]{1,255}$/;
const LABEL_RULE = 'must be a Jira label: 1 to 255 characters without spaces';
// Jira's default project key rule; an admin may allow longer keys, never lower case or a leading digit.
const PROJECT_KEY = /^[A-Z][A-Z0-9_]{1,254}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** `followups.jira` alone, for a config schema that wants to check the section where it reads the file. */
export const jiraFollowupsSchema = z.strictObject(
  {
    projectKey: z.string('must be the key of a Jira project, such as OPS').regex(PROJECT_KEY, 'must be the key of a Jira project: upper-case letters, digits and _, starting with a letter (such as OPS)'),
    issueType: z.string('must be the name of an issue type, such as Task').trim().min(1, 'must be the name of an issue type, such as Task').max(255, 'must be at most 255 characters').default('Task'),
    labels: z.array(z.string(LABEL_RULE).regex(JIRA_LABEL, LABEL_RULE), 'must be a list of Jira labels').default(() => []),
  },
  'must be a mapping such as { projectKey: OPS, issueType: Task, labels: [incident-followup] }',
);

const siteUrl = z
  .string()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be the Jira site URL, such as https://your-team.atlassian.net')
  .transform((url) => url.replace(/\/+$/, ''));

const envSchema = z.object({
  JIRA_API_URL: siteUrl,
  JIRA_API_EMAIL: z.string().regex(EMAIL, 'must be the email address of the Atlassian account that owns JIRA_API_TOKEN'),
  JIRA_API_TOKEN: z.string(),
  JIRA_WEBHOOK_SECRET: z.string().optional(),
});

const ENV_NAMES = ['JIRA_API_URL', 'JIRA_API_EMAIL', 'JIRA_API_TOKEN', 'JIRA_WEBHOOK_SECRET'] as const;

/** The JIRA_* variables as set (unchecked). */
export type JiraEnv = Readonly<Partial<Record<(typeof ENV_NAMES)[number], string | undefined>>>;
const SECTION = 'followups.jira';

/**
 * Reads and checks Jira's settings; every problem names its variable or key (`followups.jira.projectKey`)
 * and never quotes the value. Empty or blank variables count as unset, as in config.ts.
 */
export function jiraTrackerSettings(section: unknown, rawEnv: JiraEnv): JiraTrackerSettingsResult {
  const env: Partial<Record<(typeof ENV_NAMES)[number], string>> = {};
  for (const name of ENV_NAMES) {
    const value = rawEnv[name]?.trim();
    if (value) env[name] = value;
  }
  const problems: JiraSettingsProblem[] = [];
  const envResult = envSchema.safeParse(env);
  if (!envResult.success) {
    for (const issue of envResult.error.issues) {
      const name = String(issue.path[0]);
      const missing = env[name as keyof typeof env] === undefined;
      problems.push({ name, valueClass: missing ? 'missing' : 'text', message: missing ? 'required when followups.tracker is jira' : issue.message });
    }
  }
  const sectionResult = jiraFollowupsSchema.safeParse(section ?? undefined);
  if (!sectionResult.success) {
    for (const issue of sectionResult.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) problems.push({ name: `${SECTION}.${key}`, valueClass: 'unknown key', message: 'is not a Jira setting (projectKey, issueType, labels)' });
        continue;
      }
      const name = [SECTION, ...issue.path.map(String)].join('.');
      const missing = issue.code === 'invalid_type' && valueAt(section, issue.path) === undefined;
      problems.push({ name, valueClass: missing ? 'missing' : 'invalid', message: missing && issue.path.length === 0 ? 'required when followups.tracker is jira (at least its projectKey)' : issue.message });
    }
  }
  if (!envResult.success || !sectionResult.success) return { ok: false, problems };
  const e = envResult.data;
  const s = sectionResult.data;
  return {
    ok: true,
    settings: { siteUrl: e.JIRA_API_URL, apiEmail: e.JIRA_API_EMAIL, apiToken: e.JIRA_API_TOKEN, webhookSecret: e.JIRA_WEBHOOK_SECRET ?? null, projectKey: s.projectKey, issueType: s.issueType, labels: [...new Set(s.labels)] },
  };
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
