import type { Knex } from 'knex';

/**
 * The Slack outbox. Every Slack Web API call is a task written in the same transaction as the
 * change that causes it, run in order per incident by whichever replica leases it first; the
 * messages Warroom owns (summary, announcements) are remembered so a retry never posts twice; and
 * a Retry-After from Slack is shared by every replica.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('slack_tasks', (t) => {
    t.bigIncrements('id');
    t.bigInteger('incident_id').notNullable().references('incidents.id').onDelete('CASCADE');
    t.text('kind').notNullable();
    t.jsonb('payload').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('not_before', { useTz: true }).notNullable();
    t.timestamp('leased_until', { useTz: true });
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.timestamp('done_at', { useTz: true });
    t.text('outcome');
  });
  await knex.raw('create index slack_tasks_pending on slack_tasks (incident_id, id) where done_at is null');

  await knex.schema.createTable('slack_messages', (t) => {
    t.bigInteger('incident_id').notNullable().references('incidents.id').onDelete('CASCADE');
    t.text('purpose').notNullable(); // 'summary', 'announce:<channel>', 'new_alerts'
    t.text('channel_id').notNullable();
    t.text('ts').notNullable();
    t.boolean('pinned').notNullable().defaultTo(false);
    t.timestamp('posted_at', { useTz: true }).notNullable();
    t.primary(['incident_id', 'purpose']);
  });

  await knex.schema.createTable('slack_rate_limits', (t) => {
    t.text('method').primary();
    t.timestamp('until', { useTz: true }).notNullable();
  });

  // Channel set-up progress, so a retried set-up resumes instead of repeating itself.
  await knex.schema.alterTable('incidents', (t) => {
    t.jsonb('slack_setup').notNullable().defaultTo('{}');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('incidents', (t) => {
    t.dropColumn('slack_setup');
  });
  await knex.schema.dropTable('slack_rate_limits');
  await knex.schema.dropTable('slack_messages');
  await knex.schema.dropTable('slack_tasks');
}
