import type { Knex } from 'knex';

/**
 * Private incidents (issue 21): only the members of the incident's private channel see it in
 * Slack, and /api shows it only to WARROOM_API_PRIVATE_TOKEN. A column with a default: an older
 * release neither writes nor reads it, and every incident it declares stays public (expand only).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('incidents', (t) => {
    t.boolean('private').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('incidents', (t) => {
    t.dropColumn('private');
  });
}
