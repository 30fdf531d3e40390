import type { Knex } from 'knex';

/**
 * One row per reminder sent (stakeholder update overdue, no commander yet): the period it covers
 * is its identity, so replicas that notice the same thing at the same moment send one reminder.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('room_reminders', (t) => {
    t.bigInteger('incident_id').notNullable().references('incidents.id').onDelete('CASCADE');
    t.text('kind').notNullable();
    t.timestamp('period_start', { useTz: true }).notNullable();
    t.timestamp('sent_at', { useTz: true }).notNullable();
    t.primary(['incident_id', 'kind', 'period_start']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('room_reminders');
}
