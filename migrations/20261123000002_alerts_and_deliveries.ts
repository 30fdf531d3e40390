import type { Knex } from 'knex';

/**
 * Webhook deliveries (deduplicated by the database: one row per provider and delivery id) and the
 * alerts they carry, each tracked as firing or resolved on its own.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('deliveries', (t) => {
    t.text('provider').notNullable();
    t.text('delivery_id').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable();
    t.text('event_type');
    t.jsonb('payload').notNullable();
    t.timestamp('processed_at', { useTz: true });
    t.primary(['provider', 'delivery_id']);
  });

  await knex.schema.createTable('alerts', (t) => {
    t.bigIncrements('id');
    t.bigInteger('incident_id').references('incidents.id').onDelete('SET NULL');
    t.text('provider').notNullable();
    t.text('grouping_key').notNullable();
    t.text('fingerprint').notNullable();
    t.text('status').notNullable();
    t.text('title').notNullable();
    t.jsonb('raw').notNullable();
    t.timestamp('first_seen_at', { useTz: true }).notNullable();
    t.timestamp('last_seen_at', { useTz: true }).notNullable();
    t.timestamp('resolved_at', { useTz: true });
    t.unique(['incident_id', 'provider', 'fingerprint']);
    t.index(['provider', 'grouping_key']);
  });
  await knex.raw(`alter table alerts add constraint alerts_status_check check (status in ('firing','resolved'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('alerts');
  await knex.schema.dropTable('deliveries');
}
