/**
 * Deterministic database faults for flow tests: the next write to a table fails once, as a real
 * blip does (SQLSTATE 57P01, "terminating connection due to administrator command"), then the
 * table works again. A sequence counts the writes because it is not rolled back with the failure.
 */
import type { Knex } from 'knex';

export async function failNextWrite(knex: Knex, table: string): Promise<void> {
  if (!/^[a-z_]+$/.test(table)) throw new Error(`not a table name: ${table}`);
  const name = `test_fault_${table}`;
  await knex.raw(`drop trigger if exists ${name} on ${table}`);
  await knex.raw(`drop sequence if exists ${name}_seq`);
  await knex.raw(`create sequence ${name}_seq`);
  await knex.raw(`
    create or replace function ${name}() returns trigger language plpgsql as $$
    begin
      if nextval('${name}_seq') = 1 then
        raise exception 'injected database blip on ${table}' using errcode = '57P01';
      end if;
      return new;
    end $$`);
  await knex.raw(`create trigger ${name} before insert or update on ${table} for each row execute function ${name}()`);
}
