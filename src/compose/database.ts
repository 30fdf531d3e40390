/** Storage for the composition root: the database every command opens, and the retention job on it. */
import type { Knex } from 'knex';
import type { Clock, Logger } from '../app/ports/runtime.js';
import type { IncidentStore } from '../app/ports/incidents.js';
import type { RetentionTable } from '../app/ports/retention.js';
import { createRetention, type Retention } from '../app/retention.js';
import { createKnex } from '../adapters/postgres/create-knex.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../adapters/postgres/embedded-postgres.js';
import { migrateToLatest } from '../adapters/postgres/migrate.js';
import { createPostgresIncidentStore } from '../adapters/postgres/postgres-incident-store.js';
import { createPostgresRetention } from '../adapters/postgres/postgres-retention.js';
import type { Config } from '../config.js';
import { systemClock } from './system-clock.js';

export interface Database {
  readonly url: string;
  readonly knex: Knex;
  readonly store: IncidentStore;
  readonly embedded: EmbeddedPostgres | null;
  close(): Promise<void>;
}

/**
 * Connects to DATABASE_URL, or to the embedded PostgreSQL in DATA_DIR when it is unset (started
 * here unless another process already runs it). The server's embedded PostgreSQL runs in its own
 * process group, so a Ctrl-C reaches only Warroom, which stops the database after its drain;
 * a short-lived command (`ownProcessGroup: false`) lets it die with its group.
 */
export async function openDatabase(config: Config, log: Logger, options: { ownProcessGroup?: boolean } = {}): Promise<Database> {
  const ownProcessGroup = options.ownProcessGroup ?? true;
  const embedded = config.databaseUrl === null ? await startEmbeddedPostgres({ dataDir: config.dataDir, log, ownProcessGroup }) : null;
  const url = embedded?.url ?? config.databaseUrl ?? '';
  const knex = createKnex({ url, log });
  return {
    url,
    knex,
    store: createPostgresIncidentStore(knex),
    embedded,
    async close() {
      await knex.destroy();
      await embedded?.stop();
    },
  };
}

/** Opens the database (embedded or DATABASE_URL), migrates it, runs `work`, and closes it. */
export async function withDatabase<T>(config: Config, log: Logger, work: (db: Database, applied: string[]) => Promise<T>): Promise<T> {
  // Beside a running server this only connects to its embedded PostgreSQL and leaves it running.
  const database = await openDatabase(config, log, { ownProcessGroup: false });
  try {
    const applied = await migrateToLatest(database.knex, log);
    return await work(database, applied);
  } finally {
    await database.close();
  }
}

export function runMigrations(config: Config, log: Logger): Promise<string[]> {
  return withDatabase(config, log, (_db, applied) => Promise.resolve(applied));
}

/**
 * The retention job on an open database: the server's periodic one (which counts what it deletes
 * in `onDeleted`) and the `prune` command's.
 */
export function createRetentionFor(
  db: Database,
  config: Config,
  log: Logger,
  clock: Clock = systemClock,
  onDeleted?: (table: RetentionTable, count: number) => void,
): Retention {
  return createRetention({ store: createPostgresRetention(db.knex), policy: config.settings.retention, clock, log, ...(onDeleted ? { onDeleted } : {}) });
}
