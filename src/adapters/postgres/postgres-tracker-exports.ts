/** The `tracker_exports` table (issue 20): follow-ups' exports, claimed under a lease (skip locked) so one replica at a time exports each. */
import type { Knex } from 'knex';
import type { FollowUp } from '../../core/followup.js';
import type { TrackerExportStore } from '../../app/ports/tracker-exports.js';
import { fromRow, selectFollowUps } from './postgres-followups.js';
import { guardDatabase } from './unavailable.js';
import { whileAdvisoryLocked } from './while-advisory-locked.js';

/** The periodic tracker check runs on one replica at a time ("wacf"). */
const TRACKER_CHECK_LOCK = 0x7761_6366;

interface ClaimedRow {
  followup_id: number | string;
  attempts: number;
  first_attempt_at: Date;
}

const followUpsWhere = async (db: Knex, where: (q: Knex.QueryBuilder) => Knex.QueryBuilder): Promise<FollowUp[]> =>
  ((await where(selectFollowUps(db) as unknown as Knex.QueryBuilder)) as Parameters<typeof fromRow>[0][]).map(fromRow);

export function createPostgresTrackerExports(db: Knex): TrackerExportStore {
  return {
    claimDue: (tracker, now, leaseMs, limit) =>
      guardDatabase(async () => {
        // Skip locked: replicas claiming at once each take other rows, none waits.
        const result = await db.raw<{ rows: ClaimedRow[] }>(
          `update tracker_exports set lease_until = ?, attempts = attempts + 1, tracker = ?, first_attempt_at = coalesce(first_attempt_at, ?)
           where followup_id in (
             select followup_id from tracker_exports
             where status = 'pending' and next_attempt_at <= ? and (lease_until is null or lease_until <= ?)
             order by next_attempt_at limit ? for update skip locked)
           returning followup_id, attempts, first_attempt_at`,
          [new Date(now.getTime() + leaseMs), tracker, now, now, now, limit],
        );
        const claimed = result.rows;
        if (claimed.length === 0) return [];
        const followUps = await followUpsWhere(db, (q) => q.whereIn('id', claimed.map((c) => c.followup_id)));
        return claimed.flatMap((c) => {
          const followUp = followUps.find((f) => f.id === Number(c.followup_id));
          return followUp ? [{ followUp, attemptsBefore: c.attempts - 1, firstAttemptAt: c.first_attempt_at }] : [];
        });
      }),
    addMissing: (now) =>
      guardDatabase(async () => {
        // On conflict do nothing: the row written with the follow-up, or by another replica's sweep, wins.
        const result = await db.raw<{ rowCount: number | null }>(
          `insert into tracker_exports (followup_id, incident_id, status, next_attempt_at, created_at)
           select f.id, f.incident_id, 'pending', ?, f.created_at from followups f
           where f.status = 'open' and f.tracker_ref is null and not exists (select 1 from tracker_exports e where e.followup_id = f.id)
           on conflict (followup_id) do nothing`,
          [now],
        );
        return result.rowCount ?? 0;
      }),
    retryAt: (followUpId, at, error) =>
      guardDatabase(async () => {
        await db('tracker_exports').where({ followup_id: followUpId, status: 'pending' }).update({ next_attempt_at: at, lease_until: null, error: error.slice(0, 1000) });
      }),
    markFailed: (followUpId, error) =>
      guardDatabase(async () => {
        await db('tracker_exports').where({ followup_id: followUpId, status: 'pending' }).update({ status: 'failed', lease_until: null, error: error.slice(0, 1000) });
      }),
    whileLocked: (work) => whileAdvisoryLocked(db, TRACKER_CHECK_LOCK, work),
    openExported: (tracker, limit) => guardDatabase(() => followUpsWhere(db, (q) => q.where({ tracker, status: 'open' }).whereNotNull('tracker_ref').orderBy('id').limit(limit))),
    findByRef: (tracker, ref) => guardDatabase(async () => (await followUpsWhere(db, (q) => q.where({ tracker, tracker_ref: ref }).limit(1)))[0] ?? null),
    trackerDone: (followUpId) =>
      guardDatabase(async () => ((await db('tracker_exports').where({ followup_id: followUpId }).first<{ tracker_done: boolean } | undefined>('tracker_done'))?.tracker_done ?? false)),
    saveTrackerDone: (followUpId, done) =>
      guardDatabase(async () => {
        await db('tracker_exports').where({ followup_id: followUpId }).whereNot({ tracker_done: done }).update({ tracker_done: done });
      }),
  };
}
