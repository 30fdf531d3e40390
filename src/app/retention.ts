import type { Clock, Logger } from './ports.js';

/** What the retention job deletes from, in the order it does (children before what they hang on). */
export const RETENTION_TABLES = ['deliveries', 'slack_tasks', 'scope_snapshots', 'room_reminders', 'incidents'] as const;
export type RetentionTable = (typeof RETENTION_TABLES)[number];
export type RetentionCounts = Record<RetentionTable, number>;

/** How long rows stay once they are of no more use (warroom.yml `retention`). */
export interface RetentionPolicy {
  deliveriesDays: number;
  slackTasksDays: number;
  incidentDetailsDays: number;
  /** null = incidents are kept forever. */
  incidentsDays: number | null;
}

/** The moments before which rows go; null = that table is kept. */
export interface RetentionCutoffs {
  /** Processed deliveries attached before this. */
  deliveries: Date;
  /** Slack tasks (of resolved incidents) finished before this. */
  slackTasks: Date;
  /** Snapshots and reminders of incidents resolved before this. */
  incidentDetails: Date;
  /** Incidents (and everything of theirs) resolved before this. */
  incidents: Date | null;
}

export interface RetentionStore {
  /**
   * Runs `work` while this process holds the one retention lock of the database; resolves
   * `{ ran: false }` at once when another process holds it (two pruners would only fight over rows).
   */
  whileLocked<T>(work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
  countExpired(table: RetentionTable, cutoffs: RetentionCutoffs): Promise<number>;
  /** Deletes at most `limit` expired rows of `table` in one short statement (the store may take fewer); returns how many went. */
  deleteExpired(table: RetentionTable, cutoffs: RetentionCutoffs, limit: number): Promise<number>;
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
