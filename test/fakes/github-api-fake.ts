/**
 * A GitHub REST API fake on real HTTP (issue 20): the Issues endpoints Warroom's tracker adapter
 * calls, with GitHub's documented rules (https://docs.github.com/rest/issues/issues): a bearer token
 * (401 "Bad credentials" otherwise), a User-Agent (403 without), a supported X-GitHub-Api-Version
 * (400 otherwise), 404 for another repository, 422 for a missing title or labels that are not
 * strings. Lists answer `state`, `creator`, `since`, `per_page` and `page` as GitHub does, pull
 * requests included (they carry `pull_request`).
 *
 * For tests: `failNext` (a status, with headers such as Retry-After), the created issues, and
 * `closeIssue` / `reopenIssue`, which change an issue as a person in GitHub would and send Warroom
 * the signed `issues` webhook when `sendWebhooksTo` named it.
 */
import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startFakeServer } from './fake-server.js';

export const GITHUB_FAKE_TOKEN = 'github_pat_fake_0123456789';
const SUPPORTED_VERSIONS = ['2022-11-28'];

export interface GitHubFakeIssue {
  number: number;
  title: string;
  body: string | null;
  labels: string[];
  state: 'open' | 'closed';
  creator: string;
  createdAt: Date;
  updatedAt: Date;
  pullRequest: boolean;
}

export interface GitHubFakeRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly status: number;
}

export interface GitHubFake {
  readonly url: string;
  readonly token: string;
  readonly login: string;
  /** The next `count` requests answer `status` (with `headers`), whatever they ask. */
  failNext(count: number, status?: number, headers?: Record<string, string>): void;
  requests(): GitHubFakeRequest[];
  /** Every issue and pull request, in number order. */
  issues(): GitHubFakeIssue[];
  /** How many issues POST /issues created. */
  createdCount(): number;
  /** An issue or pull request someone else made (another creator, or a PR). */
  addOther(issue: Partial<GitHubFakeIssue>): GitHubFakeIssue;
  /** Where `closeIssue`/`reopenIssue` send the `issues` webhook, signed with `secret`; null: none. */
  sendWebhooksTo(target: { url: string; secret: string } | null): void;
  /** Closes the issue as `by`; the answer Warroom gave the webhook (null when none was sent). */
  closeIssue(number: number, by: string): Promise<number | null>;
  reopenIssue(number: number, by: string): Promise<number | null>;
  close(): Promise<void>;
}

export function githubSignature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

