import type { Knex } from 'knex';

/**
 * The call link an incident was given with `/incident bridge <url>` (issue 21). Null: the link
 * comes from `bridge.url` in warroom.yml, if any. A nullable column: an older release ignores it
 * (expand only).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('incidents', (t) => {
    t.text('bridge_url');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('incidents', (t) => {
    t.dropColumn('bridge_url');
  });
}
