/**
 * An Atlassian Statuspage REST API fake (https://developer.statuspage.io), on real HTTP under `/v1`:
 *
 * - `Authorization: OAuth <key>` on every call, else 401 `{ error }`; a page id other than the
 *   fake's → 404;
 * - `POST /pages/{page_id}/incidents` with `{ incident: { name, status, body, components, component_ids, metadata } }`
 *   → 201 and the incident; a missing `incident` → 400; a blank name, a status or component status
 *   outside Statuspage's enums, or a component id the page does not have → 422 `{ error }`;
 * - `PATCH /pages/{page_id}/incidents/{incident_id}` → 200 and the incident (404 if unknown), the
 *   same checks on what is given; a `body` adds an incident update;
 * - `GET /pages/{page_id}/incidents` (newest first, `limit`, `page`) and `…/incidents/unresolved`.
 *
 * Faults: `failNext(count, status, retryAfterSeconds)` answers the next calls with that status.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startFakeServer } from './fake-server.js';

export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved', 'scheduled', 'in_progress', 'verifying', 'completed'] as const;
export const COMPONENT_STATUSES = ['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'] as const;

export interface StatusPageFakeIncident {
  id: string;
  name: string;
  status: string;
  shortlink: string;
  metadata: Record<string, unknown>;
  components: { id: string; status: string }[];
  incident_updates: { status: string; body: string; affected_components: Record<string, string> }[];
  created_at: string;
}

export interface StatusPageFakeCall {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  /** When it arrived (ms since the epoch). */
  readonly at: number;
}

export interface StatusPageFake {
  /** Base URL for STATUSPAGE_API_URL, e.g. `http://127.0.0.1:PORT/v1`. */
  readonly url: string;
  readonly apiKey: string;
  readonly pageId: string;
  /** Every incident, oldest first. */
  incidents(): StatusPageFakeIncident[];
  /** Every authenticated call, oldest first. */
  calls(): StatusPageFakeCall[];
  failNext(count: number, status?: number, retryAfterSeconds?: number): void;
  close(): Promise<void>;
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly error: unknown,
  ) {
    super(String(error));
  }
}

const has = (list: readonly string[], value: unknown): value is string => typeof value === 'string' && list.includes(value);

