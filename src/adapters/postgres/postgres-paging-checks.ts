import type { Knex } from 'knex';
import type { PagingCheckResult, PagingCheckStore } from '../../app/ports/paging-check.js';
import type { PagingProviderName } from '../../app/ports/paging.js';
import { whileAdvisoryLocked } from './while-advisory-locked.js';
import { guardDatabase } from './unavailable.js';

/** pg advisory lock key of the paging canary ('warroom paging check'; any constant every replica shares). */
const PAGING_CHECK_LOCK = 0x7761_7063;

interface DbPagingCheckRow {
  provider: string;
  started_at: Date;
  outcome: PagingCheckResult['outcome'];
  seconds: number;
  reference: string | null;
  error: string | null;
}

const fromRow = (row: DbPagingCheckRow): PagingCheckResult => ({
  provider: row.provider as PagingProviderName,
  startedAt: row.started_at,
  outcome: row.outcome,
  seconds: Number(row.seconds),
  reference: row.reference,
  error: row.error,
});

export function createPostgresPagingChecks(db: Knex): PagingCheckStore {
  return {
    // As retention: one round at a time across replicas and the CLI.
    whileLocked: (work) => whileAdvisoryLocked(db, PAGING_CHECK_LOCK, work),

    lastStartedAt: () =>
      guardDatabase(async () => {
        const row = (await db('paging_checks').max({ at: 'started_at' }).first()) as { at: Date | null } | undefined;
        return row?.at ?? null;
      }),

    record: (results) =>
      guardDatabase(async () => {
        if (results.length === 0) return;
        await db('paging_checks').insert(
          results.map((r) => ({ provider: r.provider, started_at: r.startedAt, outcome: r.outcome, seconds: r.seconds, reference: r.reference, error: r.error?.slice(0, 1000) ?? null })),
        );
      }),

    latest: () =>
      guardDatabase(async () => {
        const result = await db.raw<{ rows: DbPagingCheckRow[] }>(
          'select distinct on (provider) provider, started_at, outcome, seconds, reference, error from paging_checks order by provider, started_at desc, id desc',
        );
        return result.rows.map(fromRow);
      }),
  };
}
