import type { IncidentView } from '../../app/query-incidents.js';
import type { FollowUp } from '../../core/followup.js';
import { DEFAULT_INCIDENT_TYPE } from '../../core/incident-type.js';
import { mention, namesIn, readableText, type PeopleNames } from '../../core/people.js';
import type { TimelineEvent } from '../../core/timeline.js';

/** The Incident shape of INTERFACE §5 (plus `description`, `declaredBy`, `version`). */
export function incidentJson({ incident, alerts, bridgeUrl, type, followUps }: IncidentView): Record<string, unknown> {
  return {
    ref: incident.ref,
    title: incident.title,
    description: incident.description,
    status: incident.status,
    severity: incident.severity,
    /** The incident type (issue 21): `default` unless `incidentTypes` is configured. */
    type: type ?? incident.type ?? DEFAULT_INCIDENT_TYPE,
    channelId: incident.channelId,
    channelName: incident.channelName,
    /** INTERFACE §7: `gone` once Slack said the channel was archived or deleted, until a new room is opened. */
    room: incident.roomGone ? 'gone' : 'ok',
    roles: incident.roles,
    services: incident.services,
    drill: incident.drill,
    /** Issue 21: only the members of its private channel, and WARROOM_API_PRIVATE_TOKEN, see a private incident. */
    private: incident.private === true,
    /** The call link (issue 21): the incident's own, else `bridge.url` filled in; null when none. */
    bridgeUrl: bridgeUrl ?? incident.bridgeUrl ?? null,
    scope: incident.scope,
    alerts: alerts.recent,
    alertCounts: alerts.counts,
    lastAlertAt: alerts.lastAlertAt,
    /** Issue 20: every follow-up, open and done, oldest first. */
    followups: (followUps ?? []).map(followUpJson),
    declaredBy: incident.declaredBy,
    createdAt: incident.createdAt.toISOString(),
    updatedAt: incident.updatedAt.toISOString(),
    resolvedAt: incident.resolvedAt ? incident.resolvedAt.toISOString() : null,
    version: incident.version,
  };
}

/** A follow-up; `ownerName` is the owner as read outside Slack (the name captured when it was made, else `<@U…>`). */
export function followUpJson(f: FollowUp): Record<string, unknown> {
  return {
    id: f.id,
    title: f.title,
    owner: f.owner,
    ownerName: f.owner === null ? null : (f.ownerName ?? mention(f.owner)),
    dueDate: f.dueDate,
    status: f.status,
    createdBy: f.createdBy,
    createdAt: f.createdAt.toISOString(),
    doneBy: f.doneBy,
    doneAt: f.doneAt ? f.doneAt.toISOString() : null,
    tracker: f.tracker,
    trackerRef: f.trackerRef,
    trackerUrl: f.trackerUrl,
  };
}

/**
 * A TimelineEvent of INTERFACE §5 (plus `names`, the names it captured). `text` is for people to
 * read outside Slack: each person the event names by name (`names`: the incident's), else `<@U…>`.
 */
export function timelineEventJson(e: TimelineEvent, names: PeopleNames): Record<string, unknown> {
  return { at: e.at.toISOString(), kind: e.kind, actor: e.actor, text: readableText(e, names), data: e.data, names: e.names ?? {} };
}

/** A timeline, oldest first, its people named from every name it captured. */
export function timelineJson(events: readonly TimelineEvent[]): Record<string, unknown>[] {
  const names = namesIn(events);
  return events.map((e) => timelineEventJson(e, names));
}