export async function startStatusPageFake(options: { apiKey?: string; pageId?: string; components?: readonly string[] } = {}): Promise<StatusPageFake> {
  const apiKey = options.apiKey ?? 'statuspage-fake-key';
  const pageId = options.pageId ?? 'fakepage0001';
  const knownComponents = new Set(options.components ?? []);
  const incidents: StatusPageFakeIncident[] = [];
  const calls: StatusPageFakeCall[] = [];
  let faults: { count: number; status: number; retryAfter: number | null } = { count: 0, status: 500, retryAfter: null };
  let seq = 0;

  /** Applies `given` (a create's or an update's `incident`) to `target`, checking Statuspage's rules first. */
  function apply(target: StatusPageFakeIncident, given: Record<string, unknown>, creating: boolean): void {
    if (creating || 'name' in given) {
      if (typeof given.name !== 'string' || given.name.trim() === '') throw new Refusal(422, ["Name can't be blank"]);
    }
    if ('status' in given && !has(INCIDENT_STATUSES, given.status)) throw new Refusal(422, ['Status is not included in the list']);
    const components = (given.components ?? {}) as Record<string, unknown>;
    if (typeof components !== 'object' || Array.isArray(components)) throw new Refusal(400, 'components must be an object');
    for (const [id, status] of Object.entries(components)) {
      if (!knownComponents.has(id)) throw new Refusal(422, [`Component ${id} not found`]);
      if (!has(COMPONENT_STATUSES, status)) throw new Refusal(422, ['Component status is not included in the list']);
    }
    const ids = given.component_ids ?? [];
    if (!Array.isArray(ids)) throw new Refusal(400, 'component_ids must be an array');
    for (const id of ids) if (!knownComponents.has(String(id))) throw new Refusal(422, [`Component ${String(id)} not found`]);
    if (typeof given.name === 'string') target.name = given.name;
    if (typeof given.status === 'string') target.status = given.status;
    if (given.metadata && typeof given.metadata === 'object') target.metadata = { ...target.metadata, ...(given.metadata as Record<string, unknown>) };
    for (const [id, status] of Object.entries(components)) {
      const existing = target.components.find((c) => c.id === id);
      if (existing) existing.status = String(status);
      else target.components.push({ id, status: String(status) });
    }
    if (typeof given.body === 'string' || creating) target.incident_updates.push({ status: target.status, body: typeof given.body === 'string' ? given.body : '', affected_components: Object.fromEntries(Object.entries(components).map(([k, v]) => [k, String(v)])) });
  }

  function route(method: string, path: string, query: URLSearchParams, body: unknown): [number, unknown] {
    const base = `/v1/pages/${pageId}/incidents`;
    if (!path.startsWith(`/v1/pages/`)) return [404, { error: 'Not found' }];
    if (!path.startsWith(base)) return [404, { error: 'Page not found' }];
    const rest = path.slice(base.length).replace(/\.json$/, '');
    if (method === 'GET' && (rest === '' || rest === '/unresolved')) {
      const limit = Math.min(100, Number(query.get('limit') ?? 100) || 100);
      const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
      const newestFirst = [...incidents].reverse().filter((i) => rest === '' || !['resolved', 'completed'].includes(i.status));
      return [200, newestFirst.slice((page - 1) * limit, page * limit)];
    }
    const wrapper = (body ?? {}) as { incident?: unknown };
    if (method === 'POST' && rest === '') {
      if (!wrapper.incident || typeof wrapper.incident !== 'object') return [400, { error: 'incident is missing' }];
      const created: StatusPageFakeIncident = { id: `inc${String(++seq).padStart(9, '0')}`, name: '', status: 'investigating', shortlink: `https://stspg.io/fake${seq}`, metadata: {}, components: [], incident_updates: [], created_at: new Date().toISOString() };
      apply(created, wrapper.incident as Record<string, unknown>, true);
      incidents.push(created);
      return [201, created];
    }
    const one = /^\/([a-z0-9]+)$/.exec(rest);
    if (one && (method === 'PATCH' || method === 'PUT' || method === 'GET')) {
      const found = incidents.find((i) => i.id === one[1]);
      if (!found) return [404, { error: 'Incident not found' }];
      if (method === 'GET') return [200, found];
      if (!wrapper.incident || typeof wrapper.incident !== 'object') return [400, { error: 'incident is missing' }];
      const copy = structuredClone(found);
      apply(copy, wrapper.incident as Record<string, unknown>, false);
      Object.assign(found, copy);
      return [200, found];
    }
    return [405, { error: 'Method not allowed' }];
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += (chunk as Buffer).toString();
    const answer = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(json));
    };
    if (req.headers.authorization !== `OAuth ${apiKey}`) return answer(401, { error: 'Could not authenticate' });
    const url = new URL(req.url ?? '/', 'http://fake');
    let body: unknown = undefined;
    if (raw !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        return answer(400, { error: 'Malformed JSON' });
      }
    }
    calls.push({ method: req.method ?? 'GET', path: url.pathname, body, at: Date.now() });
    if (faults.count > 0) {
      faults.count--;
      return answer(faults.status, { error: 'injected fault' }, faults.retryAfter === null ? {} : { 'retry-after': String(faults.retryAfter) });
    }
    try {
      const [status, json] = route(req.method ?? 'GET', url.pathname, url.searchParams, body);
      answer(status, json);
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      answer(err.status, { error: err.error });
    }
  }

  const server = await startFakeServer('Statuspage', handle);
  return {
    url: `http://127.0.0.1:${server.port}/v1`,
    apiKey,
    pageId,
    incidents: () => incidents.map((i) => structuredClone(i)),
    calls: () => [...calls],
    failNext(count, status = 500, retryAfterSeconds) {
      faults = { count, status, retryAfter: retryAfterSeconds ?? null };
    },
    close: () => server.close(),
  };
}
