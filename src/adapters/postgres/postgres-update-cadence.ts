import type { Knex } from 'knex';
import type { Severity } from '../../core/severity.js';
import type { UpdateCadenceStore } from '../../app/ports/room.js';
import { enqueueSlackTasks } from './slack-task-writes.js';
import { guardDatabase } from './unavailable.js';

export function createPostgresUpdateCadence(db: Knex): UpdateCadenceStore {
  return {
    openRooms: () =>
      guardDatabase(async () => {
        const result = await db.raw<{ rows: { id: number; severity: Severity; type: string | null; created_at: Date; last_update: Date | null; commander: string | null }[] }>(
          `select i.id, i.severity, i.type, i.created_at,
                  (select r.user_id from role_assignments r where r.incident_id = i.id and r.role = 'commander') as commander,
                  (select max(e.at) from timeline_events e where e.incident_id = i.id and e.kind = 'stakeholder_update') as last_update
           from incidents i
           where i.status <> 'resolved' and i.channel_id is not null and i.room_gone_at is null`,
        );
        return result.rows.map((r) => ({ incidentId: r.id, severity: r.severity, type: r.type, declaredAt: r.created_at, lastUpdateAt: r.last_update, commander: r.commander }));
      }),

    scopedIncidents: () =>
      guardDatabase(async () => {
        // A pending setup_channel task: the room is on its way (slack_tasks_pending covers the look-up).
        const result = await db.raw<{ rows: { id: number; created_at: Date }[] }>(
          `select i.id, i.created_at
           from incidents i
           where i.status <> 'resolved' and i.room_gone_at is null
             and (i.channel_id is not null
                  or exists (select 1 from slack_tasks t where t.incident_id = i.id and t.done_at is null and t.kind = 'setup_channel'))`,
        );
        return result.rows.map((r) => ({ incidentId: Number(r.id), declaredAt: r.created_at }));
      }),

    claimReminder: (incidentId, kind, periodStart, task) =>
      guardDatabase(() =>
        db.transaction(async (trx) => {
          const inserted = await trx('room_reminders')
            .insert({ incident_id: incidentId, kind, period_start: periodStart, sent_at: trx.fn.now() })
            .onConflict(['incident_id', 'kind', 'period_start'])
            .ignore()
            .returning('incident_id');
          if (inserted.length === 0) return false;
          if (task) await enqueueSlackTasks(trx, incidentId, [task]);
          return true;
        }),
      ),
  };
}
