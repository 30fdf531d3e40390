import { z } from 'zod';
import type { DeclareIncident } from '../../app/declare-incident.js';
import type { IncidentQueries } from '../../app/query-incidents.js';
import { parseSeverity, DEFAULT_SEVERITY } from '../../core/severity.js';
import { isStatus } from '../../core/status.js';
import { NO_ALERTS } from '../../core/alert.js';
import { hasBearerToken } from '../http/bearer-auth.js';
import { readBody } from '../http/read-body.js';
import { sendDomainError, sendJson, sendText } from '../http/respond.js';
import type { Route, RouteHandler } from '../http/route.js';
import { incidentJson, timelineJson } from './incident-json.js';
import { drillScorecard } from '../../core/drill-scorecard.js';

const API_BODY_LIMIT = 64 * 1024;

const declareBody = z.object({
  title: z.string(),
  severity: z.union([z.string(), z.number()]).optional(),
  services: z.array(z.string().min(1).max(100)).max(50).optional(),
  description: z.string().max(10_000).nullable().optional(),
});

export interface IncidentRouteDeps {
  readonly apiToken: string | null;
  readonly queries: IncidentQueries;
  readonly declareIncident: DeclareIncident;
}

/** /api/incidents (INTERFACE §4), behind `Authorization: Bearer $WARROOM_API_TOKEN`. */
export function incidentRoutes(deps: IncidentRouteDeps): Route[] {
  const authed =
    (handler: RouteHandler): RouteHandler =>
    async (req, res, params) => {
      // Authenticate before anything is read or parsed; without a configured token /api is closed.
      if (!hasBearerToken(req, deps.apiToken)) {
        req.resume();
        sendJson(res, 401, { error: deps.apiToken === null ? 'the API is off: set WARROOM_API_TOKEN' : 'missing or wrong bearer token' }, { 'www-authenticate': 'Bearer' });
        return;
      }
      await handler(req, res, params);
    };

  return [
    {
      method: 'GET',
      path: '/api/incidents',
      handler: authed(async (req, res) => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const status = url.searchParams.get('status') ?? 'all';
        if (status !== 'open' && status !== 'all' && !isStatus(status)) {
          sendJson(res, 400, { error: 'status must be open, all, investigating, identified, monitoring or resolved' });
          return;
        }
        const limitParam = url.searchParams.get('limit');
        const limit = limitParam === null ? 100 : Number(limitParam);
        if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
          sendJson(res, 400, { error: 'limit must be an integer from 1 to 500' });
          return;
        }
        const views = await deps.queries.list({ status, limit });
        sendJson(res, 200, { incidents: views.map(incidentJson) });
      }),
    },
    {
      method: 'POST',
      path: '/api/incidents',
      handler: authed(async (req, res) => {
        const raw = await readBody(req, API_BODY_LIMIT);
        let json: unknown;
        try {
          json = JSON.parse(raw.toString('utf8'));
        } catch {
          sendJson(res, 400, { error: 'body is not valid JSON' });
          return;
        }
        const parsed = declareBody.safeParse(json);
        if (!parsed.success) {
          sendJson(res, 400, { error: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
          return;
        }
        const severity = parsed.data.severity === undefined ? DEFAULT_SEVERITY : parseSeverity(parsed.data.severity);
        if (severity === null) {
          sendJson(res, 400, { error: 'severity must be one of SEV1, SEV2, SEV3, SEV4 (or 1-4)' });
          return;
        }
        const result = await deps.declareIncident({
          title: parsed.data.title,
          severity,
          services: parsed.data.services ?? [],
          description: parsed.data.description ?? null,
          actor: 'api',
        });
        if (!result.ok) return sendDomainError(res, result.error);
        sendJson(res, 201, incidentJson({ incident: result.value, alerts: NO_ALERTS }), { location: `/api/incidents/${result.value.ref}` });
      }),
    },
    {
      method: 'GET',
      path: '/api/incidents/:ref',
      handler: authed(async (_req, res, params) => {
        const result = await deps.queries.get(params.ref ?? '');
        if (!result.ok) return sendDomainError(res, result.error);
        const { incident } = result.value;
        // A drill also shows its scorecard (steps not reached yet are null); one more query, drills only.
        const events = incident.drill ? await deps.queries.timeline(incident.ref) : null;
        const scorecard = events?.ok ? Object.fromEntries(drillScorecard(incident, events.value).entries.map((e) => [e.step, e.ms])) : undefined;
        sendJson(res, 200, { ...incidentJson(result.value), ...(scorecard ? { scorecard } : {}) });
      }),
    },
    {
      method: 'GET',
      path: '/api/incidents/:ref/timeline',
      handler: authed(async (_req, res, params) => {
        const result = await deps.queries.timeline(params.ref ?? '');
        if (!result.ok) return sendDomainError(res, result.error);
        sendJson(res, 200, { events: timelineJson(result.value) });
      }),
    },
    {
      method: 'GET',
      path: '/api/incidents/:ref/postmortem',
      handler: authed(async (_req, res, params) => {
        const result = await deps.queries.postmortem(params.ref ?? '');
        if (!result.ok) return sendDomainError(res, result.error);
        sendText(res, 200, 'text/markdown; charset=utf-8', result.value);
      }),
    },
  ];
}
