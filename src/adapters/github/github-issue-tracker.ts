/**
 * GitHub Issues as the follow-up tracker (issue 20). An issue's body ends with the draft's marker
 * as a hidden HTML comment line, which is how a retry finds an issue created just before a crash.
 *
 * findByMarker does not use the search API: it is eventually consistent, so an issue created a
 * second ago may be missing from it and the retry would create a second one. It lists instead the
 * repository's issues created by the token's own account, updated since the export was first tried
 * (a margin before), which GitHub answers from the database, consistently.
 */
import { z } from 'zod';
import type { IssueTracker, TrackerIssue, TrackerIssueDraft } from '../../app/ports/issue-tracker.js';
import { followUpMarkerTime } from '../../core/followup.js';
import type { GitHubRepositorySettings } from '../../followup-tracker-settings.js';
import { createGitHubApi, type GitHubApi } from './github-api.js';

/** Clocks differ; an issue is never updated before it was created. */
const SINCE_MARGIN_MS = 10 * 60_000;
const PER_PAGE = 100;
/** 1 000 issues by this account since the first attempt: far beyond what one export sees. */
const MAX_PAGES = 10;
/** GitHub's body limit is 65 536 characters. */
const BODY_MAX = 60_000;

const issueSchema = z.object({ number: z.number().int(), html_url: z.string(), state: z.string(), body: z.string().nullable().optional(), pull_request: z.unknown().optional() });
type GitHubIssue = z.infer<typeof issueSchema>;

/** The HTML comment line that carries the marker (GitHub renders nothing for it). */
export const markerLine = (marker: string): string => `<!-- ${marker} -->`;

/** Markdown that shows the text as written: no HTML (so no forged marker comment), no @mention that pings, no #123 link. */
function plainMarkdown(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/@/g, '&#64;').replace(/#/g, '&#35;');
}

export function issueBody(draft: TrackerIssueDraft): string {
  const paragraphs = [...draft.paragraphs, ...(draft.dueDate ? [`Due ${draft.dueDate}`] : [])].map(plainMarkdown).join('\n\n');
  return `${paragraphs.slice(0, BODY_MAX)}\n\n${markerLine(draft.marker)}\n`;
}

export function createGitHubIssueTracker(options: { apiUrl: string; token: string; repository: GitHubRepositorySettings; api?: GitHubApi }): IssueTracker {
  const api = options.api ?? createGitHubApi({ apiUrl: options.apiUrl, token: options.token });
  const { owner, repo, labels } = options.repository;
  const repoPath = `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
  const toIssue = (issue: GitHubIssue): TrackerIssue => ({ ref: `${owner}/${repo}#${issue.number}`, url: issue.html_url, done: issue.state === 'closed' });
  let login: Promise<string> | null = null;
  const creator = (): Promise<string> => {
    login ??= api.request('GET', '/user').then((json) => z.object({ login: z.string().min(1) }).parse(json).login);
    login.catch(() => (login = null));
    return login;
  };

  return {
    name: 'github',
    async findByMarker(marker) {
      const line = markerLine(marker);
      const firstTried = followUpMarkerTime(marker);
      const since = firstTried ? `&since=${encodeURIComponent(new Date(firstTried.getTime() - SINCE_MARGIN_MS).toISOString())}` : '';
      const query = `state=all&creator=${encodeURIComponent(await creator())}${since}&per_page=${PER_PAGE}`;
      for (let page = 1; page <= MAX_PAGES; page++) {
        const issues = z.array(issueSchema).parse(await api.request('GET', `${repoPath}/issues?${query}&page=${page}`));
        const found = issues.find((i) => i.pull_request === undefined && (i.body ?? '').includes(line));
        if (found) return toIssue(found);
        if (issues.length < PER_PAGE) return null;
      }
      return null;
    },
    async create(draft) {
      const json = await api.request('POST', `${repoPath}/issues`, { title: draft.title, body: issueBody(draft), labels: [...labels] });
      return toIssue(issueSchema.parse(json));
    },
    async get(ref) {
      const match = /#(\d+)$/.exec(ref);
      if (!match || ref !== `${owner}/${repo}#${match[1]}`) return null;
      const json = await api.request('GET', `${repoPath}/issues/${match[1]}`, undefined, [404, 410]);
      return json === null ? null : toIssue(issueSchema.parse(json));
    },
  };
}
