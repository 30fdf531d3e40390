import type { Knex } from 'knex';
import { guardDatabase } from './unavailable.js';

/**
 * Runs `work` while this process holds the advisory lock `key`, or answers `{ ran: false }` at once
 * when another process holds it. The lock lives in a transaction that does nothing else (no row
 * locks, no snapshot held between statements) and goes with it, or with the connection if the
 * process dies; `work` runs beside it on the pool, each of its statements committing on its own.
 */
export function whileAdvisoryLocked<T>(db: Knex, key: number, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  return guardDatabase(() =>
    db.transaction(async (trx) => {
      const got = await trx.raw<{ rows: { locked: boolean }[] }>('select pg_try_advisory_xact_lock(?) as locked', [key]);
      if (got.rows[0]?.locked !== true) return { ran: false as const };
      return { ran: true as const, value: await work() };
    }),
  );
}
