/**
 * The sandbox's PagerDuty: the REST API v2 calls Warroom makes (`/oncalls`, `/users/{id}`,
 * `/incidents` create / read / find by key / resolve, notes) under `/sandbox/pagerduty/`, in
 * PagerDuty's shapes, with two people on call for the sandbox's escalation policy. Their emails
 * are those of two sandbox Slack users, so the on-call person becomes incident commander. A page
 * is acknowledged by itself after a short while, as a responsive on-call engineer would.
 */
import { timingSafeEqual } from 'node:crypto';
import { readBody } from '../ingress/http/read-body.js';
import { sendJson } from '../ingress/http/respond.js';
import type { Route } from '../ingress/http/route.js';

export interface SandboxPerson {
  readonly pagerdutyId: string;
  readonly slackId: string;
  readonly name: string;
  readonly email: string;
}

const ACKNOWLEDGED_AFTER_MS = 15_000;

interface PdIncident {
  id: string;
  title: string;
  incidentKey: string;
  serviceId: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  createdAt: number;
  notes: string[];
}

export function sandboxPagerDutyRoutes(options: { token: string; people: readonly SandboxPerson[]; escalationPolicyId: string; now?: () => number }): Route[] {
  const now = options.now ?? Date.now;
  const incidents = new Map<string, PdIncident>();
  const expected = Buffer.from(`Token token=${options.token}`);
  const authorized = (header: string | undefined) => {
    const given = Buffer.from(header ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const userJson = (p: SandboxPerson) => ({ id: p.pagerdutyId, type: 'user', name: p.name, summary: p.name, email: p.email, html_url: `https://sandbox.pagerduty.invalid/users/${p.pagerdutyId}` });
  const incidentJson = (i: PdIncident) => {
    // Acknowledged by itself after a while, unless resolved first.
    if (i.status === 'triggered' && now() - i.createdAt >= ACKNOWLEDGED_AFTER_MS) i.status = 'acknowledged';
    return {
      id: i.id,
      type: 'incident',
      title: i.title,
      status: i.status,
      incident_key: i.incidentKey,
      service: { id: i.serviceId, type: 'service_reference' },
      created_at: new Date(i.createdAt).toISOString(),
      html_url: `https://sandbox.pagerduty.invalid/incidents/${i.id}`,
    };
  };
  const notFound = { error: { message: 'Not Found', code: 2100 } };
  const guard = (handler: Route['handler']): Route['handler'] => async (req, res, params) => {
    if (!authorized(req.headers.authorization)) {
      req.resume();
      return sendJson(res, 401, { error: { message: 'Unauthorized', code: 2006 } });
    }
    await handler(req, res, params);
  };
  const jsonBody = async (req: Parameters<Route['handler']>[0]): Promise<Record<string, unknown> | null> => {
    try {
      const parsed: unknown = JSON.parse((await readBody(req, 64 * 1024)).toString('utf8'));
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  };
  const invalid = (message: string) => ({ error: { message: 'Invalid Input Provided', code: 2001, errors: [message] } });
  const query = (req: Parameters<Route['handler']>[0]) => new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;

  const routes: Route[] = [
    {
      method: 'GET',
      path: '/sandbox/pagerduty/oncalls',
      handler: async (req, res) => {
        const policies = query(req).getAll('escalation_policy_ids[]');
        const on = policies.length === 0 || policies.includes(options.escalationPolicyId);
        const oncalls = on
          ? options.people.map((p, i) => ({ user: userJson(p), escalation_level: i + 1, escalation_policy: { id: options.escalationPolicyId, type: 'escalation_policy_reference' } }))
          : [];
        sendJson(res, 200, { oncalls, limit: 100, offset: 0, more: false, total: null });
        return Promise.resolve();
      },
    },
    {
      method: 'GET',
      path: '/sandbox/pagerduty/users/:id',
      handler: async (_req, res, params) => {
        const person = options.people.find((p) => p.pagerdutyId === params.id);
        sendJson(res, person ? 200 : 404, person ? { user: userJson(person) } : notFound);
        return Promise.resolve();
      },
    },
    {
      method: 'GET',
      path: '/sandbox/pagerduty/incidents',
      handler: async (req, res) => {
        const key = query(req).get('incident_key');
        const found = [...incidents.values()].filter((i) => key === null || i.incidentKey === key);
        sendJson(res, 200, { incidents: found.map(incidentJson), limit: 100, offset: 0, more: false });
        return Promise.resolve();
      },
    },
    {
      method: 'POST',
      path: '/sandbox/pagerduty/incidents',
      handler: async (req, res) => {
        const body = await jsonBody(req);
        const incident = body?.incident as { title?: unknown; incident_key?: unknown; service?: { id?: unknown } } | undefined;
        if (typeof incident?.title !== 'string' || typeof incident.service?.id !== 'string') return sendJson(res, 400, invalid('incident.title and incident.service.id are required'));
        const key = typeof incident.incident_key === 'string' ? incident.incident_key : '';
        if (key !== '' && [...incidents.values()].some((i) => i.incidentKey === key && i.status !== 'resolved')) {
          return sendJson(res, 400, invalid('Open incident with matching dedup key already exists on this service'));
        }
        const id = `PSBX${String(incidents.size + 1).padStart(3, '0')}`;
        const created: PdIncident = { id, title: incident.title, incidentKey: key, serviceId: incident.service.id, status: 'triggered', createdAt: now(), notes: [] };
        incidents.set(id, created);
        sendJson(res, 201, { incident: incidentJson(created) });
      },
    },
    {
      method: 'GET',
      path: '/sandbox/pagerduty/incidents/:id',
      handler: async (_req, res, params) => {
        const incident = incidents.get(params.id ?? '');
        sendJson(res, incident ? 200 : 404, incident ? { incident: incidentJson(incident) } : notFound);
        return Promise.resolve();
      },
    },
    {
      method: 'PUT',
      path: '/sandbox/pagerduty/incidents/:id',
      handler: async (req, res, params) => {
        const incident = incidents.get(params.id ?? '');
        const body = await jsonBody(req);
        if (!incident) return sendJson(res, 404, notFound);
        if ((body?.incident as { status?: unknown } | undefined)?.status !== 'resolved') return sendJson(res, 400, invalid('only status: resolved is supported'));
        if (incident.status === 'resolved') return sendJson(res, 400, invalid('Incident Already Resolved'));
        incident.status = 'resolved';
        sendJson(res, 200, { incident: incidentJson(incident) });
      },
    },
    {
      method: 'POST',
      path: '/sandbox/pagerduty/incidents/:id/notes',
      handler: async (req, res, params) => {
        const incident = incidents.get(params.id ?? '');
        const content = ((await jsonBody(req))?.note as { content?: unknown } | undefined)?.content;
        if (!incident) return sendJson(res, 404, notFound);
        if (typeof content !== 'string' || content.trim() === '') return sendJson(res, 400, invalid('note.content is required'));
        incident.notes.push(content);
        sendJson(res, 201, { note: { id: `N${incident.notes.length}`, content, created_at: new Date(now()).toISOString() } });
      },
    },
  ];
  return routes.map((route) => ({ ...route, handler: guard(route.handler) }));
}
