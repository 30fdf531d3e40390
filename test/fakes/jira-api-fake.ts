/**
 * A Jira Cloud site on real HTTP, for the follow-up tracker (issue 20), as documented for REST v3
 * (https://developer.atlassian.com/cloud/jira/platform/rest/v3/):
 *
 * - Basic auth with the account's email and API token on every call (401 otherwise);
 * - `POST /rest/api/3/issue` refuses what Jira refuses — a missing or unknown project or issue type, a
 *   missing summary, one over 255 characters or with a line break, a description that is not an
 *   Atlassian document, a label with a space, a field Warroom has no business setting — with 400 and
 *   Jira's error collection `{ errorMessages, errors }`, and answers 201 `{ id, key, self }`;
 * - `POST /rest/api/3/search/jql`, for the two queries Warroom makes (by marker label, and the newest
 *   issue), answered from a search index that can lag behind (`indexLag`), as Jira's does;
 * - `POST /rest/api/3/issue/bulkfetch` (issues by key, read from the store: never stale);
 * - `GET /rest/api/3/issue/{key}` (404 when there is none).
 *
 * For tests: `moveToDone` / `reopen` / `startProgress` play a person in Jira and send the signed `jira:issue_updated`
 * webhook to the target set with `webhooks()`; `failNext`; `requests()`; `stop()`/`start()`.
 */
import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { adfProblem } from './jira-adf.js';
import { startFakeServer } from './fake-server.js';
import { createWebhookEcho, type EchoedWebhook } from './webhook-echo.js';

export interface JiraFakeOptions {
  readonly apiEmail?: string;
  readonly apiToken?: string;
  /** Project keys that exist (default ['OPS']). */
  readonly projects?: readonly string[];
  /** Issue type names of every project (default ['Task', 'Bug']). */
  readonly issueTypes?: readonly string[];
}

type Category = 'new' | 'indeterminate' | 'done';

export interface JiraFakeIssue {
  readonly id: string;
  readonly key: string;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly category: Category;
  /** Whether the search index has it yet. */
  readonly indexed: boolean;
}

export interface JiraFakeRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: unknown;
  status: number | null;
}

export interface JiraFake {
  readonly url: string;
  readonly port: number;
  readonly apiEmail: string;
  readonly apiToken: string;
  /** Answer the next `count` requests with `status` (default 503), before any other check; `retryAfter` in seconds. */
  failNext(count: number, status?: number, retryAfter?: number): void;
  /** On: issues created from now on stay out of search until `index()` (Jira's search is eventually consistent). */
  indexLag(on: boolean): void;
  /** The search index catches up with every issue. */
  index(): void;
  issues(): JiraFakeIssue[];
  requests(): JiraFakeRequest[];
  /** Where `moveToDone`/`reopen` send the signed webhook (null: nowhere). */
  webhooks(target: { readonly url: string; readonly secret: string } | null): void;
  /** A person moves the issue to Done in Jira; the webhook (if a target is set) is sent and awaited. */
  moveToDone(key: string, by?: string): Promise<void>;
  /** A person moves the issue back to To Do. */
  reopen(key: string, by?: string): Promise<void>;
  /** Moves the issue to In Progress (another not-done status), with the webhook. */
  startProgress(key: string, by?: string): Promise<void>;
  /** The webhooks sent, with Warroom's answers. */
  sent(): EchoedWebhook[];
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

const STATUSES: Record<Category, { id: string; name: string; category: { id: number; key: Category; name: string; colorName: string } }> = {
  new: { id: '10000', name: 'To Do', category: { id: 2, key: 'new', name: 'To Do', colorName: 'blue-gray' } },
  indeterminate: { id: '3', name: 'In Progress', category: { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow' } },
  done: { id: '10001', name: 'Done', category: { id: 3, key: 'done', name: 'Done', colorName: 'green' } },
};
const ALLOWED_FIELDS = new Set(['project', 'issuetype', 'summary', 'description', 'labels', 'duedate']);
const BY_LABEL = /^project = "((?:[^"\\]|\\.)*)" AND labels = "((?:[^"\\]|\\.)*)" ORDER BY created ASC$/;
const NEWEST = /^project = "((?:[^"\\]|\\.)*)" ORDER BY created DESC$/;
const unquote = (s: string): string => s.replace(/\\(.)/g, '$1');
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

type Answer = { status: number; body: unknown; headers?: Record<string, string> };
const refusal = (status: number, errorMessages: string[], errors: Record<string, string> = {}): Answer => ({ status, body: { errorMessages, errors } });

