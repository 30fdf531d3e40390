import type { Knex } from 'knex';

/**
 * An incident whose Slack channel was archived or deleted (or vanished with a sandbox restart) is
 * marked once: `room_gone_at` says since when, `room_gone_reason` whether Slack said archived or
 * deleted. While it is set, room tasks for the incident complete without calling Slack and no
 * reminders are sent; opening a new room clears it. Nullable columns: an older release ignores them
 * (expand only).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('incidents', (t) => {
    t.timestamp('room_gone_at', { useTz: true });
    t.text('room_gone_reason');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('incidents', (t) => {
    t.dropColumn('room_gone_reason');
    t.dropColumn('room_gone_at');
  });
}
