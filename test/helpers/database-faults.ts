/**
 * Deterministic database faults for flow tests, placed exactly between two steps of Warroom: a
 * trigger runs a statement on the next matching write to a table, once. A sequence counts the
 * writes because, unlike a flag row, it is not rolled back with a failed statement.
 */
import type { Knex } from 'knex';

/** The next write to `table` (whose new row matches `when`, SQL over NEW) also runs `statement` (PL/pgSQL), once. */
export async function onNextWrite(knex: Knex, table: string, statement: string, when = 'true'): Promise<void> {
  if (!/^[a-z_]+$/.test(table)) throw new Error(`not a table name: ${table}`);
  const name = `test_fault_${table}`;
  await knex.raw(`drop trigger if exists ${name} on ${table}`);
  await knex.raw(`drop sequence if exists ${name}_seq`);
  await knex.raw(`create sequence ${name}_seq`);
  await knex.raw(`
    create or replace function ${name}() returns trigger language plpgsql as $$
    begin
      if (${when}) and nextval('${name}_seq') = 1 then
        ${statement};
      end if;
      return new;
    end $$`);
  await knex.raw(`create trigger ${name} before insert or update on ${table} for each row execute function ${name}()`);
}

/** The next write to `table` fails once, as a database blip does (SQLSTATE 57P01, "terminating connection due to administrator command"). */
export function failNextWrite(knex: Knex, table: string): Promise<void> {
  return onNextWrite(knex, table, `raise exception 'injected database blip on ${table}' using errcode = '57P01'`);
}
