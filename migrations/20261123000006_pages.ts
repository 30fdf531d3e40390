import type { Knex } from 'knex';

/**
 * Pages sent through PagerDuty or Opsgenie for an incident. The provider's reference (PagerDuty
 * incident id, Opsgenie alias) links the provider's own webhooks back to our incident, so a page
 * never opens a second incident, and its acknowledgement lands on the timeline.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('pages', (t) => {
    t.bigIncrements('id');
    t.bigInteger('incident_id').notNullable().references('incidents.id').onDelete('CASCADE');
    t.text('provider').notNullable();
    t.text('reference').notNullable();
    t.text('target').notNullable();
    t.text('url');
    t.timestamp('sent_at', { useTz: true }).notNullable();
    t.timestamp('acknowledged_at', { useTz: true });
    t.unique(['provider', 'reference']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('pages');
}
