/**
 * A real PostgreSQL for one test file: a fresh database in TEST_DATABASE_URL when set, else an
 * embedded cluster of its own in a temporary directory (so test files can run in parallel), copied
 * from a template made by initdb once, or from one with every migration applied when the file wants
 * the schema (embedded-postgres-template.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import pg from 'pg';
import { createKnex } from '../../src/adapters/postgres/create-knex.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/adapters/postgres/embedded-postgres.js';
import { migrateToLatest } from '../../src/adapters/postgres/migrate.js';
import { copyFreshCluster, copyMigratedCluster } from './embedded-postgres-template.js';
import { silentLogger } from './silent-logger.js';

export interface TestDatabase {
  readonly url: string;
  readonly knex: Knex;
  /** The embedded server, when this file started one (null with TEST_DATABASE_URL). */
  readonly server: EmbeddedPostgres | null;
  close(): Promise<void>;
}

export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const log = silentLogger();
  let url: string;
  let server: EmbeddedPostgres | null = null;
  let dir: string | null = null;
  let dropDatabase: (() => Promise<void>) | null = null;
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    const name = `warroom_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: external });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(external);
    u.pathname = `/${name}`;
    url = u.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: external });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    dir = await mkdtemp(join(tmpdir(), 'warroom-test-'));
    // Migrated already, unless the file asked for an empty database; migrateToLatest below then finds nothing to do.
    await (options.migrate === false ? copyFreshCluster(dir) : copyMigratedCluster(dir));
    server = await startEmbeddedPostgres({ dataDir: dir, log });
    url = server.url;
  }
  const knex = createKnex({ url, log });
  if (options.migrate !== false) await migrateToLatest(knex, log);
  return {
    url,
    knex,
    server,
    async close() {
      await knex.destroy();
      await dropDatabase?.();
      await server?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}
