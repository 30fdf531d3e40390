/**
 * Retention: what the retention job (app/retention.ts) deletes and the store that does it
 * (adapters/postgres/postgres-retention.ts).
 */
/** What the retention job deletes from, in the order it does (children before what they hang on). */
export const RETENTION_TABLES = ['deliveries', 'slack_tasks', 'scope_snapshots', 'room_reminders', 'incidents'] as const;

export type RetentionTable = (typeof RETENTION_TABLES)[number];

export type RetentionCounts = Record<RetentionTable, number>;

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
