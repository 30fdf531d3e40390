import type { IncidentQueries } from '../../app/query-incidents.js';
import { sendDomainError, sendJson } from '../http/respond.js';
import type { Route, RouteHandler } from '../http/route.js';
import { followUpJson } from './incident-json.js';

/** `GET /api/incidents/:ref/followups`: every follow-up of the incident, open and done, oldest first. */
export function followUpRoute(authed: (handler: RouteHandler) => RouteHandler, queries: Pick<IncidentQueries, 'followUps'>): Route {
  return {
    method: 'GET',
    path: '/api/incidents/:ref/followups',
    handler: authed(async (_req, res, params) => {
      const result = await queries.followUps(params.ref ?? '');
      if (!result.ok) return sendDomainError(res, result.error);
      sendJson(res, 200, { followups: result.value.map(followUpJson) });
    }),
  };
}
