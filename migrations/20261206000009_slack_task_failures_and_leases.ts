import type { Knex } from 'knex';

/**
 * The Slack outbox counts what matters and knows who holds a task. `failures` counts the task's own
 * failures (not its claims, 429 waits or Slack-outage probes; `attempts` still counts claims, which
 * tells a task that it may have posted before). `lease_token` names the attempt holding the lease,
 * so only that attempt renews, completes or reschedules the task. Both are additions an older
 * release simply ignores (expand only).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('slack_tasks', (t) => {
    t.integer('failures').notNullable().defaultTo(0);
    t.uuid('lease_token');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('slack_tasks', (t) => {
    t.dropColumn('lease_token');
    t.dropColumn('failures');
  });
}
