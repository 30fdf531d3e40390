import type { Knex } from 'knex';

/**
 * The deliveries table is the attach queue: workers take the oldest unprocessed rows. A delivery
 * whose attach fails for a reason other than the database (a bug, bad data) waits `attach_after`
 * (growing backoff) so it never blocks the rows behind it, and keeps its last error for operators.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('deliveries', (t) => {
    t.integer('attach_attempts').notNullable().defaultTo(0);
    t.timestamp('attach_after', { useTz: true });
    t.text('attach_error');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('deliveries', (t) => {
    t.dropColumn('attach_error');
    t.dropColumn('attach_after');
    t.dropColumn('attach_attempts');
  });
}
