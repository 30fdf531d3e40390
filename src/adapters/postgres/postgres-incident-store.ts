import type { Knex } from 'knex';
import type { AlertStatus, AlertSummary, IncidentAlerts } from '../../core/alert.js';
import type { Scope } from '../../core/scope.js';
import type { IncidentQuery, IncidentStore } from '../../app/ports/incidents.js';
import { fromTimelineRow, type DbAlertRow, type DbIncidentRow, type DbTimelineRow } from './incident-rows.js';
import { appendEvents, firstWithRoles, insertIncident, nextIncidentId, updateIncident, withRoles } from './incident-writes.js';
import { findFollowUp, followUpsOf } from './postgres-followups.js';
import { enqueueSlackTasks } from './slack-task-writes.js';
import { guardDatabase } from './unavailable.js';

const MAX_LIST = 500;
const MAX_ALERTS_SHOWN = 100;

/** IncidentStore on PostgreSQL: state, roles and timeline events commit in one transaction. */
export function createPostgresIncidentStore(db: Knex): IncidentStore {
  return {
    allocateId: () => guardDatabase(() => nextIncidentId(db)),

    insert: (incident, events, tasks = []) => guardDatabase(() => db.transaction((trx) => insertIncident(trx, incident, events, null, tasks))),

    update: (incident, baseVersion, events, tasks = []) => guardDatabase(() => db.transaction((trx) => updateIncident(trx, incident, baseVersion, events, tasks))),

    append: (incidentId, events, tasks = []) =>
      guardDatabase(() =>
        db.transaction(async (trx) => {
          await appendEvents(trx, incidentId, events);
          await enqueueSlackTasks(trx, incidentId, tasks);
        }),
      ),

    evidence: (id) =>
      guardDatabase(async () => {
        const alerts = (await db('alerts')
          .select('provider', 'grouping_key', 'title', 'status', 'first_seen_at', 'last_seen_at', 'resolved_at', 'occurrences')
          .where({ incident_id: id })
          .orderBy([{ column: 'first_seen_at' }, { column: 'id' }])) as {
          provider: string;
          grouping_key: string;
          title: string;
          status: AlertStatus;
          first_seen_at: Date;
          last_seen_at: Date;
          resolved_at: Date | null;
          occurrences: number;
        }[];
        const snapshots = (await db('scope_snapshots').select('data').where({ incident_id: id }).orderBy([{ column: 'at' }, { column: 'id' }])) as { data: Scope }[];
        return {
          alerts: alerts.map((a) => ({ provider: a.provider, key: a.grouping_key, title: a.title, status: a.status, firstSeenAt: a.first_seen_at, lastSeenAt: a.last_seen_at, resolvedAt: a.resolved_at, occurrences: a.occurrences })),
          scopeSnapshots: snapshots.map((s) => s.data),
        };
      }),

    findByChannel: (channelId) => guardDatabase(async () => firstWithRoles(db, await db<DbIncidentRow>('incidents').where({ channel_id: channelId }).first())),

    find: (id) => guardDatabase(async () => firstWithRoles(db, await db<DbIncidentRow>('incidents').where({ id }).first())),

    list: (query: IncidentQuery) =>
      guardDatabase(async () => {
        const q = db<DbIncidentRow>('incidents')
          .orderBy('id', 'desc')
          .limit(Math.min(Math.max(query.limit ?? 100, 1), MAX_LIST));
        const status = query.status ?? 'all';
        if (status === 'open') void q.whereNot({ status: 'resolved' });
        else if (status !== 'all') void q.where({ status });
        if (query.publicOnly === true) void q.where({ private: false });
        return withRoles(db, await q);
      }),

    alerts: (ids) =>
      guardDatabase(async () => {
        const byIncident = new Map<number, IncidentAlerts>();
        if (ids.length === 0) return byIncident;
        // The most recently seen alerts of each incident: a storm can attach thousands.
        const recent = await db.raw<{ rows: DbAlertRow[] }>(
          `select incident_id, provider, grouping_key, status, title from (
             select a.*, row_number() over (partition by incident_id order by last_seen_at desc, id desc) as n
             from alerts a where incident_id = any(?)
           ) ranked where n <= ? order by incident_id, first_seen_at, id`,
          [[...ids], MAX_ALERTS_SHOWN],
        );
        const counts = await db.raw<{ rows: { incident_id: number; status: AlertStatus; n: number; last: Date }[] }>(
          'select incident_id, status, count(*)::int as n, max(last_seen_at) as last from alerts where incident_id = any(?) group by incident_id, status',
          [[...ids]],
        );
        const building = new Map<number, { recent: AlertSummary[]; counts: Record<AlertStatus, number>; lastAlertAt: string | null }>();
        const entry = (id: number) => {
          let e = building.get(id);
          if (!e) building.set(id, (e = { recent: [], counts: { firing: 0, acknowledged: 0, resolved: 0 }, lastAlertAt: null }));
          return e;
        };
        for (const row of counts.rows) {
          const e = entry(row.incident_id);
          e.counts[row.status] = row.n;
          const last = row.last.toISOString();
          if (e.lastAlertAt === null || last > e.lastAlertAt) e.lastAlertAt = last;
        }
        for (const row of recent.rows) entry(row.incident_id).recent.push({ provider: row.provider, key: row.grouping_key, status: row.status, title: row.title });
        for (const [id, e] of building) byIncident.set(id, e);
        return byIncident;
      }),

    followUps: (ids) => guardDatabase(() => followUpsOf(db, ids)),

    findFollowUp: (id) => guardDatabase(() => findFollowUp(db, id)),

    timeline: (id) =>
      guardDatabase(async () => {
        const rows = await db<DbTimelineRow>('timeline_events').where({ incident_id: id }).orderBy([{ column: 'at' }, { column: 'id' }]);
        return rows.map(fromTimelineRow);
      }),
  };
}
