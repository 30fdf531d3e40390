import { RETENTION_TABLES, type RetentionCounts, type RetentionCutoffs, type RetentionStore, type RetentionTable } from './ports/retention.js';
import { type Clock, type Logger } from './ports/runtime.js';

export { RETENTION_TABLES, type RetentionCounts, type RetentionCutoffs, type RetentionStore, type RetentionTable };

/** How long rows stay once they are of no more use (warroom.yml `retention`). */
export interface RetentionPolicy {
  deliveriesDays: number;
  slackTasksDays: number;
  incidentDetailsDays: number;
  /** null = incidents are kept forever. */
  incidentsDays: number | null;
}

export interface Retention {
  /** What a prune would delete now, per table; deletes nothing. */
  preview(): Promise<RetentionCounts>;
  /** Deletes what expired, batch after batch; null when another replica is pruning right now. */
  prune(): Promise<RetentionCounts | null>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Small enough that no batch holds its row locks for long beside the webhook storm it may meet. */
export const RETENTION_BATCH = 1000;

export function retentionCutoffs(policy: RetentionPolicy, now: Date): RetentionCutoffs {
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
  return {
    deliveries: daysAgo(policy.deliveriesDays),
    slackTasks: daysAgo(policy.slackTasksDays),
    incidentDetails: daysAgo(policy.incidentDetailsDays),
    incidents: policy.incidentsDays === null ? null : daysAgo(policy.incidentsDays),
  };
}

const emptyCounts = (): RetentionCounts => ({ deliveries: 0, slack_tasks: 0, scope_snapshots: 0, room_reminders: 0, incidents: 0 });

export function createRetention(deps: {
  store: RetentionStore;
  policy: RetentionPolicy;
  clock: Clock;
  log: Logger;
  /** Called after each batch (the `warroom_retention_deleted_total` counter). */
  onDeleted?: (table: RetentionTable, count: number) => void;
  batchSize?: number;
}): Retention {
  const { store, log } = deps;
  const batchSize = deps.batchSize ?? RETENTION_BATCH;
  return {
    async preview() {
      const cutoffs = retentionCutoffs(deps.policy, deps.clock.now());
      const counts = emptyCounts();
      for (const table of RETENTION_TABLES) counts[table] = await store.countExpired(table, cutoffs);
      return counts;
    },
    async prune() {
      const outcome = await store.whileLocked(async () => {
        const cutoffs = retentionCutoffs(deps.policy, deps.clock.now());
        const counts = emptyCounts();
        for (const table of RETENTION_TABLES) {
          // Until a batch finds nothing: the cutoff is fixed for the round, so new rows never qualify.
          for (let deleted = -1; deleted !== 0; ) {
            deleted = await store.deleteExpired(table, cutoffs, batchSize);
            counts[table] += deleted;
            if (deleted > 0) deps.onDeleted?.(table, deleted);
          }
        }
        return counts;
      });
      if (!outcome.ran) {
        log.debug({}, 'retention: another process is pruning; this round skipped');
        return null;
      }
      const total = Object.values(outcome.value).reduce((a, b) => a + b, 0);
      if (total > 0) log.info({ deleted: outcome.value }, 'retention: expired rows deleted');
      return outcome.value;
    },
  };
}
