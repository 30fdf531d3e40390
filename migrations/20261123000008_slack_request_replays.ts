import type { Knex } from 'knex';

/**
 * Signed Slack requests seen within their signature window. Slash commands and interactions carry
 * no delivery id, so a captured request replayed inside Slack's 5 minutes would run twice; the
 * primary key makes the first replica to see a signature the only one to act on it. Rows are
 * pruned once they expire (the window has passed, so a replay is refused as stale anyway).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('slack_request_replays', (t) => {
    t.text('request_key').primary();
    t.timestamp('expires_at', { useTz: true }).notNullable().index();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('slack_request_replays');
}
