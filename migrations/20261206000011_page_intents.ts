import type { Knex } from 'knex';

/**
 * A page is recorded as an intent before the provider is called (DESIGN §4): `dedup_key` is the
 * idempotency key Warroom sends (PagerDuty incident_key, Opsgenie alias), `status` says whether the
 * provider has answered ('sending' → 'sent', or 'failed'), and `reference` is filled in once it has.
 * A retry after a database blip finds the intent and re-sends the same key instead of paging again,
 * and the provider's own webhook for the page is linked back by the key even before the reference
 * is saved. Expand only: rows of the older release (reference set, no key) read as sent.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('pages', (t) => {
    t.text('dedup_key');
    t.text('status').notNullable().defaultTo('sent');
    t.setNullable('reference');
  });
  await knex.raw('create unique index pages_provider_dedup_key_unique on pages (provider, dedup_key) where dedup_key is not null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists pages_provider_dedup_key_unique');
  await knex('pages').whereNull('reference').delete();
  await knex.schema.alterTable('pages', (t) => {
    t.dropNullable('reference');
    t.dropColumn('status');
    t.dropColumn('dedup_key');
  });
}
