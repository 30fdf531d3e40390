import type { IncidentView } from '../../app/query-incidents.js';
import type { TimelineEvent } from '../../core/timeline.js';

/** The Incident shape of INTERFACE §5 (plus `description`, `declaredBy`, `version`). */
export function incidentJson({ incident, alerts }: IncidentView): Record<string, unknown> {
  return {
    ref: incident.ref,
    title: incident.title,
    description: incident.description,
    status: incident.status,
    severity: incident.severity,
    channelId: incident.channelId,
    channelName: incident.channelName,
    /** INTERFACE §7: `gone` once Slack said the channel was archived or deleted, until a new room is opened. */
    room: incident.roomGone ? 'gone' : 'ok',
    roles: incident.roles,
    services: incident.services,
    drill: incident.drill,
    scope: incident.scope,
    alerts: alerts.recent,
    alertCounts: alerts.counts,
    lastAlertAt: alerts.lastAlertAt,
    declaredBy: incident.declaredBy,
    createdAt: incident.createdAt.toISOString(),
    updatedAt: incident.updatedAt.toISOString(),
    resolvedAt: incident.resolvedAt ? incident.resolvedAt.toISOString() : null,
    version: incident.version,
  };
}

export function timelineEventJson(e: TimelineEvent): Record<string, unknown> {
  return { at: e.at.toISOString(), kind: e.kind, actor: e.actor, text: e.text, data: e.data };
}
