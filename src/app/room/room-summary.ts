import { NO_ALERTS } from '../../core/alert.js';
import { bridgeUrlOf } from '../../core/bridge.js';
import type { Incident } from '../../core/incident.js';
import { scopeHeadline } from '../../core/scope.js';
import type { RoomMessage } from '../../core/room-message.js';
import type { RoomTaskPorts } from './room-task-handler.js';

/** The pinned summary of an incident: its alerts, runbook, dashboards, paging and scope as they are now. */
export function createRoomSummary(deps: Pick<RoomTaskPorts, 'incidents' | 'settings' | 'findRunbooks' | 'pagingStatus' | 'webView'>): (incident: Incident) => Promise<RoomMessage> {
  const { settings } = deps;
  return async (incident) => {
    const alerts = (await deps.incidents.alerts([incident.id])).get(incident.id) ?? NO_ALERTS;
    const service = incident.services.map((s) => settings.services[s]).find((s) => s !== undefined);
    const dashboards = incident.services.flatMap((s) => settings.services[s]?.dashboards ?? []);
    const matched = (await deps.findRunbooks(incident))[0];
    const total = alerts.counts.firing + alerts.counts.acknowledged + alerts.counts.resolved;
    return {
      kind: 'summary',
      incident,
      alerts,
      runbook: service?.runbook ?? (matched ? (matched.url ?? matched.path) : null),
      dashboards,
      allAlertsResolved: total > 0 && alerts.counts.resolved === total,
      paging: await deps.pagingStatus(incident.id),
      scopeHeadline: incident.scope ? scopeHeadline(incident.scope) : null,
      bridgeUrl: bridgeUrlOf(incident, settings.bridge?.url ?? null),
      webView: deps.webView === true,
    };
  };
}
