import type { Knex } from 'knex';

/**
 * Webhook deliveries (deduplicated by the database: one row per provider and delivery id), kept
 * byte-exact with the alert signals parsed from them, and the alerts those signals track, each
 * firing, acknowledged or resolved on its own.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('deliveries', (t) => {
    t.text('provider').notNullable();
    t.text('delivery_id').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable();
    t.text('event_type').notNullable();
    // The body exactly as received (bytea: any bytes, NULs and invalid UTF-8 included).
    t.binary('raw').notNullable();
    t.jsonb('signals').notNullable();
    t.integer('signal_count').notNullable();
    // Null until the alerts are attached to incidents; the sweeper re-queues old nulls.
    t.timestamp('processed_at', { useTz: true });
    t.primary(['provider', 'delivery_id']);
  });
  await knex.raw('create index deliveries_unprocessed on deliveries (received_at) where processed_at is null');

  await knex.schema.createTable('alerts', (t) => {
    t.bigIncrements('id');
    t.bigInteger('incident_id').notNullable().references('incidents.id').onDelete('CASCADE');
    t.text('provider').notNullable();
    t.text('grouping_key').notNullable();
    t.text('fingerprint').notNullable();
    t.text('status').notNullable();
    t.text('title').notNullable();
    t.text('priority');
    t.text('service');
    t.jsonb('signal').notNullable(); // the latest signal, for the postmortem and debugging
    t.integer('occurrences').notNullable().defaultTo(1);
    t.timestamp('first_seen_at', { useTz: true }).notNullable();
    t.timestamp('last_seen_at', { useTz: true }).notNullable();
    t.timestamp('resolved_at', { useTz: true });
    t.unique(['incident_id', 'provider', 'fingerprint']);
    t.index(['provider', 'grouping_key']);
  });
  await knex.raw(`alter table alerts add constraint alerts_status_check check (status in ('firing','acknowledged','resolved'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('alerts');
  await knex.schema.dropTable('deliveries');
}
