import type { Knex } from 'knex';

/**
 * Notes mirrored to the provider incidents/alerts Warroom paged (issue 19). The intent is recorded
 * before the provider is called (DESIGN §4): `status` 'sending' → 'sent' (or 'failed' when the
 * provider refused it). A retry that finds 'sending' looks the note up at the provider (by the marker
 * in its text) before posting it again, since no provider keeps an idempotency key for notes.
 * A new table only: older releases do not read it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('note_mirrors', (t) => {
    t.bigIncrements('id');
    t.bigInteger('incident_id').notNullable().references('incidents.id').onDelete('CASCADE');
    t.text('provider').notNullable();
    t.text('reference').notNullable();
    t.text('note_key').notNullable();
    t.text('status').notNullable();
    t.text('error');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('sent_at', { useTz: true });
    t.unique(['provider', 'reference', 'note_key']);
    t.index(['incident_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('note_mirrors');
}
