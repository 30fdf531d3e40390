import type { DeclareIncident } from '../../app/declare-incident.js';
import { DEFAULT_SEVERITY } from '../../core/severity.js';
import { isStatus } from '../../core/status.js';
import { sendDomainError, sendJson, sendText } from '../http/respond.js';
import type { Route, RouteHandler } from '../http/route.js';
import type { IncidentQueries } from '../../app/query-incidents.js';
import { readApiInput, refuseInput, withApiToken } from './api-input.js';
import { API_ACTOR, incidentChangeRoutes, type IncidentChangeRouteDeps } from './incident-change-routes.js';
import { declareInput } from './incident-inputs.js';
import { followUpRoute } from './follow-up-route.js';
import { incidentJson, timelineJson } from './incident-json.js';
import { drillScorecard } from '../../core/drill-scorecard.js';
import { unknownServiceSentences } from '../../core/unknown-services.js';

export interface IncidentRouteDeps extends IncidentChangeRouteDeps {
  readonly declareIncident: DeclareIncident;
}

/**
 * /api/incidents (INTERFACE §4), behind `Authorization: Bearer $WARROOM_API_TOKEN`; private incidents
 * only behind `$WARROOM_API_PRIVATE_TOKEN` (every read goes through the queries the token allows).
 */
export function incidentRoutes(deps: IncidentRouteDeps): Route[] {
  type ReadHandler = (...args: [...Parameters<RouteHandler>, IncidentQueries]) => Promise<void>;
  const authed = (handler: ReadHandler): RouteHandler => withApiToken(deps.apiTokens, (req, res, params, seesPrivate) => handler(req, res, params, seesPrivate ? deps.queries : deps.publicQueries));

  return [
    {
      method: 'GET',
      path: '/api/incidents',
      handler: authed(async (req, res, _params, queries) => {
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
        const views = await queries.list({ status, limit });
        sendJson(res, 200, { incidents: views.map(incidentJson) });
      }),
    },
    declareRoute(deps),
    {
      method: 'GET',
      path: '/api/incidents/:ref',
      handler: authed(async (_req, res, params, queries) => {
        const result = await queries.get(params.ref ?? '');
        if (!result.ok) return sendDomainError(res, result.error);
        const { incident } = result.value;
        // A drill also shows its scorecard (steps not reached yet are null); one more query, drills only.
        const events = incident.drill ? await queries.timeline(incident.ref) : null;
        const scorecard = events?.ok ? Object.fromEntries(drillScorecard(incident, events.value).entries.map((e) => [e.step, e.ms])) : undefined;
        sendJson(res, 200, { ...incidentJson(result.value), ...(scorecard ? { scorecard } : {}) });
      }),
    },
    {
      method: 'GET',
      path: '/api/incidents/:ref/timeline',
      handler: authed(async (_req, res, params, queries) => {
        const result = await queries.timeline(params.ref ?? '');
        if (!result.ok) return sendDomainError(res, result.error);
        sendJson(res, 200, { events: timelineJson(result.value) });
      }),
    },
    followUpRoute(authed, deps.queries),
    {
      method: 'GET',
      path: '/api/incidents/:ref/postmortem',
      handler: authed(async (_req, res, params, queries) => {
        const result = await queries.postmortem(params.ref ?? '');
        if (!result.ok) return sendDomainError(res, result.error);
        sendText(res, 200, 'text/markdown; charset=utf-8', result.value);
      }),
    },
    ...incidentChangeRoutes(deps),
  ];
}

/** `POST /api/incidents`: declares an incident (private ones with the private token only). */
function declareRoute(deps: IncidentRouteDeps): Route {
  return {
    method: 'POST',
    path: '/api/incidents',
    handler: withApiToken(deps.apiTokens, async (req, res, _params, seesPrivate) => {
      const input = await readApiInput(req, res, declareInput);
      if (input === null) return;
      // The general token could not read a private incident back (404): only the private one declares one.
      if (input.private === true && !seesPrivate) {
        sendJson(res, 403, { error: 'private must be declared with WARROOM_API_PRIVATE_TOKEN: WARROOM_API_TOKEN cannot see private incidents', code: 'incident.private_needs_private_token' });
        return;
      }
      // Refused before the declare takes a number, in the same words as a PATCH.
      const unknown = unknownServiceSentences(input.services ?? [], deps.services);
      if (unknown.length > 0) return refuseInput(res, unknown);
      const result = await deps.declareIncident({
        title: input.title,
        severity: input.severity ?? DEFAULT_SEVERITY,
        services: input.services ?? [],
        description: input.description ?? null,
        type: input.type ?? null,
        ...(input.private === true ? { private: true } : {}),
        actor: API_ACTOR,
      });
      if (!result.ok) return sendDomainError(res, result.error);
      sendJson(res, 201, incidentJson(deps.queries.viewOf(result.value)), { location: `/api/incidents/${result.value.ref}` });
    }),
  };
}
