import type { Knex } from 'knex';

/**
 * The names of the people a timeline event names (Slack user id → name), looked up when it was
 * recorded. Expand only: nullable, so an older release's inserts (which do not name it) still
 * succeed, and events recorded without names read back with none.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('timeline_events', (t) => {
    t.jsonb('names').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('timeline_events', (t) => {
    t.dropColumn('names');
  });
}