/** Jira's field checks on create, in its words; an empty object when the fields are fine. */
export function jiraCreateErrors(fields: unknown, projects: readonly string[], issueTypes: readonly string[]): Record<string, string> {
  if (!isObject(fields)) return { fields: 'fields is required' };
  const errors: Record<string, string> = {};
  const project = isObject(fields['project']) ? fields['project']['key'] : undefined;
  if (typeof project !== 'string' || !projects.includes(project)) errors['project'] = 'Specify a valid project ID or key';
  const type = isObject(fields['issuetype']) ? fields['issuetype']['name'] : undefined;
  if (typeof type !== 'string') errors['issuetype'] = 'Specify an issue type';
  else if (!issueTypes.includes(type)) errors['issuetype'] = 'Specify a valid issue type';
  const summary = fields['summary'];
  if (typeof summary !== 'string' || summary.trim() === '') errors['summary'] = 'You must specify a summary of the issue.';
  else if (/[\r\n]/.test(summary)) errors['summary'] = 'The summary is invalid because it contains newline characters.';
  else if (Array.from(summary).length > 255) errors['summary'] = 'Summary must be less than 255 characters.';
  if (fields['description'] !== undefined) {
    const problem = adfProblem(fields['description']);
    if (problem !== null) errors['description'] = `Operation value must be an Atlassian Document (${problem})`;
  }
  const labels = fields['labels'];
  if (labels !== undefined) {
    const bad = Array.isArray(labels) ? labels.find((l) => typeof l !== 'string' || l === '' || /\s/.test(l) || l.length > 255) : labels;
    if (bad !== undefined) errors['labels'] = `The label '${String(bad)}' contains spaces which is invalid.`;
  }
  const due = fields['duedate'];
  if (due !== undefined && (typeof due !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(due))) errors['duedate'] = 'Error parsing date string';
  for (const name of Object.keys(fields)) {
    if (!ALLOWED_FIELDS.has(name)) errors[name] = `Field '${name}' cannot be set. It is not on the appropriate screen, or unknown.`;
  }
  return errors;
}

async function readBody(req: IncomingMessage): Promise<{ body: unknown; malformed: boolean }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return { body: undefined, malformed: false };
  try {
    return { body: JSON.parse(text) as unknown, malformed: false };
  } catch {
    return { body: text, malformed: true };
  }
}

