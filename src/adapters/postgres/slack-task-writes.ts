import type { Knex } from 'knex';
import type { SlackTaskSpec } from '../../app/ports.js';

// Kinds that describe "bring this up to date": one pending, not yet started, is enough.
const COALESCED = new Set(['refresh_summary', 'new_alerts']);

/** Adds outbox tasks inside the caller's transaction (transactional outbox). */
export async function enqueueSlackTasks(db: Knex | Knex.Transaction, incidentId: number, tasks: readonly SlackTaskSpec[]): Promise<void> {
  for (const task of tasks) {
    const row = { incident_id: incidentId, kind: task.kind, payload: JSON.stringify(task.payload ?? {}), created_at: db.fn.now(), not_before: db.fn.now() };
    if (!COALESCED.has(task.kind)) {
      await db('slack_tasks').insert(row);
      continue;
    }
    await db.raw(
      `insert into slack_tasks (incident_id, kind, payload, created_at, not_before)
       select ?, ?, ?::jsonb, now(), now()
       where not exists (select 1 from slack_tasks where incident_id = ? and kind = ? and done_at is null and leased_until is null)`,
      [incidentId, task.kind, row.payload, incidentId, task.kind],
    );
  }
}
