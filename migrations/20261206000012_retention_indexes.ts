import type { Knex } from 'knex';

/**
 * The retention job deletes by age in batches: each batch finds its oldest rows through these
 * partial indexes instead of scanning tables that hold every delivery and task ever seen. Expand
 * only: an older release ignores them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create index deliveries_processed on deliveries (processed_at) where processed_at is not null');
  await knex.raw('create index slack_tasks_done on slack_tasks (done_at) where done_at is not null');
  await knex.raw("create index incidents_resolved on incidents (resolved_at) where status = 'resolved'");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index incidents_resolved');
  await knex.raw('drop index slack_tasks_done');
  await knex.raw('drop index deliveries_processed');
}