export async function startJiraFake(options: JiraFakeOptions = {}): Promise<JiraFake> {
  const apiEmail = options.apiEmail ?? 'warroom@example.com';
  const apiToken = options.apiToken ?? 'jira-fake-api-token';
  const projects = options.projects ?? ['OPS'];
  const issueTypes = options.issueTypes ?? ['Task', 'Bug'];
  const basic = `Basic ${Buffer.from(`${apiEmail}:${apiToken}`).toString('base64')}`;
  const issues: { id: string; key: string; fields: Record<string, unknown>; category: Category; indexed: boolean; created: number }[] = [];
  const counters = new Map<string, number>();
  const requests: JiraFakeRequest[] = [];
  const echo = createWebhookEcho();
  let secret = '';
  let lag = false;
  let nextId = 10_001;
  let faults: { remaining: number; status: number; retryAfter: number | undefined } | null = null;
  let baseUrl = '';

  const view = (issue: (typeof issues)[number], fields: readonly string[] | null) => {
    const all: Record<string, unknown> = { ...issue.fields, status: { self: `${baseUrl}/rest/api/3/status/${STATUSES[issue.category].id}`, id: STATUSES[issue.category].id, name: STATUSES[issue.category].name, statusCategory: STATUSES[issue.category].category }, created: new Date(issue.created).toISOString() };
    const chosen = fields === null ? all : Object.fromEntries(Object.entries(all).filter(([name]) => fields.includes(name)));
    return { id: issue.id, key: issue.key, self: `${baseUrl}/rest/api/3/issue/${issue.id}`, fields: chosen };
  };
  const fieldList = (value: unknown): string[] | null => (Array.isArray(value) ? value.filter((f): f is string => typeof f === 'string') : null);

  function create(body: unknown): Answer {
    const fields = isObject(body) ? body['fields'] : undefined;
    const errors = jiraCreateErrors(fields, projects, issueTypes);
    if (Object.keys(errors).length > 0 || !isObject(fields)) return refusal(400, [], errors);
    const project = (fields['project'] as { key: string }).key;
    const n = (counters.get(project) ?? 0) + 1;
    counters.set(project, n);
    const issue = { id: String(nextId++), key: `${project}-${n}`, fields: { ...fields, labels: fields['labels'] ?? [] }, category: 'new' as Category, indexed: !lag, created: Date.now() };
    issues.push(issue);
    return { status: 201, body: { id: issue.id, key: issue.key, self: `${baseUrl}/rest/api/3/issue/${issue.id}` } };
  }

  function search(body: unknown): Answer {
    const jql = isObject(body) && typeof body['jql'] === 'string' ? body['jql'] : '';
    const max = isObject(body) && typeof body['maxResults'] === 'number' ? body['maxResults'] : 50;
    const fields = fieldList(isObject(body) ? body['fields'] : undefined) ?? ['id'];
    const byLabel = BY_LABEL.exec(jql);
    const newest = NEWEST.exec(jql);
    if (!byLabel && !newest) return refusal(400, [`This fake answers only the JQL Warroom sends, not: ${jql}`]);
    const project = unquote((byLabel ?? newest)?.[1] ?? '');
    if (!projects.includes(project)) return refusal(400, [`The value '${project}' does not exist for the field 'project'.`]);
    let found = issues.filter((i) => i.indexed && i.key.startsWith(`${project}-`));
    if (byLabel) found = found.filter((i) => (i.fields['labels'] as string[]).includes(unquote(byLabel[2] ?? '')));
    else found = [...found].reverse();
    return { status: 200, body: { issues: found.slice(0, max).map((i) => view(i, fields)), isLast: found.length <= max } };
  }

  function bulkfetch(body: unknown): Answer {
    const keys = isObject(body) && Array.isArray(body['issueIdsOrKeys']) ? body['issueIdsOrKeys'] : null;
    if (keys === null || keys.length === 0 || keys.length > 100) return refusal(400, ['issueIdsOrKeys must list 1 to 100 issues']);
    const fields = fieldList(isObject(body) ? body['fields'] : undefined);
    const found = issues.filter((i) => keys.includes(i.key) || keys.includes(i.id));
    return { status: 200, body: { issues: found.map((i) => view(i, fields)), issueErrors: [] } };
  }

  function route(method: string, path: string, query: URLSearchParams, body: unknown): Answer {
    if (method === 'POST' && path === '/rest/api/3/issue') return create(body);
    if (method === 'POST' && path === '/rest/api/3/search/jql') return search(body);
    if (method === 'POST' && path === '/rest/api/3/issue/bulkfetch') return bulkfetch(body);
    const key = /^\/rest\/api\/3\/issue\/([^/]+)$/.exec(path)?.[1];
    if (method === 'GET' && key !== undefined) {
      const issue = issues.find((i) => i.key === decodeURIComponent(key) || i.id === decodeURIComponent(key));
      if (!issue) return refusal(404, ['Issue does not exist or you do not have permission to see it.']);
      return { status: 200, body: view(issue, query.get('fields')?.split(',') ?? null) };
    }
    return refusal(404, ['No such resource in this fake.']);
  }

  function answerOf(req: IncomingMessage, body: unknown, malformed: boolean): Answer {
    if (faults !== null && faults.remaining > 0) {
      const fault = faults;
      if (--fault.remaining === 0) faults = null;
      return { ...refusal(fault.status, ['Injected failure']), ...(fault.retryAfter === undefined ? {} : { headers: { 'retry-after': String(fault.retryAfter) } }) };
    }
    if (req.headers.authorization !== basic) return refusal(401, ['Client must be authenticated to access this resource.']);
    if (malformed) return refusal(400, ['Unexpected character in the JSON body.']);
    const url = new URL(req.url ?? '/', 'http://fake');
    return route(req.method ?? 'GET', url.pathname, url.searchParams, body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { body, malformed } = await readBody(req);
    const record: JiraFakeRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: { ...req.headers }, body, status: null };
    requests.push(record);
    const answer = answerOf(req, body, malformed);
    res.writeHead(answer.status, { 'content-type': 'application/json;charset=UTF-8', ...answer.headers });
    res.end(JSON.stringify(answer.body));
    record.status = answer.status;
  }

  async function move(key: string, to: Category, by: string): Promise<void> {
    const issue = issues.find((i) => i.key === key);
    if (!issue) throw new Error(`jira fake: no issue ${key}`);
    const from = issue.category;
    issue.category = to;
    const payload = {
      timestamp: Date.now(),
      webhookEvent: 'jira:issue_updated',
      issue_event_type_name: 'issue_generic',
      user: { self: `${baseUrl}/rest/api/3/user?accountId=5b10a2844c20165700ede21g`, accountId: '5b10a2844c20165700ede21g', displayName: by, active: true },
      issue: view(issue, null),
      changelog: { id: String(nextId++), items: [{ field: 'status', fieldtype: 'jira', fieldId: 'status', from: STATUSES[from].id, fromString: STATUSES[from].name, to: STATUSES[to].id, toString: STATUSES[to].name }] },
    };
    const raw = JSON.stringify(payload);
    echo.send('jira:issue_updated', raw, { 'x-hub-signature': `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`, 'x-atlassian-webhook-identifier': String(nextId++) });
    await echo.settled();
  }

  const server = await startFakeServer('jira', handle);
  baseUrl = `http://127.0.0.1:${server.port}`;
  return {
    url: baseUrl,
    port: server.port,
    apiEmail,
    apiToken,
    failNext(count, status = 503, retryAfter) {
      faults = count > 0 ? { remaining: count, status, retryAfter } : null;
    },
    indexLag(on) {
      lag = on;
    },
    index() {
      for (const issue of issues) issue.indexed = true;
    },
    issues: () => issues.map((i) => ({ id: i.id, key: i.key, fields: structuredClone(i.fields), category: i.category, indexed: i.indexed })),
    requests: () => requests.map((r) => ({ ...r, body: structuredClone(r.body) })),
    webhooks(target) {
      secret = target?.secret ?? '';
      echo.setTarget(target?.url ?? null);
    },
    moveToDone: (key, by = 'Alice Jira') => move(key, 'done', by),
    reopen: (key, by = 'Alice Jira') => move(key, 'new', by),
    startProgress: (key, by = 'Alice Jira') => move(key, 'indeterminate', by),
    sent: () => echo.sent(),
    stop: () => server.stop(),
    start: () => server.start(),
    close: () => server.close(),
  };
}
