/**
 * A PagerDuty REST API v2 fake: a real HTTP server on 127.0.0.1 that answers the calls Warroom
 * makes the way PagerDuty does, so the real pdjs client can be pointed at it (absolute URLs built
 * from `fake.url`).
 *
 * Rules enforced (PagerDuty REST API reference):
 * - `Authorization: Token token=<token>`, else 401 `{"error":{"message":"Unauthorized","code":2006}}`;
 * - `Accept: application/vnd.pagerduty+json;version=2`, else 406;
 * - writes (POST/PUT) need a `From` header naming a user of the account, else 400
 *   (`From header required` / `Requester User Not Found`);
 * - `POST /incidents` refuses a second open incident with the same incident_key on a service: 400
 *   "Open incident with matching dedup key already exists on this service" (the answer does not
 *   say which incident; clients look it up with `GET /incidents?incident_key=`);
 * - resolving a resolved incident is 400 "Incident Already Resolved"; unknown ids are 404 (code 2100).
 *
 * Errors have PagerDuty's shape: `{ "error": { "message", "code", "errors"? } }`.
 * Faults at run time: `failNext` (5xx or any status, optionally a non-JSON body), `setLatency`, and
 * an outage on the same port (`stop()` / `start()`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startFakeServer } from './fake-server.js';

export const PAGERDUTY_FAKE_DEFAULT_TOKEN = 'pd-test-token-1234';
export const PAGERDUTY_ACCEPT = 'application/vnd.pagerduty+json;version=2';

export interface PagerDutyFakeUser {
  readonly id: string;
  readonly name: string;
  readonly email: string;
}

export interface PagerDutyFakeOptions {
  /** The only REST API key accepted (default `pd-test-token-1234`). */
  readonly token?: string;
  /** The account's users; `From` must be one of their emails. */
  readonly users?: readonly PagerDutyFakeUser[];
  /** Escalation policy id → who is on call on it, at which escalation level. */
  readonly escalationPolicies?: Readonly<Record<string, readonly { readonly userId: string; readonly level: number }[]>>;
  /** Known service ids; when given, an incident on another service is refused (400). */
  readonly services?: readonly string[];
}

export interface PagerDutyFakeRequest {
  readonly method: string;
  /** Path without the query. */
  readonly path: string;
  /** Query parameters; repeated keys (`include[]`) keep every value. */
  readonly query: Readonly<Record<string, string[]>>;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body, the raw text when it is not JSON, or null when empty. */
  readonly body: unknown;
  /** HTTP status answered; null while pending or if the connection died first. */
  readonly status: number | null;
}

export interface PagerDutyFakeNote {
  readonly id: string;
  readonly content: string;
  /** Who wrote it (the `From` user). */
  readonly userId: string;
}

export interface PagerDutyFakeIncident {
  readonly id: string;
  readonly number: number;
  readonly title: string;
  readonly status: 'triggered' | 'acknowledged' | 'resolved';
  readonly incidentKey: string | null;
  readonly serviceId: string;
  readonly urgency: 'high' | 'low';
  readonly details: string | null;
  /** Assigned user ids. */
  readonly assignments: readonly string[];
  readonly notes: readonly PagerDutyFakeNote[];
  /** Who created it (the `From` user). */
  readonly createdBy: string;
}

