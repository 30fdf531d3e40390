import type { PagingCheckResult, PagingCheckStore } from '../ports/paging-check.js';
import type { Clock } from '../ports/runtime.js';
import { reportPagingCheck, type PagingCheckReporting } from './report-paging-check.js';
import { runPagingCheck, type PagingCheckDeps, type PagingCheckPlan } from './run-paging-check.js';

export interface PagingCheck {
  /** A round now (`warroom paging-check`); null when another process is running one right now. */
  runNow(): Promise<PagingCheckResult[] | null>;
  /**
   * The schedule's turn: a round when `everyMs` has passed since the latest round any process
   * started, else nothing (null). Replicas share the lock and the record, so each period pages once.
   */
  tick(): Promise<PagingCheckResult[] | null>;
}

export interface PagingCheckUseCaseDeps extends PagingCheckDeps, PagingCheckReporting {
  readonly store: PagingCheckStore;
  readonly clock: Clock;
  readonly plan: PagingCheckPlan & { readonly everyMs: number | null };
}

/** The paging canary: run a round under the database lock, record it, report it. */
export function createPagingCheck(deps: PagingCheckUseCaseDeps): PagingCheck {
  async function round(): Promise<PagingCheckResult[]> {
    const at = deps.clock.now();
    const results = await runPagingCheck(deps, deps.plan);
    await deps.store.record(results);
    await reportPagingCheck(deps, results, at);
    return results;
  }

  return {
    async runNow() {
      const outcome = await deps.store.whileLocked(round);
      return outcome.ran ? outcome.value : null;
    },
    async tick() {
      const everyMs = deps.plan.everyMs;
      if (everyMs === null) return null;
      const outcome = await deps.store.whileLocked(async () => {
        const last = await deps.store.lastStartedAt();
        if (last !== null && deps.clock.now().getTime() - last.getTime() < everyMs) return null;
        return round();
      });
      return outcome.ran ? outcome.value : null;
    },
  };
}
