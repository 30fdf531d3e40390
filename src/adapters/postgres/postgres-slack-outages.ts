import type { Knex } from 'knex';
import { VIA_FALLBACK_ROOM, type SlackOutage, type SlackOutages } from '../../app/ports/slack-outages.js';
import { enqueueSlackTasks } from './slack-task-writes.js';
import { guardDatabase } from './unavailable.js';

interface OutageRow {
  started_at: Date;
  ended_at: Date | null;
}

const outage = (row: OutageRow): SlackOutage => ({ startedAt: new Date(row.started_at), endedAt: row.ended_at === null ? null : new Date(row.ended_at) });

export function createPostgresSlackOutages(db: Knex): SlackOutages {
  return {
    wentDown: (since) =>
      guardDatabase(async () => {
        // The one open row (unique index): the replica that saw it first set its start.
        await db.raw('insert into slack_outages (started_at) values (?) on conflict do nothing', [since]);
      }),

    cameBack: (at) =>
      guardDatabase(() =>
        db.transaction(async (trx) => {
          // The row lock makes this the only closer: another replica's update waits, then matches nothing.
          const closed = await trx<OutageRow>('slack_outages').whereNull('ended_at').update({ ended_at: at }).returning(['started_at', 'ended_at']);
          const row = closed[0];
          if (!row) return null;
          const acted = await trx('timeline_events')
            .distinct('incident_id')
            .where('at', '>=', row.started_at)
            .andWhere('at', '<=', at)
            .whereRaw("data->>'via' = ?", [VIA_FALLBACK_ROOM])
            .orderBy('incident_id');
          const payload = { from: new Date(row.started_at).toISOString(), to: at.toISOString() };
          for (const { incident_id: incidentId } of acted as { incident_id: number }[]) await enqueueSlackTasks(trx, Number(incidentId), [{ kind: 'outage_digest', payload }]);
          return outage(row);
        }),
      ),

    around: (at) =>
      guardDatabase(async () => {
        const row = await db<OutageRow>('slack_outages')
          .where('started_at', '<=', at)
          .andWhereRaw('(ended_at is null or ended_at >= ?)', [at])
          .orderBy('started_at', 'desc')
          .first();
        return row ? outage(row) : null;
      }),
  };
}
