import type { ExportSeams } from '../app/followups/export-follow-ups.js';
import type { DependencyMonitor } from '../app/health/dependency-monitor.js';
import type { Lifecycle } from '../app/lifecycle.js';
import type { Clock, Logger } from '../app/ports/runtime.js';
import type { RoomWorkerOptions } from '../app/room/room-worker.js';
import type { RoomPolicy } from '../app/room-tasks.js';
import type { StartupGate } from '../app/startup-gate.js';
import type { PgBossJobQueue } from '../adapters/postgres/pgboss-job-queue.js';
import type { Config } from '../config.js';
import type { HttpTelemetry } from '../ingress/http/telemetry.js';
import type { Database } from './database.js';

/** For tests: a clock to compress time, how often replicas look for overdue updates, how long migrations wait for another replica's lock. */
export interface StartOptions {
  readonly clock?: Clock;
  readonly reminderEveryMs?: number;
  /** How often the retention job runs (default: warroom.yml retention.everyMinutes). */
  readonly retentionEveryMs?: number;
  readonly migrationLockWaitMs?: number;
  /** The room worker's lease, outage pause and retry timings (shortened by the outbox tests). */
  readonly roomWorker?: Partial<RoomWorkerOptions>;
  /**
   * Told the job's name after each round of a periodic check (reminders, scope refresh, break-glass,
   * the paging check's schedule) finishes: tests wait for a round that began after a moment instead
   * of sleeping.
   */
  readonly onCheckRound?: (job: string) => void;
  /** How often a replica looks whether a scheduled paging check is due (default: every, at most a minute). */
  readonly pagingCheckDueEveryMs?: number;
  /** How often a replica claims due follow-up exports (default 5 s). */
  readonly followUpExportEveryMs?: number;
  /** How often the open exported follow-ups are looked up in the tracker (default: followups.checkEvery). */
  readonly followUpCheckEveryMs?: number;
  /** Fault injection in the follow-up export (tests). */
  readonly followUpExportSeams?: ExportSeams;
}

/** What every group of components of startWarroom is built from; a component that runs adds itself to `lifecycle`. */
export interface Base {
  readonly config: Config;
  readonly log: Logger;
  readonly clock: Clock;
  readonly options: StartOptions;
  readonly telemetry: HttpTelemetry;
  readonly database: Database;
  readonly jobs: PgBossJobQueue;
  readonly monitor: DependencyMonitor;
  readonly lifecycle: Lifecycle;
  readonly gate: StartupGate;
  readonly room: RoomPolicy;
  /** When a start-up step that keeps failing (not a database outage) makes the process exit. */
  readonly giveUpAt: number;
}
