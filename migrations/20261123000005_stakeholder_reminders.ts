import type { Knex } from 'knex';

/**
 * One row per reminder sent: the period it covers is its identity, so replicas that notice the
 * same overdue update at the same moment send one reminder between them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('stakeholder_reminders', (t) => {
    t.bigInteger('incident_id').notNullable().references('incidents.id').onDelete('CASCADE');
    t.timestamp('period_start', { useTz: true }).notNullable();
    t.timestamp('sent_at', { useTz: true }).notNullable();
    t.primary(['incident_id', 'period_start']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('stakeholder_reminders');
}
