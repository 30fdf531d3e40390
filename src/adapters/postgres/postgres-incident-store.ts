import type { Knex } from 'knex';
import type { AlertSummary } from '../../core/alert.js';
import type { Incident } from '../../core/incident.js';
import { ROLES } from '../../core/roles.js';
import type { TimelineEvent } from '../../core/timeline.js';
import type { IncidentQuery, IncidentStore } from '../../app/ports.js';
import {
  fromIncidentRow,
  fromTimelineRow,
  toIncidentRow,
  toTimelineRow,
  type DbAlertRow,
  type DbIncidentRow,
  type DbRoleRow,
  type DbTimelineRow,
} from './incident-rows.js';
import { guardDatabase } from './unavailable.js';

const MAX_LIST = 500;

/** IncidentStore on PostgreSQL: state, roles and timeline events commit in one transaction. */
export function createPostgresIncidentStore(db: Knex): IncidentStore {
  async function withRoles(rows: DbIncidentRow[]): Promise<Incident[]> {
    if (rows.length === 0) return [];
    const roleRows = await db<DbRoleRow>('role_assignments').whereIn(
      'incident_id',
      rows.map((r) => r.id),
    );
    return rows.map((row) => fromIncidentRow(row, roleRows.filter((r) => r.incident_id === row.id)));
  }

  async function writeRoles(trx: Knex.Transaction, incident: Incident, events: readonly TimelineEvent[]): Promise<void> {
    const changedBy = events.find((e) => e.kind === 'role_assigned')?.actor ?? incident.declaredBy;
    await trx('role_assignments').where({ incident_id: incident.id }).whereNotIn(
      'role',
      ROLES.filter((r) => incident.roles[r] !== null),
    ).delete();
    const holders = ROLES.flatMap((role) => {
      const user = incident.roles[role];
      return user === null ? [] : [{ incident_id: incident.id, role, user_id: user, assigned_by: changedBy, assigned_at: incident.updatedAt }];
    });
    if (holders.length > 0) {
      // Only a changed holder gets a new assigned_at/by; an unchanged one keeps its history.
      await trx('role_assignments')
        .insert(holders)
        .onConflict(['incident_id', 'role'])
        .merge(['user_id', 'assigned_by', 'assigned_at'])
        .whereRaw('role_assignments.user_id is distinct from excluded.user_id');
    }
  }

  async function appendEvents(trx: Knex.Transaction, incidentId: number, events: readonly TimelineEvent[]): Promise<void> {
    if (events.length > 0) await trx('timeline_events').insert(events.map((e) => toTimelineRow(incidentId, e)));
  }

  return {
    allocateId: () =>
      guardDatabase(async () => {
        const result = await db.raw<{ rows: { id: number }[] }>("select nextval('incident_ref_seq')::bigint as id");
        const id = result.rows[0]?.id;
        if (id === undefined) throw new Error('nextval returned no row');
        return id;
      }),

    insert: (incident, events) =>
      guardDatabase(() =>
        db.transaction(async (trx) => {
          await trx('incidents').insert(toIncidentRow(incident));
          await writeRoles(trx, incident, events);
          await appendEvents(trx, incident.id, events);
        }),
      ),

    update: (incident, baseVersion, events) =>
      guardDatabase(() =>
        db.transaction(async (trx) => {
          const updated = await trx('incidents')
            .where({ id: incident.id, version: baseVersion })
            .update(toIncidentRow(incident));
          if (updated === 0) return 'conflict' as const;
          await writeRoles(trx, incident, events);
          await appendEvents(trx, incident.id, events);
          return 'ok' as const;
        }),
      ),

    find: (id) =>
      guardDatabase(async () => {
        const row = await db<DbIncidentRow>('incidents').where({ id }).first();
        if (!row) return null;
        const [incident] = await withRoles([row]);
        return incident ?? null;
      }),

    list: (query: IncidentQuery) =>
      guardDatabase(async () => {
        const q = db<DbIncidentRow>('incidents')
          .orderBy('id', 'desc')
          .limit(Math.min(Math.max(query.limit ?? 100, 1), MAX_LIST));
        const status = query.status ?? 'all';
        if (status === 'open') void q.whereNot({ status: 'resolved' });
        else if (status !== 'all') void q.where({ status });
        return withRoles(await q);
      }),

    alerts: (ids) =>
      guardDatabase(async () => {
        const byIncident = new Map<number, AlertSummary[]>();
        if (ids.length === 0) return byIncident;
        const rows = await db<DbAlertRow>('alerts')
          .select('incident_id', 'provider', 'grouping_key', 'status', 'title')
          .whereIn('incident_id', [...ids])
          .orderBy('id');
        for (const row of rows) {
          if (row.incident_id === null) continue;
          const list = byIncident.get(row.incident_id) ?? [];
          list.push({ provider: row.provider, key: row.grouping_key, status: row.status, title: row.title });
          byIncident.set(row.incident_id, list);
        }
        return byIncident;
      }),

    timeline: (id) =>
      guardDatabase(async () => {
        const rows = await db<DbTimelineRow>('timeline_events').where({ incident_id: id }).orderBy([{ column: 'at' }, { column: 'id' }]);
        return rows.map(fromTimelineRow);
      }),
  };
}
