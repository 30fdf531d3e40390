import type { Knex } from 'knex';

/**
 * Incident types (issue 21): the `incidentTypes` entry an incident was declared as, and roles of a
 * type's own (e.g. `security-lead`) beside the four built-in ones. Expand only: `type` is nullable
 * (null: the default type), and an older release ignores role rows whose name it does not know
 * (it reads only the four), so dropping the role check does not break it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('incidents', (t) => {
    t.text('type');
  });
  await knex.raw('alter table role_assignments drop constraint role_assignments_role_check');
}

export async function down(knex: Knex): Promise<void> {
  // Roles of a type's own cannot live under the old check: they go with the column that explains them.
  await knex('role_assignments').whereNotIn('role', ['commander', 'comms', 'scribe', 'ops']).delete();
  await knex.raw(`alter table role_assignments
    add constraint role_assignments_role_check check (role in ('commander','comms','scribe','ops'))`);
  await knex.schema.alterTable('incidents', (t) => {
    t.dropColumn('type');
  });
}
