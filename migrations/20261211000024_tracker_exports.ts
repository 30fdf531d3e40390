import type { Knex } from 'knex';

/**
 * Follow-ups exported to an issue tracker (issue 20): one row per follow-up, written in the
 * transaction that creates it (the outbox of its export). A replica claims a due row with a lease
 * (skip locked), so several never export one follow-up at once; `attempts` tells a retry to look
 * for the issue by its marker before creating it; `first_attempt_at` is part of that marker. A new
 * table: an older release never reads it (expand only).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tracker_exports', (t) => {
    t.bigInteger('followup_id').primary().references('followups.id').onDelete('CASCADE');
    t.bigInteger('incident_id').notNullable();
    t.text('status').notNullable().defaultTo('pending');
    t.text('tracker');
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('first_attempt_at', { useTz: true });
    t.timestamp('next_attempt_at', { useTz: true }).notNullable();
    t.timestamp('lease_until', { useTz: true });
    t.text('error');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['status', 'next_attempt_at']);
  });
  await knex.raw("alter table tracker_exports add constraint tracker_exports_status check (status in ('pending', 'exported', 'failed'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('tracker_exports');
}
