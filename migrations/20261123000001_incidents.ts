import type { Knex } from 'knex';

/**
 * Incidents, their roles and their timeline. The database enforces what must never double
 * (DESIGN §3): one open incident per grouping key, one channel per incident, one holder per role.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create sequence incident_ref_seq as bigint start 1');
  await knex.schema.createTable('incidents', (t) => {
    t.bigInteger('id').primary(); // from incident_ref_seq; ref = INC-<id>
    t.text('title').notNullable();
    t.text('description');
    t.text('status').notNullable();
    t.text('severity').notNullable();
    t.specificType('services', 'text[]').notNullable().defaultTo('{}');
    t.boolean('drill').notNullable().defaultTo(false);
    t.text('channel_id').unique();
    t.text('channel_name');
    t.text('declared_by').notNullable();
    t.text('grouping_key');
    t.jsonb('scope');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.timestamp('resolved_at', { useTz: true });
    t.integer('version').notNullable();
    t.index(['status', 'created_at']);
  });
  await knex.raw(`alter table incidents
    add constraint incidents_status_check check (status in ('investigating','identified','monitoring','resolved')),
    add constraint incidents_severity_check check (severity in ('SEV1','SEV2','SEV3','SEV4')),
    add constraint incidents_version_check check (version >= 1)`);
  // One open incident per grouping key: an alert storm becomes one incident even across replicas.
  await knex.raw(`create unique index incidents_open_grouping_key on incidents (grouping_key)
    where status <> 'resolved' and grouping_key is not null`);

  await knex.schema.createTable('role_assignments', (t) => {
    t.bigInteger('incident_id').notNullable().references('incidents.id').onDelete('CASCADE');
    t.text('role').notNullable();
    t.text('user_id').notNullable();
    t.text('assigned_by').notNullable();
    t.timestamp('assigned_at', { useTz: true }).notNullable();
    t.primary(['incident_id', 'role']); // one holder per role
  });
  await knex.raw(`alter table role_assignments
    add constraint role_assignments_role_check check (role in ('commander','comms','scribe','ops'))`);

  await knex.schema.createTable('timeline_events', (t) => {
    t.bigIncrements('id');
    t.bigInteger('incident_id').notNullable().references('incidents.id').onDelete('CASCADE');
    t.timestamp('at', { useTz: true }).notNullable();
    t.text('kind').notNullable();
    t.text('actor').notNullable();
    t.text('text').notNullable();
    t.jsonb('data').notNullable().defaultTo('{}');
    t.index(['incident_id', 'at', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('timeline_events');
  await knex.schema.dropTable('role_assignments');
  await knex.schema.dropTable('incidents');
  await knex.raw('drop sequence incident_ref_seq');
}
