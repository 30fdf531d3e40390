import type { Knex } from 'knex';
import type { ChatOperation } from '../../app/ports/chat.js';
import type { RoomState, SlackOutbox, TaskLease } from '../../app/ports/room.js';
import { setupFromJson, taskFromRow, type DbTaskRow } from './slack-task-rows.js';
import { enqueueSlackTasks } from './slack-task-writes.js';
import { guardDatabase } from './unavailable.js';

/** Released by the attempt that holds it: another claim may take the task from now on. */
const RELEASED = { leased_until: null, lease_token: null };

/** The Slack outbox on PostgreSQL, shared by every replica. */
export function createPostgresSlackOutbox(db: Knex): SlackOutbox {
  /** Applies an attempt's write only while that attempt holds the lease (a later claim changes the token). */
  async function whileHeld(lease: TaskLease, change: Record<string, unknown>): Promise<boolean> {
    const updated = await db('slack_tasks').where({ id: lease.id, lease_token: lease.leaseToken }).whereNull('done_at').update(change);
    return updated > 0;
  }

  return {
    enqueue: (incidentId, tasks) => guardDatabase(() => enqueueSlackTasks(db, incidentId, tasks)),

    enqueueWithoutIncident: (tasks) => guardDatabase(() => enqueueSlackTasks(db, null, tasks)),

    claimNext: (leaseSeconds) =>
      guardDatabase(async () => {
        // The head of each incident's queue, SEV1 first, then oldest; a lease (not a held
        // transaction) marks it taken, so a replica that dies mid-call frees it when it expires.
        // Tasks of no incident (null incident_id: left join, severity null sorts last) come after.
        const result = await db.raw<{ rows: DbTaskRow[] }>(
          `with next as (
             select t.id from slack_tasks t left join incidents i on i.id = t.incident_id
             where t.done_at is null and t.not_before <= now() and (t.leased_until is null or t.leased_until < now())
               and not exists (select 1 from slack_tasks e where e.incident_id = t.incident_id and e.done_at is null and e.id < t.id)
             order by i.severity, t.id
             limit 1
             for update of t skip locked
           )
           update slack_tasks s set leased_until = now() + make_interval(secs => ?), lease_token = gen_random_uuid(), attempts = s.attempts + 1
           from next where s.id = next.id
           returning s.id, coalesce(s.incident_id, 0) as incident_id, s.kind, s.payload, s.attempts, s.failures, s.lease_token,
             coalesce((select i.status <> 'resolved' from incidents i where i.id = s.incident_id), false) as incident_open`,
          [leaseSeconds],
        );
        const row = result.rows[0];
        // Checked here, once: the worker gets a typed task, or an unusable one it settles.
        return row ? taskFromRow(row) : null;
      }),

    renewLease: (lease, leaseSeconds) =>
      guardDatabase(() => whileHeld(lease, { leased_until: db.raw('now() + make_interval(secs => ?)', [leaseSeconds]) })),

    complete: (lease, outcome) => guardDatabase(() => whileHeld(lease, { ...RELEASED, done_at: db.fn.now(), outcome })),

    retryLater: (lease, notBefore, error) => guardDatabase(() => whileHeld(lease, { ...RELEASED, not_before: notBefore, last_error: error.slice(0, 1000) })),

    failed: (lease, notBefore, error) =>
      guardDatabase(() => whileHeld(lease, { ...RELEASED, not_before: notBefore, last_error: error.slice(0, 1000), failures: db.raw('failures + 1') })),

    countFailing: (kinds, minFailures) =>
      guardDatabase(async () => {
        const row = (await db('slack_tasks').whereNull('done_at').whereIn('kind', kinds).where('failures', '>=', minFailures).count({ n: '*' }).first()) as { n: string | number } | undefined;
        return Number(row?.n ?? 0);
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
        const incident = (await db('incidents').select('slack_setup').where({ id: incidentId }).first()) as { slack_setup: unknown } | undefined;
        const rows = (await db('slack_messages').where({ incident_id: incidentId })) as { purpose: string; channel_id: string; ts: string; pinned: boolean; posted_at: Date }[];
        return {
          setup: setupFromJson(incident?.slack_setup),
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

    resetRoom: (incidentId, channelId) =>
      guardDatabase(() =>
        db.transaction(async (trx) => {
          await trx('slack_messages').where({ incident_id: incidentId, channel_id: channelId }).delete();
          // The steps that were not about the channel are kept (RoomSetupState: commanderChecked, skipped).
          await trx('incidents')
            .where({ id: incidentId })
            .update({ slack_setup: trx.raw("jsonb_strip_nulls(jsonb_build_object('commanderChecked', slack_setup->'commanderChecked', 'skipped', slack_setup->'skipped'))") });
        }),
      ),

    taskCreatedAt: (taskId) =>
      guardDatabase(async () => {
        const row = (await db('slack_tasks').select('created_at').where({ id: taskId }).first()) as { created_at: Date } | undefined;
        return row?.created_at ?? null;
      }),
  };
}