export interface PagerDutyFake {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:PORT` (the same across stop/start). */
  readonly url: string;
  readonly port: number;
  readonly token: string;

  /** Answer the next `count` requests with `status` (default 500), before any other check. */
  failNext(count: number, status?: number, body?: string): void;
  /** Delay every answer by `ms` (the request is carried out on arrival; only the answer waits). */
  setLatency(ms: number): void;
  /**
   * Run `hook` after a request is carried out and before its answer is sent (null removes it): a
   * test can act exactly between PagerDuty doing something and Warroom hearing about it.
   */
  beforeAnswer(hook: ((request: PagerDutyFakeRequest, status: number) => Promise<void>) | null): void;
  /** Stop listening and drop open connections: requests are refused. State is kept. */
  stop(): Promise<void>;
  /** Listen again on the same port. */
  start(): Promise<void>;

  requests(): PagerDutyFakeRequest[];
  incidents(): PagerDutyFakeIncident[];
  /** A responder acknowledges the incident (as from their phone). */
  acknowledge(id: string): void;
  /** Stop for good. */
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;

interface IncidentState {
  id: string;
  number: number;
  title: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  incidentKey: string | null;
  serviceId: string;
  urgency: 'high' | 'low';
  details: string | null;
  assignments: string[];
  notes: PagerDutyFakeNote[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
}

interface RequestState {
  method: string;
  path: string;
  query: Record<string, string[]>;
  headers: Record<string, string>;
  body: unknown;
  status: number | null;
}

interface Answer {
  status: number;
  body: string;
  contentType: string;
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly pdMessage: string,
    readonly pdCode: number,
    readonly errors?: string[],
  ) {
    super(pdMessage);
  }
}

const JSON_TYPE = 'application/json; charset=utf-8';
const HTML_BASE = 'https://warroom-fake.pagerduty.com';
const BODY_LIMIT = 1024 * 1024;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const invalid = (...errors: string[]): Refusal => new Refusal(400, 'Invalid Input Provided', 2001, errors);
const notFound = (): Refusal => new Refusal(404, 'Not Found', 2100);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startPagerDutyFake(options: PagerDutyFakeOptions = {}): Promise<PagerDutyFake> {
  const token = options.token ?? PAGERDUTY_FAKE_DEFAULT_TOKEN;
  const users = new Map((options.users ?? []).map((u) => [u.id, { ...u }]));
  const policies = options.escalationPolicies ?? {};
  const services = options.services === undefined ? null : new Set(options.services);
  const incidents = new Map<string, IncidentState>();
  const requests: RequestState[] = [];
  let faults: { remaining: number; status: number; body: string | undefined } | null = null;
  let latencyMs = 0;
  let answerHook: ((request: PagerDutyFakeRequest, status: number) => Promise<void>) | null = null;
  let incidentSeq = 0;
  let noteSeq = 0;
  let baseUrl = '';

  // ---- representations (PagerDuty's shapes, fields Warroom and pdjs users commonly read) ------

  const userReference = (id: string): Json => ({
    id,
    type: 'user_reference',
    summary: users.get(id)?.name ?? id,
    self: `${baseUrl}/users/${id}`,
    html_url: `${HTML_BASE}/users/${id}`,
  });

  function userObject(id: string): Json {
    const user = users.get(id);
    if (user === undefined) return userReference(id);
    return {
      id,
      type: 'user',
      summary: user.name,
      name: user.name,
      email: user.email,
      time_zone: 'Etc/UTC',
      role: 'user',
      self: `${baseUrl}/users/${id}`,
      html_url: `${HTML_BASE}/users/${id}`,
    };
  }

  const policyReference = (id: string): Json => ({
    id,
    type: 'escalation_policy_reference',
    summary: `Escalation policy ${id}`,
    self: `${baseUrl}/escalation_policies/${id}`,
    html_url: `${HTML_BASE}/escalation_policies/${id}`,
  });

  function incidentObject(i: IncidentState): Json {
    return {
      id: i.id,
      type: 'incident',
      summary: `[#${i.number}] ${i.title}`,
      self: `${baseUrl}/incidents/${i.id}`,
      html_url: `${HTML_BASE}/incidents/${i.id}`,
      incident_number: i.number,
      title: i.title,
      created_at: i.createdAt,
      updated_at: i.updatedAt,
      status: i.status,
      incident_key: i.incidentKey,
      service: {
        id: i.serviceId,
        type: 'service_reference',
        summary: `Service ${i.serviceId}`,
        self: `${baseUrl}/services/${i.serviceId}`,
        html_url: `${HTML_BASE}/service-directory/${i.serviceId}`,
      },
      assignments: i.status === 'resolved' ? [] : i.assignments.map((id) => ({ at: i.createdAt, assignee: userReference(id) })),
      assigned_via: i.assignments.length > 0 ? 'direct_assignment' : 'escalation_policy',
      last_status_change_at: i.updatedAt,
      resolved_at: i.resolvedAt,
      acknowledgements: [],
      urgency: i.urgency,
    };
  }

  function snapshot(i: IncidentState): PagerDutyFakeIncident {
    return {
      id: i.id,
      number: i.number,
      title: i.title,
      status: i.status,
      incidentKey: i.incidentKey,
      serviceId: i.serviceId,
      urgency: i.urgency,
      details: i.details,
      assignments: [...i.assignments],
      notes: i.notes.map((n) => ({ ...n })),
      createdBy: i.createdBy,
    };
  }

  // ---- handlers -------------------------------------------------------------------------------

  function requester(req: RequestState): string {
    const from = req.headers.from;
    if (from === undefined || from.trim() === '') throw invalid('From header required');
    const user = [...users.values()].find((u) => u.email.toLowerCase() === from.trim().toLowerCase());
    if (user === undefined) throw invalid('Requester User Not Found');
    return user.id;
  }

  function incidentById(id: string): IncidentState {
    const incident = incidents.get(id);
    if (incident === undefined) throw notFound();
    return incident;
  }

  /** Offset pagination the way PagerDuty lists do it. */
  function paginate<T>(req: RequestState, items: T[]): { page: T[]; limit: number; offset: number; more: boolean } {
    const limit = Math.min(Math.max(Number(req.query.limit?.[0] ?? 25) || 25, 1), 100);
    const offset = Math.max(Number(req.query.offset?.[0] ?? 0) || 0, 0);
    return { page: items.slice(offset, offset + limit), limit, offset, more: offset + limit < items.length };
  }

  function listOnCalls(req: RequestState): Json {
    const wanted = req.query['escalation_policy_ids[]'];
    const withUsers = (req.query['include[]'] ?? []).includes('users');
    const entries: Json[] = [];
    for (const [policyId, members] of Object.entries(policies)) {
      if (wanted !== undefined && !wanted.includes(policyId)) continue;
      for (const member of [...members].sort((a, b) => a.level - b.level)) {
        entries.push({
          escalation_policy: policyReference(policyId),
          escalation_level: member.level,
          schedule: null,
          user: withUsers ? userObject(member.userId) : userReference(member.userId),
          start: null,
          end: null,
        });
      }
    }
    const { page, limit, offset, more } = paginate(req, entries);
    return { oncalls: page, limit, offset, more, total: null };
  }

  function listIncidents(req: RequestState): Json {
    const key = req.query.incident_key?.[0];
    const statuses = req.query['statuses[]'];
    const serviceIds = req.query['service_ids[]'];
    const found = [...incidents.values()].filter(
      (i) =>
        (key === undefined || i.incidentKey === key) &&
        (statuses === undefined || statuses.includes(i.status)) &&
        (serviceIds === undefined || serviceIds.includes(i.serviceId)),
    );
    const { page, limit, offset, more } = paginate(req, found);
    return { incidents: page.map(incidentObject), limit, offset, more, total: null };
  }

  function createIncident(req: RequestState): { status: number; body: Json } {
    const createdBy = requester(req);
    const input = isObject(req.body) ? req.body.incident : undefined;
    if (!isObject(input)) throw invalid('incident is required');
    const errors: string[] = [];
    if (input.type !== 'incident') errors.push("Incident type must be 'incident'");
    if (typeof input.title !== 'string' || input.title.trim() === '') errors.push('Title cannot be empty');
    const service = input.service;
    const serviceId = isObject(service) && typeof service.id === 'string' ? service.id : null;
    if (serviceId === null || !isObject(service) || service.type !== 'service_reference') errors.push('Service must be a service_reference');
    else if (services !== null && !services.has(serviceId)) errors.push('Service Not Found');
    const urgency = input.urgency ?? 'high';
    if (urgency !== 'high' && urgency !== 'low') errors.push('Urgency must be high or low');
    const incidentUrgency: 'high' | 'low' = urgency === 'low' ? 'low' : 'high';
    if (input.incident_key !== undefined && typeof input.incident_key !== 'string') errors.push('Incident key must be a string');
    const body = input.body;
    if (body !== undefined && (!isObject(body) || body.type !== 'incident_body' || (body.details !== undefined && typeof body.details !== 'string'))) {
      errors.push('Body must be an incident_body with string details');
    }
    const assignments: string[] = [];
    if (input.assignments !== undefined) {
      if (!Array.isArray(input.assignments)) errors.push('Assignments must be a list');
      else {
        for (const a of input.assignments as unknown[]) {
          const assignee = isObject(a) ? a.assignee : undefined;
          if (!isObject(assignee) || assignee.type !== 'user_reference' || typeof assignee.id !== 'string') errors.push('Assignee must be a user_reference');
          else if (!users.has(assignee.id)) errors.push('Assignee User Not Found');
          else assignments.push(assignee.id);
        }
      }
    }
    if (errors.length > 0 || serviceId === null) throw invalid(...errors);
    const incidentKey = typeof input.incident_key === 'string' ? input.incident_key : null;
    if (incidentKey !== null) {
      const open = [...incidents.values()].some((i) => i.incidentKey === incidentKey && i.serviceId === serviceId && i.status !== 'resolved');
      if (open) throw new Refusal(400, 'Arguments Caused Error', 2002, ['Open incident with matching dedup key already exists on this service']);
    }
    incidentSeq += 1;
    const now = new Date().toISOString();
    const incident: IncidentState = {
      id: `PF${String(incidentSeq).padStart(5, '0')}`,
      number: incidentSeq,
      title: String(input.title),
      status: 'triggered',
      incidentKey,
      serviceId,
      urgency: incidentUrgency,
      details: isObject(body) && typeof body.details === 'string' ? body.details : null,
      assignments,
      notes: [],
      createdBy,
      createdAt: now,
      updatedAt: now,
      resolvedAt: null,
    };
    incidents.set(incident.id, incident);
    return { status: 201, body: { incident: incidentObject(incident) } };
  }

  function updateIncident(req: RequestState, id: string): Json {
    requester(req);
    const incident = incidentById(id);
    const input = isObject(req.body) ? req.body.incident : undefined;
    if (!isObject(input)) throw invalid('incident is required');
    if (input.type !== 'incident' && input.type !== 'incident_reference') throw invalid("Incident type must be 'incident_reference'");
    const status = input.status;
    if (status !== undefined) {
      if (status !== 'acknowledged' && status !== 'resolved') throw invalid('Status must be acknowledged or resolved');
      if (incident.status === 'resolved') throw new Refusal(400, 'Arguments Caused Error', 2002, ['Incident Already Resolved']);
      incident.status = status;
      incident.updatedAt = new Date().toISOString();
      if (status === 'resolved') incident.resolvedAt = incident.updatedAt;
    }
    return { incident: incidentObject(incident) };
  }

  function addNote(req: RequestState, id: string): Json {
    const userId = requester(req);
    const incident = incidentById(id);
    const note = isObject(req.body) ? req.body.note : undefined;
    if (!isObject(note) || typeof note.content !== 'string' || note.content.trim() === '') throw invalid('Note content cannot be empty');
    noteSeq += 1;
    const stored: PagerDutyFakeNote = { id: `PN${String(noteSeq).padStart(5, '0')}`, content: note.content, userId };
    incident.notes.push(stored);
    return { note: { id: stored.id, user: userReference(userId), content: stored.content, created_at: new Date().toISOString() } };
  }

  function route(req: RequestState): { status: number; body: Json } {
    const { method, path } = req;
    if (method === 'GET' && path === '/oncalls') return { status: 200, body: listOnCalls(req) };
    if (method === 'GET' && path === '/incidents') return { status: 200, body: listIncidents(req) };
    if (method === 'POST' && path === '/incidents') return createIncident(req);
    const user = /^\/users\/([^/]+)$/.exec(path);
    if (method === 'GET' && user?.[1] !== undefined) {
      const id = decodeURIComponent(user[1]);
      if (!users.has(id)) throw notFound();
      return { status: 200, body: { user: userObject(id) } };
    }
    const incident = /^\/incidents\/([^/]+)(\/notes)?$/.exec(path);
    if (incident?.[1] !== undefined) {
      const id = decodeURIComponent(incident[1]);
      if (incident[2] === undefined && method === 'GET') return { status: 200, body: { incident: incidentObject(incidentById(id)) } };
      if (incident[2] === undefined && method === 'PUT') return { status: 200, body: updateIncident(req, id) };
      if (incident[2] !== undefined && method === 'POST') return { status: 201, body: addNote(req, id) };
    }
    throw notFound();
  }

  function decide(req: RequestState, parseError: boolean): Answer {
    if (faults !== null && faults.remaining > 0) {
      const fault = faults;
      fault.remaining -= 1;
      if (fault.remaining === 0) faults = null;
      if (fault.body !== undefined) return { status: fault.status, body: fault.body, contentType: 'text/html; charset=utf-8' };
      return errorAnswer(new Refusal(fault.status, fault.status >= 500 ? 'Internal Server Error' : 'Injected failure', fault.status >= 500 ? 5000 : 2001));
    }
    if (req.headers.authorization !== `Token token=${token}`) return errorAnswer(new Refusal(401, 'Unauthorized', 2006));
    const accept = (req.headers.accept ?? '').replace(/\s+/g, '').toLowerCase();
    if (!accept.split(',').includes(PAGERDUTY_ACCEPT)) {
      return errorAnswer(new Refusal(406, 'Not Acceptable', 2001, [`The Accept header must be ${PAGERDUTY_ACCEPT}`]));
    }
    if (parseError) return errorAnswer(invalid('The request body is not valid JSON'));
    try {
      const { status, body } = route(req);
      return { status, body: JSON.stringify(body), contentType: JSON_TYPE };
    } catch (err) {
      if (err instanceof Refusal) return errorAnswer(err);
      throw err;
    }
  }

  function errorAnswer(r: Refusal): Answer {
    const error: Json = { message: r.pdMessage, code: r.pdCode, ...(r.errors === undefined ? {} : { errors: r.errors }) };
    return { status: r.status, body: JSON.stringify({ error }), contentType: JSON_TYPE };
  }

  function write(res: ServerResponse, state: RequestState | null, answer: Answer): void {
    if (res.destroyed || res.socket === null || res.socket.destroyed) return; // the client gave up, or PagerDuty "went down"
    if (state !== null) state.status = answer.status;
    res.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': Buffer.byteLength(answer.body) });
    res.end(answer.body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let raw: string;
    try {
      raw = await readBody(req);
    } catch {
      write(res, null, { status: 413, body: 'Request Entity Too Large', contentType: 'text/plain' });
      return;
    }
    let body: unknown = null;
    let parseError = false;
    if (raw !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
        parseError = true;
      }
    }
    const query: Record<string, string[]> = {};
    for (const [key, value] of url.searchParams) (query[key] ??= []).push(value);
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    const state: RequestState = { method: req.method ?? 'GET', path: url.pathname, query, headers, body, status: null };
    requests.push(state);
    let answer: Answer;
    try {
      answer = decide(state, parseError);
    } catch (err) {
      answer = { status: 500, body: `pagerduty fake crashed: ${String(err)}`, contentType: 'text/plain' };
    }
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    if (answerHook !== null) await answerHook({ ...state }, answer.status);
    write(res, state, answer);
  }

  // ---- server lifecycle ---------------------------------------------------------------------

  const server = await startFakeServer('pagerduty', handle);
  baseUrl = `http://127.0.0.1:${server.port}`;

  return {
    url: baseUrl,
    port: server.port,
    token,

    failNext(count, status = 500, body) {
      faults = count > 0 ? { remaining: count, status, body } : null;
    },
    beforeAnswer(hook) {
      answerHook = hook;
    },
    setLatency(ms) {
      latencyMs = Math.max(0, ms);
    },
    stop: () => server.stop(),
    start: () => server.start(),

    requests() {
      return requests.map((r) => ({ ...r, query: structuredClone(r.query), headers: { ...r.headers }, body: structuredClone(r.body) }));
    },
    incidents() {
      return [...incidents.values()].map(snapshot);
    },
    acknowledge(id) {
      const incident = incidents.get(id);
      if (incident === undefined) throw new Error(`no incident ${id}`);
      if (incident.status === 'triggered') {
        incident.status = 'acknowledged';
        incident.updatedAt = new Date().toISOString();
      }
    },
    close: () => server.close(),
  };
}
