/**
 * One simulation of PagerDuty's REST API v2, the calls Warroom makes (`/oncalls`, `/users` and
 * `/users/{id}`, `/escalation_policies/{id}`, `/incidents` list / create / read / update (status,
 * urgency) and escalate, notes add / list), answered as PagerDuty does:
 * - `Authorization: Token token=<token>`, else 401 (code 2006);
 * - `Accept: application/vnd.pagerduty+json;version=2`, else 406;
 * - writes need a `From` header naming a user of the account (see pagerduty-incidents.ts);
 * - unknown ids are 404 (code 2100); lists use PagerDuty's offset pagination.
 * The sandbox serves it under `/sandbox/pagerduty`; the tests' fake serves it on its own port and
 * adds its faults around it. Transport-free: a request in, an answer out.
 */
import { timingSafeEqual } from 'node:crypto';
import { acknowledge, createPagerDutyAccount, policyLevels, snapshot, type PagerDutyAccount, type PagerDutyIncident, type PagerDutySimulationOptions } from './pagerduty-account.js';
import { addNote, createIncident, incidentById, listNotes, updateIncident, type PagerDutyRequest } from './pagerduty-incidents.js';
import { invalid, notFound, PagerDutyRefusal } from './pagerduty-refusal.js';
import { incidentObject, policyReference, userObject, userReference, type Json } from './pagerduty-shapes.js';

export const PAGERDUTY_ACCEPT = 'application/vnd.pagerduty+json;version=2';

export interface PagerDutyAnswer {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
}

export interface PagerDutySimulation {
  /** `malformedBody`: the body was sent but is not JSON. */
  answer(request: PagerDutyRequest, malformedBody: boolean): PagerDutyAnswer;
  incidents(): PagerDutyIncident[];
  /** A responder (a user id; by default the first assignee) acknowledges the incident (as from their phone). */
  acknowledge(id: string, by?: string): void;
}

const JSON_TYPE = 'application/json; charset=utf-8';

export function pagerDutyErrorAnswer(r: PagerDutyRefusal): PagerDutyAnswer {
  const error: Json = { message: r.pdMessage, code: r.pdCode, ...(r.errors === undefined ? {} : { errors: r.errors }) };
  return { status: r.status, body: JSON.stringify({ error }), contentType: JSON_TYPE };
}

/** Offset pagination the way PagerDuty lists do it. */
function paginate<T>(req: PagerDutyRequest, items: T[]): { page: T[]; limit: number; offset: number; more: boolean } {
  const limit = Math.min(Math.max(Number(req.query.limit?.[0] ?? 25) || 25, 1), 100);
  const offset = Math.max(Number(req.query.offset?.[0] ?? 0) || 0, 0);
  return { page: items.slice(offset, offset + limit), limit, offset, more: offset + limit < items.length };
}

function listOnCalls(account: PagerDutyAccount, req: PagerDutyRequest): Json {
  const wanted = req.query['escalation_policy_ids[]'];
  const withUsers = (req.query['include[]'] ?? []).includes('users');
  const entries: Json[] = [];
  for (const [policyId, members] of Object.entries(account.options.escalationPolicies ?? {})) {
    if (wanted !== undefined && !wanted.includes(policyId)) continue;
    for (const member of [...members].sort((a, b) => a.level - b.level)) {
      entries.push({
        escalation_policy: policyReference(account, policyId),
        escalation_level: member.level,
        schedule: null,
        user: withUsers ? userObject(account, member.userId) : userReference(account, member.userId),
        start: null,
        end: null,
      });
    }
  }
  const { page, limit, offset, more } = paginate(req, entries);
  return { oncalls: page, limit, offset, more, total: null };
}

function listIncidents(account: PagerDutyAccount, req: PagerDutyRequest): Json {
  const key = req.query.incident_key?.[0];
  const statuses = req.query['statuses[]'];
  const serviceIds = req.query['service_ids[]'];
  const found = [...account.incidents.values()].filter(
    (i) => (key === undefined || i.incidentKey === key) && (statuses === undefined || statuses.includes(i.status)) && (serviceIds === undefined || serviceIds.includes(i.serviceId)),
  );
  const { page, limit, offset, more } = paginate(req, found);
  return { incidents: page.map((i) => incidentObject(account, i)), limit, offset, more, total: null };
}

