import type { Knex } from 'knex';

/**
 * Slack outages as the room workers saw them (issue 23): a row opens when a Slack call meets a
 * connection failure or 5xx and closes when a call succeeds again. At most one is open (a unique
 * index on the open row), so every replica records the same outage and exactly one closes it: the
 * one that queues the "While Slack was unreachable" digests. New table: expand only.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('slack_outages', (t) => {
    t.bigIncrements('id').primary();
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('ended_at', { useTz: true });
  });
  await knex.raw('create unique index slack_outages_one_open on slack_outages ((ended_at is null)) where ended_at is null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('slack_outages');
}