async function readJson(req: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

export async function startGitHubFake(options: { owner?: string; repo?: string; login?: string; token?: string } = {}): Promise<GitHubFake> {
  const owner = options.owner ?? 'acme';
  const repo = options.repo ?? 'ops';
  const login = options.login ?? 'warroom-bot';
  const token = options.token ?? GITHUB_FAKE_TOKEN;
  const issues: GitHubFakeIssue[] = [];
  const requests: GitHubFakeRequest[] = [];
  let created = 0;
  let faults: { remaining: number; status: number; headers: Record<string, string> } | null = null;
  let webhook: { url: string; secret: string } | null = null;
  let url = '';

  const issueJson = (i: GitHubFakeIssue) => ({
    id: 1_000_000 + i.number,
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state,
    labels: i.labels.map((name) => ({ name })),
    user: { login: i.creator },
    html_url: `https://github.com/${owner}/${repo}/${i.pullRequest ? 'pull' : 'issues'}/${i.number}`,
    created_at: i.createdAt.toISOString(),
    updated_at: i.updatedAt.toISOString(),
    ...(i.pullRequest ? { pull_request: { url: `${url}/repos/${owner}/${repo}/pulls/${i.number}` } } : {}),
  });

  function list(query: URLSearchParams): unknown[] {
    const state = query.get('state') ?? 'open';
    const since = query.get('since') ? new Date(query.get('since') ?? '') : null;
    const perPage = Math.min(100, Number(query.get('per_page') ?? 30));
    const page = Number(query.get('page') ?? 1);
    const matching = issues
      .filter((i) => state === 'all' || i.state === state)
      .filter((i) => query.get('creator') === null || i.creator === query.get('creator'))
      .filter((i) => since === null || i.updatedAt.getTime() >= since.getTime())
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    return matching.slice((page - 1) * perPage, page * perPage).map(issueJson);
  }

  function create(body: unknown): { status: number; json: unknown } {
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    if (typeof b.title !== 'string' || b.title.trim() === '') return { status: 422, json: { message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'missing_field', field: 'title' }] } };
    if (b.body !== undefined && b.body !== null && typeof b.body !== 'string') return { status: 422, json: { message: 'Invalid request.', errors: ['body is not a string'] } };
    if (b.labels !== undefined && (!Array.isArray(b.labels) || !b.labels.every((l) => typeof l === 'string'))) return { status: 422, json: { message: 'Invalid request.', errors: ['labels must be strings'] } };
    created += 1;
    const now = new Date();
    const issue: GitHubFakeIssue = { number: issues.length + 1, title: b.title, body: (b.body as string | undefined) ?? null, labels: (b.labels) ?? [], state: 'open', creator: login, createdAt: now, updatedAt: now, pullRequest: false };
    issues.push(issue);
    return { status: 201, json: issueJson(issue) };
  }

  function route(method: string, path: string, query: URLSearchParams, body: unknown): { status: number; json: unknown } {
    if (method === 'GET' && path === '/user') return { status: 200, json: { login, id: 42, type: 'User' } };
    const prefix = `/repos/${owner}/${repo}/issues`;
    if (!path.startsWith(`/repos/`)) return { status: 404, json: { message: 'Not Found' } };
    if (path !== prefix && !path.startsWith(`${prefix}/`)) return { status: 404, json: { message: 'Not Found' } };
    if (path === prefix && method === 'POST') return create(body);
    if (path === prefix && method === 'GET') return { status: 200, json: list(query) };
    const number = /^\/(\d+)$/.exec(path.slice(prefix.length))?.[1];
    const issue = issues.find((i) => String(i.number) === number);
    if (method === 'GET' && issue) return { status: 200, json: issueJson(issue) };
    return { status: 404, json: { message: 'Not Found' } };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsedUrl = new URL(req.url ?? '/', 'http://fake');
    const answer = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      requests.push({ method: req.method ?? '', path: parsedUrl.pathname + parsedUrl.search, headers: { ...req.headers }, status });
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(json));
    };
    const read = await readJson(req);
    if (faults !== null && faults.remaining > 0) {
      faults.remaining -= 1;
      return answer(faults.status, { message: 'Injected failure' }, faults.headers);
    }
    if (req.headers['authorization'] !== `Bearer ${token}`) return answer(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    if (!req.headers['user-agent']) return answer(403, { message: 'Request forbidden by administrative rules. Please make sure your request has a User-Agent header' });
    const version = req.headers['x-github-api-version'];
    if (version !== undefined && !SUPPORTED_VERSIONS.includes(String(version))) return answer(400, { message: `API version ${String(version)} is not supported.` });
    if (req.headers['accept'] !== 'application/vnd.github+json') return answer(415, { message: 'Unsupported Accept header (the fake wants application/vnd.github+json)' });
    if (!read.ok) return answer(400, { message: 'Problems parsing JSON' });
    const { status, json } = route(req.method ?? 'GET', parsedUrl.pathname, parsedUrl.searchParams, read.value);
    answer(status, json);
  }

  async function changeState(number: number, by: string, state: 'open' | 'closed'): Promise<number | null> {
    const issue = issues.find((i) => i.number === number);
    if (!issue) throw new Error(`no issue #${number}`);
    issue.state = state;
    issue.updatedAt = new Date();
    if (webhook === null) return null;
    const body = JSON.stringify({ action: state === 'closed' ? 'closed' : 'reopened', issue: issueJson(issue), repository: { full_name: `${owner}/${repo}`, name: repo, owner: { login: owner } }, sender: { login: by, type: 'User' } });
    const res = await fetch(webhook.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'issues', 'x-github-delivery': `fake-${Date.now()}`, 'x-hub-signature-256': githubSignature(body, webhook.secret), 'user-agent': 'GitHub-Hookshot/fake' },
      body,
      signal: AbortSignal.timeout(15_000),
    });
    await res.body?.cancel();
    return res.status;
  }

  const server = await startFakeServer('github', handle);
  url = `http://127.0.0.1:${server.port}`;
  return {
    url,
    token,
    login,
    failNext(count, status = 502, headers = {}) {
      faults = count > 0 ? { remaining: count, status, headers } : null;
    },
    requests: () => [...requests],
    issues: () => issues.map((i) => ({ ...i, labels: [...i.labels] })),
    createdCount: () => created,
    addOther(partial) {
      const now = new Date();
      const issue: GitHubFakeIssue = { number: issues.length + 1, title: 'Other', body: null, labels: [], state: 'open', creator: 'someone-else', createdAt: now, updatedAt: now, pullRequest: false, ...partial };
      issues.push(issue);
      return issue;
    },
    sendWebhooksTo(target) {
      webhook = target;
    },
    closeIssue: (number, by) => changeState(number, by, 'closed'),
    reopenIssue: (number, by) => changeState(number, by, 'open'),
    close: () => server.close(),
  };
}
