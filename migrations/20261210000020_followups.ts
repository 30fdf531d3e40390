import type { Knex } from 'knex';

/**
 * Follow-ups (issue 20): an incident's action items as records, kept in step with the
 * `followup_added` / `followup_done` timeline events that create and close them. A new table: an
 * older release never reads it (expand only). `tracker`, `tracker_ref` and `tracker_url` stay null
 * until a later release exports follow-ups to GitHub Issues or Jira.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('followups', (t) => {
    t.bigIncrements('id').primary();
    t.bigInteger('incident_id').notNullable().references('incidents.id').onDelete('CASCADE');
    t.string('title', 255).notNullable();
    t.text('owner_id');
    t.text('owner_name');
    t.date('due_date');
    t.text('status').notNullable().defaultTo('open');
    t.text('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.text('done_by');
    t.timestamp('done_at', { useTz: true });
    t.text('tracker');
    t.text('tracker_ref');
    t.text('tracker_url');
    t.index(['incident_id', 'status']);
  });
  await knex.raw("alter table followups add constraint followups_status check (status in ('open', 'done'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('followups');
}