/** GET /users?query=: users whose name or email contains the query (case-insensitive), paginated. */
function listUsers(account: PagerDutyAccount, req: PagerDutyRequest): Json {
  const query = (req.query.query?.[0] ?? '').toLowerCase();
  const found = [...account.users.values()].filter((u) => u.name.toLowerCase().includes(query) || u.email.toLowerCase().includes(query));
  const { page, limit, offset, more } = paginate(req, found);
  return { users: page.map((u) => userObject(account, u.id)), limit, offset, more, total: null };
}

/** GET /escalation_policies/{id}: one escalation rule per level, targeting its on-call users. */
function escalationPolicy(account: PagerDutyAccount, id: string): Json {
  if (account.options.escalationPolicies?.[id] === undefined) throw notFound();
  const rules = policyLevels(account, id).map((l) => ({ id: `PR${id}${l.level}`, escalation_delay_in_minutes: 30, targets: l.userIds.map((u) => userReference(account, u)) }));
  return { escalation_policy: { ...policyReference(account, id), type: 'escalation_policy', name: `Escalation policy ${id}`, escalation_rules: rules, num_loops: 0 } };
}

function route(account: PagerDutyAccount, req: PagerDutyRequest): { status: number; body: Json } {
  const { method, path } = req;
  if (method === 'GET' && path === '/oncalls') return { status: 200, body: listOnCalls(account, req) };
  if (method === 'GET' && path === '/incidents') return { status: 200, body: listIncidents(account, req) };
  if (method === 'POST' && path === '/incidents') return { status: 201, body: createIncident(account, req) };
  if (method === 'GET' && path === '/users') return { status: 200, body: listUsers(account, req) };
  const policy = /^\/escalation_policies\/([^/]+)$/.exec(path);
  if (method === 'GET' && policy?.[1] !== undefined) return { status: 200, body: escalationPolicy(account, decodeURIComponent(policy[1])) };
  const user = /^\/users\/([^/]+)$/.exec(path);
  if (method === 'GET' && user?.[1] !== undefined) {
    const id = decodeURIComponent(user[1]);
    if (!account.users.has(id)) throw notFound();
    return { status: 200, body: { user: userObject(account, id) } };
  }
  const incident = /^\/incidents\/([^/]+)(\/notes)?$/.exec(path);
  if (incident?.[1] !== undefined) {
    const id = decodeURIComponent(incident[1]);
    if (incident[2] === undefined && method === 'GET') return { status: 200, body: { incident: incidentObject(account, incidentById(account, id)) } };
    if (incident[2] === undefined && method === 'PUT') return { status: 200, body: updateIncident(account, req, id) };
    if (incident[2] !== undefined && method === 'POST') return { status: 201, body: addNote(account, req, id) };
    if (incident[2] !== undefined && method === 'GET') return { status: 200, body: listNotes(account, id) };
  }
  throw notFound();
}

export function createPagerDutySimulation(options: PagerDutySimulationOptions): PagerDutySimulation {
  const account = createPagerDutyAccount(options);
  const expected = Buffer.from(`Token token=${options.token}`);
  const authorized = (header: string | undefined): boolean => {
    const given = Buffer.from(header ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  return {
    answer(req, malformedBody) {
      if (!authorized(req.headers.authorization)) return pagerDutyErrorAnswer(new PagerDutyRefusal(401, 'Unauthorized', 2006));
      const accept = (req.headers.accept ?? '').replace(/\s+/g, '').toLowerCase();
      if (!accept.split(',').includes(PAGERDUTY_ACCEPT)) {
        return pagerDutyErrorAnswer(new PagerDutyRefusal(406, 'Not Acceptable', 2001, [`The Accept header must be ${PAGERDUTY_ACCEPT}`]));
      }
      if (malformedBody) return pagerDutyErrorAnswer(invalid('The request body is not valid JSON'));
      try {
        const { status, body } = route(account, req);
        return { status, body: JSON.stringify(body), contentType: JSON_TYPE };
      } catch (err) {
        if (err instanceof PagerDutyRefusal) return pagerDutyErrorAnswer(err);
        throw err;
      }
    },
    incidents: () => [...account.incidents.values()].map((i) => snapshot(account, i)),
    acknowledge(id, by) {
      const incident = account.incidents.get(id);
      if (incident === undefined) throw new Error(`no incident ${id}`);
      acknowledge(account, incident, by);
    },
  };
}
