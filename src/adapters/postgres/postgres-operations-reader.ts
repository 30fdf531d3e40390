import type { Knex } from 'knex';
import { SEVERITIES, type Severity } from '../../core/severity.js';
import type { OperationsReader } from '../../app/ports/telemetry.js';
import { guardDatabase } from './unavailable.js';

interface Row {
  open_by_severity: Record<string, number> | null;
  slack_pending: string | number;
  oldest_slack_seconds: string | number | null;
  awaiting_attach: string | number;
}

/**
 * Warroom's backlog in one round trip, each part on a partial index (pending Slack tasks,
 * unprocessed deliveries) or the small set of open incidents: cheap enough for every scrape.
 */
export function createPostgresOperationsReader(db: Knex): OperationsReader {
  return {
    read: () =>
      guardDatabase(async () => {
        const result = await db.raw<{ rows: Row[] }>(
          `select
             (select jsonb_object_agg(severity, n) from (select severity, count(*) as n from incidents where status <> 'resolved' and not drill group by severity) s) as open_by_severity,
             (select count(*) from slack_tasks where done_at is null) as slack_pending,
             (select extract(epoch from now() - min(created_at)) from slack_tasks where done_at is null) as oldest_slack_seconds,
             (select count(*) from deliveries where processed_at is null) as awaiting_attach`,
        );
        const row = result.rows[0];
        const open = row?.open_by_severity ?? {};
        return {
          openIncidents: Object.fromEntries(SEVERITIES.map((s) => [s, Number(open[s] ?? 0)])) as Record<Severity, number>,
          slackTasksPending: Number(row?.slack_pending ?? 0),
          oldestSlackTaskSeconds: Math.max(0, Number(row?.oldest_slack_seconds ?? 0)),
          deliveriesAwaitingAttach: Number(row?.awaiting_attach ?? 0),
        };
      }),
  };
}
