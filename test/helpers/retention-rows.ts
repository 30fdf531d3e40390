/**
 * Rows of every table the retention job touches, backdated with SQL: the tests place them on
 * either side of each window instead of waiting.
 */
import type { Knex } from 'knex';

const DAY_MS = 24 * 60 * 60 * 1000;
export const daysAgo = (days: number, now = new Date()): Date => new Date(now.getTime() - days * DAY_MS);

/** An incident with one of everything: timeline event, alert, scope snapshot, reminder, a finished and a pending Slack task. */
export async function seedIncident(db: Knex, o: { createdDaysAgo: number; resolvedDaysAgo: number | null; taskDoneDaysAgo: number }): Promise<number> {
  const { rows } = await db.raw<{ rows: { id: string }[] }>('select nextval(\'incident_ref_seq\') as id');
  const id = Number(rows[0]?.id);
  const created = daysAgo(o.createdDaysAgo);
  const resolved = o.resolvedDaysAgo === null ? null : daysAgo(o.resolvedDaysAgo);
  await db('incidents').insert({
    id, title: `incident ${id}`, status: resolved ? 'resolved' : 'investigating', severity: 'SEV3', declared_by: 'U1',
    grouping_key: `key-${id}`, created_at: created, updated_at: resolved ?? created, resolved_at: resolved, version: 1,
  });
  await db('timeline_events').insert({ incident_id: id, at: created, kind: 'declared', actor: 'U1', text: 'declared' });
  await db('alerts').insert({
    incident_id: id, provider: 'alertmanager', grouping_key: `key-${id}`, fingerprint: `fp-${id}`, status: 'firing', title: 't',
    signal: '{}', first_seen_at: created, last_seen_at: created,
  });
  await db('scope_snapshots').insert({ incident_id: id, at: created, source: 'prometheus', classification: 'global', data: '{}' });
  await db('room_reminders').insert({ incident_id: id, kind: 'scope', period_start: created, sent_at: created });
  await db('slack_tasks').insert([
    { incident_id: id, kind: 'refresh_summary', created_at: created, not_before: created, done_at: daysAgo(o.taskDoneDaysAgo), outcome: 'done', payload: JSON.stringify({ png: 'iVBORw0KGgo=' }) },
    { incident_id: id, kind: 'archive_channel', created_at: created, not_before: created },
  ]);
  return id;
}

/** `count` deliveries, processed `processedDaysAgo` days ago (null = not attached yet), in one statement. */
export async function seedDeliveries(db: Knex, prefix: string, count: number, processedDaysAgo: number | null): Promise<void> {
  const processed = processedDaysAgo === null ? null : daysAgo(processedDaysAgo);
  await db.raw(
    `insert into deliveries (provider, delivery_id, received_at, event_type, raw, signals, signal_count, processed_at)
     select 'alertmanager', ? || g, coalesce(?::timestamptz, now()), 'firing', convert_to(repeat('x', 2000), 'UTF8'), '[]', 0, ?::timestamptz
     from generate_series(1, ?) g`,
    [prefix, processed, processed, count],
  );
}

/** Rows per table (for "what stayed" assertions). */
export async function rowCounts<T extends string>(db: Knex, tables: readonly T[], where: (table: T) => string = () => 'true'): Promise<Record<T, number>> {
  const out = {} as Record<T, number>;
  for (const table of tables) {
    const r = await db.raw<{ rows: { n: string }[] }>(`select count(*) as n from ${table} where ${where(table)}`);
    out[table] = Number(r.rows[0]?.n);
  }
  return out;
}
