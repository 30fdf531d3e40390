import { NO_ALERTS } from '../../core/alert.js';
import type { Incident } from '../../core/incident.js';
import { typeOfIncident, type IncidentType } from '../../core/incident-type.js';
import { matchRunbooks, type Runbook } from '../../core/runbook-match.js';
import type { IncidentReader } from '../ports/incidents.js';

export type FindRunbooks = (incident: Incident) => Promise<Runbook[]>;

/** The runbooks of `runbooks/*.md` its type offers (issue 21), or that match an incident's services, alert titles or title. */
export function createFindRunbooks(deps: { runbooks: readonly Runbook[]; incidents: Pick<IncidentReader, 'alerts'>; types?: readonly IncidentType[] }): FindRunbooks {
  return async (incident) => {
    if (deps.runbooks.length === 0) return [];
    const alerts = (await deps.incidents.alerts([incident.id])).get(incident.id) ?? NO_ALERTS;
    const typeRunbooks = deps.types ? typeOfIncident(deps.types, incident).runbooks : [];
    return matchRunbooks(deps.runbooks, { services: incident.services, alertTitles: alerts.recent.map((a) => a.title), title: incident.title, typeRunbooks });
  };
}
