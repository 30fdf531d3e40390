import type { Knex } from 'knex';
import type { AlertSummary } from '../../core/alert.js';
import type { IncidentQuery, IncidentStore } from '../../app/ports.js';
import { fromTimelineRow, type DbAlertRow, type DbIncidentRow, type DbTimelineRow } from './incident-rows.js';
import { firstWithRoles, insertIncident, nextIncidentId, updateIncident, withRoles } from './incident-writes.js';
import { guardDatabase } from './unavailable.js';

const MAX_LIST = 500;
const MAX_ALERTS_SHOWN = 100;

/** IncidentStore on PostgreSQL: state, roles and timeline events commit in one transaction. */
export function createPostgresIncidentStore(db: Knex): IncidentStore {
  return {
    allocateId: () => guardDatabase(() => nextIncidentId(db)),

    insert: (incident, events) => guardDatabase(() => db.transaction((trx) => insertIncident(trx, incident, events))),

    update: (incident, baseVersion, events) => guardDatabase(() => db.transaction((trx) => updateIncident(trx, incident, baseVersion, events))),

    find: (id) => guardDatabase(async () => firstWithRoles(db, await db<DbIncidentRow>('incidents').where({ id }).first())),

    list: (query: IncidentQuery) =>
      guardDatabase(async () => {
        const q = db<DbIncidentRow>('incidents')
          .orderBy('id', 'desc')
          .limit(Math.min(Math.max(query.limit ?? 100, 1), MAX_LIST));
        const status = query.status ?? 'all';
        if (status === 'open') void q.whereNot({ status: 'resolved' });
        else if (status !== 'all') void q.where({ status });
        return withRoles(db, await q);
      }),

    alerts: (ids) =>
      guardDatabase(async () => {
        const byIncident = new Map<number, AlertSummary[]>();
        if (ids.length === 0) return byIncident;
        // The most recently seen alerts of each incident: a storm can attach thousands.
        const result = await db.raw<{ rows: DbAlertRow[] }>(
          `select incident_id, provider, grouping_key, status, title from (
             select a.*, row_number() over (partition by incident_id order by last_seen_at desc, id desc) as n
             from alerts a where incident_id = any(?)
           ) ranked where n <= ? order by incident_id, first_seen_at, id`,
          [[...ids], MAX_ALERTS_SHOWN],
        );
        const rows = result.rows;
        for (const row of rows) {
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
