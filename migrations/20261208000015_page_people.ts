import type { Knex } from 'knex';

/**
 * Who a page names, as the provider said: `paged_people` (who it went to) and `acknowledged_by`
 * (who acknowledged it), each person `{ providerUserId, name, email }` — the name for text read
 * outside Slack, the email to find their Slack account for a mention. Expand only: nullable, so an
 * older release's writes still succeed and its pages read back naming nobody.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('pages', (t) => {
    t.jsonb('paged_people').nullable();
    t.jsonb('acknowledged_by').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('pages', (t) => {
    t.dropColumn('acknowledged_by');
    t.dropColumn('paged_people');
  });
}
