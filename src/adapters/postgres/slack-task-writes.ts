import type { Knex } from 'knex';
import type { SlackTaskSpec } from '../../app/ports/room.js';

// Kinds that describe "bring this up to date": one pending, not yet started, is enough.
const COALESCED = new Set(['refresh_summary', 'new_alerts', 'refresh_announcements']);

/** Adds outbox tasks inside the caller's transaction (transactional outbox). */
export async function enqueueSlackTasks(db: Knex | Knex.Transaction, incidentId: number | null, tasks: readonly SlackTaskSpec[]): Promise<void> {
  for (const task of tasks) {
    const row = { incident_id: incidentId, kind: task.kind, payload: JSON.stringify(task.payload ?? {}), created_at: db.fn.now(), not_before: db.fn.now() };
    if (incidentId !== null && COALESCED.has(task.kind) && (await lockPendingTask(db, incidentId, task.kind))) continue;
    await db('slack_tasks').insert(row);
  }
}

/**
 * Reuses a pending, not yet claimed task of this kind by locking it until the caller's change
 * commits. Only then may the change skip its own task: the claim takes rows `for update skip
 * locked`, so the locked task cannot start (and render the state before the change) until the
 * change is visible. Both orders are safe: a task claimed first is leased (or locked by the claim
 * right now, and skipped here), so the change enqueues a fresh task that runs after it.
 * Locking a row (rather than versioning what was rendered) needs no new column, and `skip locked`
 * here never waits: two changes of one incident that each hold the incident row and want the
 * other's pending task would otherwise deadlock; the second simply adds a task of its own.
 */
async function lockPendingTask(db: Knex | Knex.Transaction, incidentId: number, kind: string): Promise<boolean> {
  const pending = await db.raw<{ rows: { id: number }[] }>(
    `select id from slack_tasks
     where incident_id = ? and kind = ? and done_at is null and leased_until is null
     order by id limit 1
     for update skip locked`,
    [incidentId, kind],
  );
  return pending.rows.length > 0;
}
