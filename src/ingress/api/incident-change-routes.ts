import type { ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { ChangeIncident } from '../../app/change-incident.js';
import type { IncidentQueries } from '../../app/query-incidents.js';
import type { ChangeCommand } from '../../core/decide-all.js';
import type { Incident } from '../../core/incident.js';
import { typeOfIncident, type IncidentType } from '../../core/incident-type.js';
import { unknownServiceSentences } from '../../core/unknown-services.js';
import { sendDomainError, sendJson } from '../http/respond.js';
import type { Route } from '../http/route.js';
import { readApiInput, refuseInput, withApiToken, type ApiTokens } from './api-input.js';
import { changeInput, noteInput, type ChangeInput } from './incident-inputs.js';
import { unknownKeySentences } from './input-sentences.js';
import { incidentJson } from './incident-json.js';

/** Who changes incidents through the API on their timeline: the same actor as a declare through it. */
export const API_ACTOR = 'api';

export interface IncidentChangeRouteDeps {
  readonly apiTokens: ApiTokens;
  /** Every incident: for callers with the private token. */
  readonly queries: IncidentQueries;
  /** Private incidents left out (404 by ref): for callers with WARROOM_API_TOKEN. */
  readonly publicQueries: IncidentQueries;
  readonly changeIncident: ChangeIncident;
  /** The configured services (warroom.yml `services`), the ones an incident may name. */
  readonly services: readonly string[];
  /** `incidentTypes`: an incident's type says which roles a PATCH may set. */
  readonly incidentTypes: readonly IncidentType[];
}

/** The commands a PATCH asks for, in the order Slack users would give them: the status last, so a resolve sees the rest. */
function commandsOf(input: ChangeInput, type: IncidentType): ChangeCommand[] {
  const actor = API_ACTOR;
  const commands: ChangeCommand[] = [];
  if (input.title !== undefined) commands.push({ type: 'change_title', title: input.title, actor });
  if (input.severity !== undefined) commands.push({ type: 'change_severity', severity: input.severity, actor });
  if (input.services !== undefined) commands.push({ type: 'change_services', services: input.services, actor });
  // In the type's order of roles (the built-in ones as everywhere, then its own).
  for (const role of type.roles) {
    const user = input.roles?.[role];
    if (user !== undefined) commands.push({ type: 'assign_role', role, user, actor });
  }
  if (input.status !== undefined) commands.push({ type: 'change_status', status: input.status, actor });
  return commands;
}

/** Answers with the incident as GET shows it, read after the change committed. */
async function sendIncident(res: ServerResponse, queries: IncidentQueries, ref: string): Promise<void> {
  const view = await queries.get(ref);
  if (!view.ok) return sendDomainError(res, view.error);
  sendJson(res, 200, incidentJson(view.value));
}

/**
 * A route that changes one incident: its input read and checked, the incident found, the commands
 * (or more refusals) made from both, applied by the change-incident use case, the incident answered.
 */
function changeRoute<S extends z.ZodType>(
  deps: IncidentChangeRouteDeps,
  route: Pick<Route, 'method' | 'path'>,
  schema: S,
  commandsFor: (input: z.output<S>, incident: Incident) => ChangeCommand[] | { readonly problems: readonly string[] },
): Route {
  return {
    ...route,
    handler: withApiToken(deps.apiTokens, async (req, res, params, seesPrivate) => {
      const queries = seesPrivate ? deps.queries : deps.publicQueries;
      const input = await readApiInput(req, res, schema);
      if (input === null) return;
      const found = await queries.get(params.ref ?? '');
      if (!found.ok) return sendDomainError(res, found.error);
      const { incident } = found.value;
      const commands = commandsFor(input, incident);
      if ('problems' in commands) return refuseInput(res, commands.problems);
      const changed = await deps.changeIncident(incident.id, commands);
      if (!changed.ok) return sendDomainError(res, changed.error);
      await sendIncident(res, queries, incident.ref);
    }),
  };
}

/** PATCH /api/incidents/:ref and POST /api/incidents/:ref/notes: the change-incident use case Slack uses, with the API's actor. */
export function incidentChangeRoutes(deps: IncidentChangeRouteDeps): Route[] {
  return [
    changeRoute(deps, { method: 'PATCH', path: '/api/incidents/:ref' }, changeInput, (input, incident) => {
      // Services must be configured ones; those the incident already has stay allowed.
      const unknown = unknownServiceSentences(input.services ?? [], deps.services, incident.services);
      // The roles the incident's type has: a type's own (`security-lead`) too, a role it lacks refused by name.
      const type = typeOfIncident(deps.incidentTypes, incident);
      const noSuchRole = unknownKeySentences(['roles'], Object.keys(input.roles ?? {}).filter((role) => !type.roles.includes(role)), type.roles);
      const problems = [...unknown, ...noSuchRole];
      return problems.length > 0 ? { problems } : commandsOf(input, type);
    }),
    changeRoute(deps, { method: 'POST', path: '/api/incidents/:ref/notes' }, noteInput, (input) => [{ type: 'add_note', text: input.text, actor: API_ACTOR }]),
  ];
}
