import type { Knex } from 'knex';

/**
 * Status-page updates (issue 20). `statuspage_incidents`: the Atlassian Statuspage incident of one
 * of ours, saved once Statuspage answered its creation (the created incident carries a marker in its
 * metadata, so a retry after a lost answer finds it instead of creating another). `statuspage_sends`:
 * each update (a `statuspage_update` timeline event, by its key) recorded as an intent before it is
 * sent ('sending' → 'sent', or 'failed' with Statuspage's reason). New tables: expand only.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('statuspage_incidents', (t) => {
    t.bigInteger('incident_id').primary().references('incidents.id').onDelete('CASCADE');
    t.text('page_incident_id').notNullable();
    t.text('url');
    t.text('public_status').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('statuspage_sends', (t) => {
    t.bigIncrements('id').primary();
    t.bigInteger('incident_id').notNullable().references('incidents.id').onDelete('CASCADE');
    t.text('update_key').notNullable();
    t.text('status').notNullable();
    t.text('error');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('sent_at', { useTz: true });
    t.unique(['incident_id', 'update_key']);
  });
  await knex.raw("alter table statuspage_sends add constraint statuspage_sends_status check (status in ('sending', 'sent', 'failed'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('statuspage_sends');
  await knex.schema.dropTable('statuspage_incidents');
}
