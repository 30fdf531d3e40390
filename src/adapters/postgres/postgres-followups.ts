/** The `followups` table: kept in step with the follow-up events of every incident write (same transaction). */
import type { Knex } from 'knex';
import { followUpIdOfDone, followUpOfEvent, trackerIssueOfExported, type FollowUp, type FollowUpStatus } from '../../core/followup.js';
import type { TimelineEvent } from '../../core/timeline.js';
import { FollowUpNotOpenError } from '../../app/ports/incidents.js';

interface DbFollowUpRow {
  id: number | string;
  incident_id: number | string;
  title: string;
  owner_id: string | null;
  owner_name: string | null;
  /** Read as text (`YYYY-MM-DD`): a `date` read as a JS Date would shift with the process's time zone. */
  due_date: string | null;
  status: FollowUpStatus;
  created_by: string;
  created_at: Date;
  done_by: string | null;
  done_at: Date | null;
  tracker: string | null;
  tracker_ref: string | null;
  tracker_url: string | null;
}

const COLUMNS = ['id', 'incident_id', 'title', 'owner_id', 'owner_name', 'status', 'created_by', 'created_at', 'done_by', 'done_at', 'tracker', 'tracker_ref', 'tracker_url'];

export function fromRow(row: DbFollowUpRow): FollowUp {
  return {
    id: Number(row.id),
    incidentId: Number(row.incident_id),
    title: row.title,
    owner: row.owner_id,
    ownerName: row.owner_name,
    dueDate: row.due_date,
    status: row.status,
    createdBy: row.created_by,
    createdAt: row.created_at,
    doneBy: row.done_by,
    doneAt: row.done_at,
    tracker: row.tracker,
    trackerRef: row.tracker_ref,
    trackerUrl: row.tracker_url,
  };
}

export const selectFollowUps = (db: Knex | Knex.Transaction) => db<DbFollowUpRow>('followups').select(...COLUMNS, db.raw('due_date::text as due_date'));

/** Creates and closes the follow-ups that `events` record; a `followup_done` for one that is not open refuses the whole write. */
export async function writeFollowUps(trx: Knex.Transaction, incidentId: number, events: readonly TimelineEvent[]): Promise<void> {
  for (const e of events) {
    if (e.kind === 'followup_added') {
      const f = followUpOfEvent(incidentId, e);
      const inserted: unknown[] = await trx('followups').insert({
        incident_id: incidentId,
        title: f.title,
        owner_id: f.owner,
        owner_name: f.ownerName,
        due_date: f.dueDate,
        status: f.status,
        created_by: f.createdBy,
        created_at: f.createdAt,
      }).returning('id');
      // The outbox of its export (tracker_exports): exported once a tracker is configured.
      await trx('tracker_exports').insert({ followup_id: (inserted[0] as { id: number | string }).id, incident_id: incidentId, status: 'pending', next_attempt_at: f.createdAt, created_at: f.createdAt });
    } else if (e.kind === 'followup_exported') {
      await saveExport(trx, incidentId, e);
    } else if (e.kind === 'followup_reopened') {
      const id = followUpIdOfDone(e);
      await trx('followups').where({ id: id ?? 0, incident_id: incidentId, status: 'done' }).update({ status: 'open', done_by: null, done_at: null });
    } else if (e.kind === 'followup_done') {
      const id = followUpIdOfDone(e);
      const closed = id === null ? 0 : await trx('followups').where({ id, incident_id: incidentId, status: 'open' }).update({ status: 'done', done_by: e.actor, done_at: e.at });
      if (closed === 0) throw new FollowUpNotOpenError(id ?? 0);
    }
  }
}

/** The issue a `followup_exported` event names, saved on the follow-up; its export is done. */
async function saveExport(trx: Knex.Transaction, incidentId: number, e: TimelineEvent): Promise<void> {
  const id = followUpIdOfDone(e);
  const issue = trackerIssueOfExported(e);
  if (id === null || issue === null) return;
  await trx('followups').where({ id, incident_id: incidentId }).update({ tracker: issue.tracker, tracker_ref: issue.ref, tracker_url: issue.url });
  await trx('tracker_exports').where({ followup_id: id }).update({ status: 'exported', lease_until: null, error: null });
}

export async function followUpsOf(db: Knex, ids: readonly number[]): Promise<Map<number, FollowUp[]>> {
  const byIncident = new Map<number, FollowUp[]>();
  if (ids.length === 0) return byIncident;
  const rows = (await selectFollowUps(db).whereIn('incident_id', [...ids]).orderBy('id')) as DbFollowUpRow[];
  for (const row of rows) {
    const f = fromRow(row);
    byIncident.set(f.incidentId, [...(byIncident.get(f.incidentId) ?? []), f]);
  }
  return byIncident;
}

export async function findFollowUp(db: Knex, id: number): Promise<FollowUp | null> {
  if (!Number.isSafeInteger(id) || id < 1) return null;
  const row = (await selectFollowUps(db).where({ id }).first()) as DbFollowUpRow | undefined;
  return row ? fromRow(row) : null;
}
