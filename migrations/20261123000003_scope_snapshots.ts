import type { Knex } from 'knex';

/** Scope measurements over an incident's life; the latest is copied onto incidents.scope. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('scope_snapshots', (t) => {
    t.bigIncrements('id');
    t.bigInteger('incident_id').notNullable().references('incidents.id').onDelete('CASCADE');
    t.timestamp('at', { useTz: true }).notNullable();
    t.text('source').notNullable();
    t.text('classification').notNullable();
    t.double('failing_ratio');
    t.jsonb('data').notNullable();
    t.index(['incident_id', 'at']);
  });
  await knex.raw(`alter table scope_snapshots add constraint scope_snapshots_classification_check
    check (classification in ('none','regional','multi-region','global','unknown'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('scope_snapshots');
}
