/**
 * Follow-ups as Jira Cloud issues (issue 20), through the REST API v3:
 *
 * - create: `POST /rest/api/3/issue` with `fields` { project: { key }, issuetype: { name }, summary,
 *   description (Atlassian Document Format), labels, duedate } → 201 `{ id, key, self }`
 *   (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-post);
 * - get: `GET /rest/api/3/issue/{key}?fields=status`; done is the status category `done`; 404 → gone;
 * - findByMarker: the marker is a label of the issue, found with the JQL search. The current search,
 *   `POST /rest/api/3/search/jql` (the old `/rest/api/3/search` is gone), reads an index that is only
 *   eventually consistent: "The API doesn't provide read-after-write consistency by default", an issue
 *   created seconds ago may be missing, and `reconcileIssues` only helps for issue ids one already knows
 *   (https://developer.atlassian.com/cloud/jira/platform/search-and-reconcile). An issue property set at
 *   create would not help either: reading one needs the issue's key, and searching one goes through the
 *   same index. So when the label search finds nothing, the issues created after the newest one the index
 *   knows are read directly — keys are numbered in order within a project, and
 *   `POST /rest/api/3/issue/bulkfetch` reads issues by key, like `GET /issue/{key}`, not through a JQL
 *   search (only the search endpoints are documented as eventually consistent) — and the marker is looked
 *   for in their labels. An issue created just before a crash is found either way, unless more than
 *   UNINDEXED_KEYS_READ issues were created in the project while the index lagged.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { IssueTracker, TrackerIssue, TrackerIssueDraft } from '../../app/ports/issue-tracker.js';
import { TrackerUnavailableError } from '../../app/ports/issue-tracker.js';
import { JIRA_LABEL, type JiraTrackerSettings } from '../../jira-tracker-settings.js';
import { atlassianDocument } from './atlassian-document.js';
import { createJiraApi } from './jira-api.js';

export interface JiraTrackerDeps {
  readonly fetch?: typeof fetch;
  /** Per call (default 10 s). */
  readonly timeoutMs?: number;
}

/** Jira's summary: one line of at most 255 characters. */
export const SUMMARY_MAX = 255;
/** How many keys past the newest indexed issue are read directly (bulkfetch takes up to 100). */
export const UNINDEXED_KEYS_READ = 50;

const issueSchema = z.object({
  id: z.string(),
  key: z.string().min(1),
  fields: z.object({ status: z.object({ statusCategory: z.object({ key: z.string() }).nullish() }).nullish(), labels: z.array(z.string()).nullish() }).nullish(),
});
type JiraIssue = z.infer<typeof issueSchema>;
const issuesSchema = z.object({ issues: z.array(issueSchema).default(() => []) });
const createdSchema = z.object({ id: z.string(), key: z.string().min(1) });

/** The draft's title as Jira's summary: whitespace and line breaks become single spaces, cut at 255 code points. */
export function jiraSummary(title: string): string {
  const line = title.replace(/\s+/g, ' ').trim();
  const points = Array.from(line.length > 0 ? line : 'Follow-up');
  return points.length <= SUMMARY_MAX ? points.join('') : `${points.slice(0, SUMMARY_MAX - 1).join('')}…`;
}

/** The label that carries the marker: the marker itself when it is a valid Jira label, else a digest of it. */
export function jiraMarkerLabel(marker: string): string {
  return JIRA_LABEL.test(marker) ? marker : `warroom-${createHash('sha256').update(marker, 'utf8').digest('hex').slice(0, 40)}`;
}

/** A JQL string literal. */
const jqlString = (value: string): string => `"${value.replace(/["\\]/g, '\\$&')}"`;

export function createJiraTracker(settings: JiraTrackerSettings, deps: JiraTrackerDeps = {}): IssueTracker {
  const api = createJiraApi({ ...settings, ...deps });
  const project = jqlString(settings.projectKey);

  function read<T>(schema: z.ZodType<T>, json: unknown, label: string): T {
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new TrackerUnavailableError('jira', new Error(`unexpected answer to ${label}`));
    return parsed.data;
  }

  function toIssue(issue: { key: string; fields?: JiraIssue['fields'] }): TrackerIssue {
    return { ref: issue.key, url: `${settings.siteUrl}/browse/${encodeURIComponent(issue.key)}`, done: issue.fields?.status?.statusCategory?.key === 'done' };
  }

  async function search(jql: string, fields: string[]): Promise<JiraIssue[]> {
    const answer = await api.call('POST', '/rest/api/3/search/jql', { jql, fields, maxResults: 1 });
    return read(issuesSchema, answer.json, 'POST /rest/api/3/search/jql').issues;
  }

  /** The issues numbered after the newest one the search index knows, read by key (see the file's comment). */
  async function unindexed(): Promise<JiraIssue[]> {
    const newest = (await search(`project = ${project} ORDER BY created DESC`, ['created']))[0];
    const last = Number(/-(\d+)$/.exec(newest?.key ?? '')?.[1] ?? 0);
    const keys = Array.from({ length: UNINDEXED_KEYS_READ }, (_, i) => `${settings.projectKey}-${last + 1 + i}`);
    const answer = await api.call('POST', '/rest/api/3/issue/bulkfetch', { issueIdsOrKeys: keys, fields: ['status', 'labels'] });
    return read(issuesSchema, answer.json, 'POST /rest/api/3/issue/bulkfetch').issues;
  }

  return {
    name: 'jira',

    async findByMarker(marker) {
      const label = jiraMarkerLabel(marker);
      const indexed = (await search(`project = ${project} AND labels = ${jqlString(label)} ORDER BY created ASC`, ['status', 'labels']))[0];
      if (indexed) return toIssue(indexed);
      const recent = (await unindexed()).find((issue) => issue.fields?.labels?.includes(label));
      return recent ? toIssue(recent) : null;
    },

    async create(draft: TrackerIssueDraft) {
      const labels = [...new Set([...settings.labels, jiraMarkerLabel(draft.marker)])];
      const fields = {
        project: { key: settings.projectKey },
        issuetype: { name: settings.issueType },
        summary: jiraSummary(draft.title),
        description: atlassianDocument(draft.paragraphs),
        labels,
        ...(draft.dueDate === null ? {} : { duedate: draft.dueDate }),
      };
      const answer = await api.call('POST', '/rest/api/3/issue', { fields });
      const created = read(createdSchema, answer.json, 'POST /rest/api/3/issue');
      return toIssue({ key: created.key });
    },

    async get(ref) {
      const answer = await api.call('GET', `/rest/api/3/issue/${encodeURIComponent(ref)}?fields=status`, undefined, [404]);
      if (answer.status === 404) return null;
      return toIssue(read(issueSchema, answer.json, 'GET /rest/api/3/issue/{key}'));
    },
  };
}
