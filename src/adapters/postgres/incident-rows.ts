/** Row shapes of the incident tables and their mapping to core types. */
import type { AlertStatus } from '../../core/alert.js';
import { incidentRef, type Incident } from '../../core/incident.js';
import { NO_ROLES, type Role } from '../../core/roles.js';
import { isRoomGoneReason } from '../../core/room-gone.js';
import type { Scope } from '../../core/scope.js';
import type { Severity } from '../../core/severity.js';
import type { Status } from '../../core/status.js';
import type { TimelineEvent, TimelineKind } from '../../core/timeline.js';

export interface DbIncidentRow {
  id: number;
  title: string;
  description: string | null;
  status: Status;
  severity: Severity;
  services: string[];
  drill: boolean;
  channel_id: string | null;
  channel_name: string | null;
  /** Absent in rows read before migration 14 ran (the store selects `*`). */
  room_gone_at?: Date | null;
  room_gone_reason?: string | null;
  /** Absent in rows read before migration 21 ran. */
  bridge_url?: string | null;
  /** Absent in rows read before migration 23 ran. */
  private?: boolean;
  /** Absent in rows read before migration 22 ran; null: the default type. */
  type?: string | null;
  declared_by: string;
  grouping_key: string | null;
  scope: Scope | null;
  created_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
  version: number;
}

export interface DbRoleRow {
  incident_id: number;
  role: string;
  user_id: string;
}

export interface DbAlertRow {
  incident_id: number;
  provider: string;
  grouping_key: string;
  status: AlertStatus;
  title: string;
}

export interface DbTimelineRow {
  id: number;
  incident_id: number;
  at: Date;
  kind: TimelineKind;
  actor: string;
  text: string;
  data: Record<string, unknown>;
  /** Null for events recorded without names (before migration 13, without Slack, or when the lookup failed). */
  names: Record<string, string> | null;
}

export function toIncidentRow(incident: Incident): Omit<DbIncidentRow, 'grouping_key'> {
  return {
    id: incident.id,
    title: incident.title,
    description: incident.description,
    status: incident.status,
    severity: incident.severity,
    services: [...incident.services],
    drill: incident.drill,
    channel_id: incident.channelId,
    channel_name: incident.channelName,
    room_gone_at: incident.roomGone?.at ?? null,
    room_gone_reason: incident.roomGone?.reason ?? null,
    bridge_url: incident.bridgeUrl ?? null,
    private: incident.private ?? false,
    type: incident.type ?? null,
    declared_by: incident.declaredBy,
    scope: incident.scope,
    created_at: incident.createdAt,
    updated_at: incident.updatedAt,
    resolved_at: incident.resolvedAt,
    version: incident.version,
  };
}

export function fromIncidentRow(row: DbIncidentRow, roleRows: readonly DbRoleRow[]): Incident {
  // A type's own roles (security-lead) come back under their config name, beside the four.
  const roles: Record<string, string | null> & Record<Role, string | null> = { ...NO_ROLES };
  for (const r of roleRows) roles[r.role] = r.user_id;
  return {
    id: row.id,
    ref: incidentRef(row.id),
    title: row.title,
    description: row.description,
    status: row.status,
    severity: row.severity,
    services: row.services,
    drill: row.drill,
    channelId: row.channel_id,
    channelName: row.channel_name,
    roomGone: row.room_gone_at ? { at: row.room_gone_at, reason: isRoomGoneReason(row.room_gone_reason) ? row.room_gone_reason : 'deleted' } : null,
    bridgeUrl: row.bridge_url ?? null,
    private: row.private ?? false,
    type: row.type ?? null,
    roles,
    scope: row.scope,
    declaredBy: row.declared_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at,
    version: row.version,
  };
}

export function toTimelineRow(incidentId: number, e: TimelineEvent): Omit<DbTimelineRow, 'id'> {
  return { incident_id: incidentId, at: e.at, kind: e.kind, actor: e.actor, text: e.text, data: { ...e.data }, names: e.names ? { ...e.names } : null };
}

export function fromTimelineRow(row: DbTimelineRow): TimelineEvent {
  const event: TimelineEvent = { at: row.at, kind: row.kind, actor: row.actor, text: row.text, data: row.data };
  return row.names ? { ...event, names: row.names } : event;
}
