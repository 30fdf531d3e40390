/**
 * What the database spent: the postmaster to read server CPU from (bench/process-cpu.ts), and
 * `pg_stat_statements` of the current database (the server must load it; see the replicas scenario).
 */
import { readFile } from 'node:fs/promises';
import type { Knex } from 'knex';

export interface Statement {
  readonly query: string;
  readonly calls: number;
  /** Execution + planning time, ms (elapsed in the server, lock waits included). */
  readonly ms: number;
}

/** The statements of this database since the last `pg_stat_statements_reset()`, without the bench's own counts. */
export async function statements(db: Knex): Promise<Statement[]> {
  const result = await db.raw<{ rows: { query: string; calls: string; ms: number }[] }>(
    `select query, calls, total_exec_time + total_plan_time as ms from pg_stat_statements
      where dbid = (select oid from pg_database where datname = current_database())
        and query not like '%pg_stat_statements%' and query not like '%"delivery_id" like%' and query not like '%"grouping_key" like%'
        and query not like '%bench: %'`,
  );
  return result.rows.map((r) => ({ query: r.query, calls: Number(r.calls), ms: Number(r.ms) }));
}

/** The postmaster's pid: the parent of a backend of this connection. */
export async function postmasterPid(knex: Knex): Promise<number> {
  const result = await knex.raw<{ rows: { pid: number }[] }>('select pg_backend_pid() as pid');
  const text = await readFile(`/proc/${result.rows[0]?.pid}/stat`, 'utf8');
  return Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[1]);
}
