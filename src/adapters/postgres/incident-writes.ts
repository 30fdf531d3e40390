/** Incident reads and writes shared by the incident store and the alert store (same tables, same rules). */
import type { Knex } from 'knex';
import type { Incident } from '../../core/incident.js';
import type { TimelineEvent } from '../../core/timeline.js';
import type { IncidentUpdate } from '../../app/ports/incidents.js';
import type { SlackTaskSpec } from '../../app/ports/room.js';
import { writeFollowUps } from './postgres-followups.js';
import { enqueueSlackTasks } from './slack-task-writes.js';
import { fromIncidentRow, toIncidentRow, toTimelineRow, type DbIncidentRow, type DbRoleRow } from './incident-rows.js';

export async function withRoles(db: Knex | Knex.Transaction, rows: readonly DbIncidentRow[]): Promise<Incident[]> {
  if (rows.length === 0) return [];
  const roleRows = await db<DbRoleRow>('role_assignments').whereIn(
    'incident_id',
    rows.map((r) => r.id),
  );
  return rows.map((row) => fromIncidentRow(row, roleRows.filter((r) => r.incident_id === row.id)));
}

export async function firstWithRoles(db: Knex | Knex.Transaction, row: DbIncidentRow | undefined): Promise<Incident | null> {
  if (!row) return null;
  const [incident] = await withRoles(db, [row]);
  return incident ?? null;
}

async function writeRoles(trx: Knex.Transaction, incident: Incident, events: readonly TimelineEvent[]): Promise<void> {
  const changedBy = events.find((e) => e.kind === 'role_assigned')?.actor ?? incident.declaredBy;
  // Every role the incident has, the four and its type's own (issue 21).
  const held = Object.entries(incident.roles).flatMap(([role, user]) => (user === null || user === undefined ? [] : [[role, user] as const]));
  await trx('role_assignments')
    .where({ incident_id: incident.id })
    .whereNotIn(
      'role',
      held.map(([role]) => role),
    )
    .delete();
  const holders = held.map(([role, user]) => ({ incident_id: incident.id, role, user_id: user, assigned_by: changedBy, assigned_at: incident.updatedAt }));
  if (holders.length > 0) {
    // Only a changed holder gets a new assigned_at/by; an unchanged one keeps its history.
    await trx('role_assignments')
      .insert(holders)
      .onConflict(['incident_id', 'role'])
      .merge(['user_id', 'assigned_by', 'assigned_at'])
      .whereRaw('role_assignments.user_id is distinct from excluded.user_id');
  }
}

export async function appendEvents(trx: Knex.Transaction, incidentId: number, events: readonly TimelineEvent[]): Promise<void> {
  if (events.length > 0) await trx('timeline_events').insert(events.map((e) => toTimelineRow(incidentId, e)));
  await writeFollowUps(trx, incidentId, events);
}

export async function insertIncident(
  trx: Knex.Transaction,
  incident: Incident,
  events: readonly TimelineEvent[],
  groupingKey: string | null,
  tasks: readonly SlackTaskSpec[],
): Promise<void> {
  await trx('incidents').insert({ ...toIncidentRow(incident), grouping_key: groupingKey });
  await writeRoles(trx, incident, events);
  await appendEvents(trx, incident.id, events);
  await enqueueSlackTasks(trx, incident.id, tasks);
}

/** Optimistic locking: the row is written only if its version is still `baseVersion`. */
export async function updateIncident(
  trx: Knex.Transaction,
  incident: Incident,
  baseVersion: number,
  events: readonly TimelineEvent[],
  tasks: readonly SlackTaskSpec[],
): Promise<IncidentUpdate> {
  // The scope column belongs to the scope measurements (ScopeStore), not to decisions: never write a stale copy back.
  const { scope: _scope, ...row } = toIncidentRow(incident);
  let updated: number;
  try {
    // In a savepoint: a refused reopen must not abort the caller's transaction (an alert attach).
    updated = await trx.transaction((sp) => sp('incidents').where({ id: incident.id, version: baseVersion }).update(row));
  } catch (err) {
    const holder = await openIncidentHoldingKey(trx, err, incident.id);
    if (holder === null) throw err;
    return { groupingKeyOpenIn: holder };
  }
  if (updated === 0) return 'conflict';
  await writeRoles(trx, incident, events);
  await appendEvents(trx, incident.id, events);
  await enqueueSlackTasks(trx, incident.id, tasks);
  return 'ok';
}

/** When `err` is the one-open-incident-per-grouping-key index refusing a reopen: the open incident that holds the key. */
async function openIncidentHoldingKey(trx: Knex.Transaction, err: unknown, id: number): Promise<number | null> {
  const { code, constraint } = err as { code?: unknown; constraint?: unknown };
  if (code !== '23505' || constraint !== 'incidents_open_grouping_key') return null;
  const holder = (await trx('incidents')
    .select('id')
    .whereNot('status', 'resolved')
    .whereNot('id', id)
    .whereIn('grouping_key', trx('incidents').select('grouping_key').where({ id }))
    .first()) as { id: number | string } | undefined;
  return holder === undefined ? null : Number(holder.id);
}

export async function nextIncidentId(db: Knex | Knex.Transaction): Promise<number> {
  const result = await db.raw<{ rows: { id: number }[] }>("select nextval('incident_ref_seq')::bigint as id");
  const id = result.rows[0]?.id;
  if (id === undefined) throw new Error('nextval returned no row');
  return id;
}
