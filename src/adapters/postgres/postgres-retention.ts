import type { Knex } from 'knex';
import type { RetentionCutoffs, RetentionStore, RetentionTable } from '../../app/ports/retention.js';
import { whileAdvisoryLocked } from './while-advisory-locked.js';
import { guardDatabase } from './unavailable.js';

/** pg advisory lock key of the retention job ('warroom retention', any constant shared by every replica). */
const RETENTION_LOCK = 0x7761_7272;

/**
 * The rows each table lets go: `select` lists their keys, `where` picks them, oldest first. Rows of
 * open incidents never match (their status is not 'resolved'; a reopened incident leaves the set).
 * Locked rows are skipped, not waited for: whoever holds them is using them.
 */
interface Expiry {
  keys: string;
  from: string;
  where: string;
  /** Oldest first, through the retention indexes. */
  order: string;
  /** The lock of the batch query: the rows deleted, and the incident they hang on (so it cannot reopen meanwhile). */
  lock: string;
  cutoff: (c: RetentionCutoffs) => Date | null;
}

const CLOSED_INCIDENT = "i.status = 'resolved' and i.resolved_at < ?";
const EXPIRY: Record<RetentionTable, Expiry> = {
  // The row goes, not only its body: (provider, delivery_id) dedupes redeliveries for the whole window.
  deliveries: { keys: 'provider, delivery_id', from: 'deliveries d', where: 'd.processed_at < ?', order: 'd.processed_at', lock: 'for update of d skip locked', cutoff: (c) => c.deliveries },
  // Finished tasks of resolved incidents only: an open incident keeps everything of its own.
  slack_tasks: { keys: 'id', from: 'slack_tasks t join incidents i on i.id = t.incident_id', where: "t.done_at < ? and i.status = 'resolved'", order: 't.done_at', lock: 'for update of t skip locked for share of i skip locked', cutoff: (c) => c.slackTasks },
  scope_snapshots: { keys: 'id', from: 'scope_snapshots s join incidents i on i.id = s.incident_id', where: CLOSED_INCIDENT, order: 'i.resolved_at', lock: 'for update of s skip locked for share of i skip locked', cutoff: (c) => c.incidentDetails },
  room_reminders: { keys: 'incident_id, kind, period_start', from: 'room_reminders r join incidents i on i.id = r.incident_id', where: CLOSED_INCIDENT, order: 'i.resolved_at', lock: 'for update of r skip locked for share of i skip locked', cutoff: (c) => c.incidentDetails },
  // Everything of the incident goes with it (every child table references it on delete cascade).
  incidents: { keys: 'id', from: 'incidents i', where: CLOSED_INCIDENT, order: 'i.resolved_at', lock: 'for update of i skip locked', cutoff: (c) => c.incidents },
};

/** An incident carries its whole timeline, alerts and tasks: fewer of them per statement. */
const INCIDENTS_PER_BATCH = 50;

function qualified(keys: string, alias: string): string {
  return keys
    .split(',')
    .map((k) => `${alias}.${k.trim()}`)
    .join(', ');
}

export function createPostgresRetention(db: Knex): RetentionStore {
  return {
    whileLocked: (work) => whileAdvisoryLocked(db, RETENTION_LOCK, work),

    countExpired: (table, cutoffs) =>
      guardDatabase(async () => {
        const { from, where, cutoff } = EXPIRY[table];
        const at = cutoff(cutoffs);
        if (at === null) return 0;
        const result = await db.raw<{ rows: { n: string }[] }>(`select count(*) as n from ${from} where ${where}`, [at]);
        return Number(result.rows[0]?.n ?? 0);
      }),

    deleteExpired: (table, cutoffs, limit) =>
      guardDatabase(async () => {
        const { keys, from, where, order, lock, cutoff } = EXPIRY[table];
        const at = cutoff(cutoffs);
        if (at === null) return 0;
        const alias = from.split(' ')[1] ?? table;
        const batch = table === 'incidents' ? Math.min(limit, INCIDENTS_PER_BATCH) : limit;
        const result = await db.raw<{ rowCount: number }>(
          `delete from ${table} where (${keys}) in (select ${qualified(keys, alias)} from ${from} where ${where} order by ${order} limit ? ${lock})`,
          [at, batch],
        );
        return result.rowCount;
      }),
  };
}
