import type { Knex } from 'knex';

/**
 * What the tracker last said about an exported follow-up's issue (done or not), so only a move from
 * done to not done in the tracker reopens the follow-up: a Jira move between two not-done statuses
 * (To Do → In Progress) reports "not done" too, and must not reopen one marked done in Slack.
 * A column with a default: an older release neither writes nor reads it (expand only).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tracker_exports', (t) => {
    t.boolean('tracker_done').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tracker_exports', (t) => {
    t.dropColumn('tracker_done');
  });
}
