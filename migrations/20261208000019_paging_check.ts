import type { Knex } from 'knex';

/**
 * The paging canary (issue 19). `paging_checks` keeps each provider's test page: how it ended and
 * how long the acknowledgement took, read by the schedule (is a round due?) and by drills (time to
 * page acknowledged). `slack_tasks.incident_id` becomes nullable for Slack tasks of no incident (a
 * failed check's message in the ops channel). Expand only: an older release never writes null and
 * its claim joins incidents, so it never sees those rows; the table is new.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('paging_checks', (t) => {
    t.bigIncrements('id');
    t.text('provider').notNullable();
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.text('outcome').notNullable();
    t.double('seconds').notNullable();
    t.text('reference');
    t.text('error');
  });
  await knex.raw('create index paging_checks_started on paging_checks (started_at)');
  await knex.raw('alter table slack_tasks alter column incident_id drop not null');
}

export async function down(knex: Knex): Promise<void> {
  await knex('slack_tasks').whereNull('incident_id').delete();
  await knex.raw('alter table slack_tasks alter column incident_id set not null');
  await knex.schema.dropTable('paging_checks');
}
