import type { Knex } from 'knex';
import type { ChatOperation, RoomState, SlackOutbox, SlackTask, SlackTaskKind } from '../../app/ports.js';
import { enqueueSlackTasks } from './slack-task-writes.js';
import { guardDatabase } from './unavailable.js';

interface DbTaskRow {
  id: number;
  incident_id: number;
  kind: SlackTaskKind;
  payload: Record<string, unknown>;
  attempts: number;
}

/** The Slack outbox on PostgreSQL, shared by every replica. */
export function createPostgresSlackOutbox(db: Knex): SlackOutbox {
  return {
    enqueue: (incidentId, tasks) => guardDatabase(() => enqueueSlackTasks(db, incidentId, tasks)),

    claimNext: (leaseSeconds) =>
      guardDatabase(async () => {
        // The head of each incident's queue, SEV1 first, then oldest; a lease (not a held
        // transaction) marks it taken, so a replica that dies mid-call frees it when it expires.
        const result = await db.raw<{ rows: DbTaskRow[] }>(
          `with next as (
             select t.id from slack_tasks t join incidents i on i.id = t.incident_id
             where t.done_at is null and t.not_before <= now() and (t.leased_until is null or t.leased_until < now())
               and not exists (select 1 from slack_tasks e where e.incident_id = t.incident_id and e.done_at is null and e.id < t.id)
             order by i.severity, t.id
             limit 1
             for update of t skip locked
           )
           update slack_tasks s set leased_until = now() + make_interval(secs => ?), attempts = s.attempts + 1
           from next where s.id = next.id
           returning s.id, s.incident_id, s.kind, s.payload, s.attempts`,
          [leaseSeconds],
        );
        const row = result.rows[0];
        if (!row) return null;
        const task: SlackTask = { id: row.id, incidentId: row.incident_id, kind: row.kind, payload: row.payload, attempts: row.attempts };
        return task;
      }),

    complete: (taskId, outcome) =>
      guardDatabase(async () => {
        await db('slack_tasks').where({ id: taskId }).update({ done_at: db.fn.now(), leased_until: null, outcome });
      }),

    retryLater: (taskId, notBefore, error) =>
      guardDatabase(async () => {
        await db('slack_tasks').where({ id: taskId }).update({ not_before: notBefore, leased_until: null, last_error: error.slice(0, 1000) });
      }),

    rateLimitedUntil: (operation: ChatOperation) =>
      guardDatabase(async () => {
        const row = (await db('slack_rate_limits').where({ method: operation }).where('until', '>', db.fn.now()).first()) as { until: Date } | undefined;
        return row?.until ?? null;
      }),

    setRateLimit: (operation, until) =>
      guardDatabase(async () => {
        await db('slack_rate_limits')
          .insert({ method: operation, until })
          .onConflict('method')
          .merge({ until: db.raw('greatest(slack_rate_limits.until, excluded.until)') });
      }),

    roomState: (incidentId) =>
      guardDatabase(async (): Promise<RoomState> => {
        const incident = (await db('incidents').select('slack_setup').where({ id: incidentId }).first()) as { slack_setup: Record<string, unknown> } | undefined;
        const rows = (await db('slack_messages').where({ incident_id: incidentId })) as { purpose: string; channel_id: string; ts: string; pinned: boolean; posted_at: Date }[];
        return {
          setup: incident?.slack_setup ?? {},
          messages: new Map(rows.map((r) => [r.purpose, { channelId: r.channel_id, ts: r.ts, pinned: r.pinned, postedAt: r.posted_at }])),
        };
      }),

    saveSetup: (incidentId, setup) =>
      guardDatabase(async () => {
        await db('incidents').where({ id: incidentId }).update({ slack_setup: JSON.stringify(setup) });
      }),

    saveMessage: (incidentId, purpose, channelId, ts, postedAt) =>
      guardDatabase(async () => {
        await db('slack_messages')
          .insert({ incident_id: incidentId, purpose, channel_id: channelId, ts, posted_at: postedAt })
          .onConflict(['incident_id', 'purpose'])
          .merge(['channel_id', 'ts', 'posted_at']);
      }),

    markPinned: (incidentId, purpose) =>
      guardDatabase(async () => {
        await db('slack_messages').where({ incident_id: incidentId, purpose }).update({ pinned: true });
      }),

    taskCreatedAt: (taskId) =>
      guardDatabase(async () => {
        const row = (await db('slack_tasks').select('created_at').where({ id: taskId }).first()) as { created_at: Date } | undefined;
        return row?.created_at ?? null;
      }),
  };
}
