import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { Knex } from 'knex';
import type { Logger } from '../../app/ports/runtime.js';

interface MigrationModule {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

// From src/adapters/postgres/ (tsx) or dist/src/adapters/postgres/ (built), the migrations sit at
// <root>/migrations as .ts or dist/migrations as .js: the same relative path either way.
const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));
const EXTENSION = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/** knex's migration source over our folder, loading each file with a native ESM import. */
export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: () => Promise.resolve(listMigrationFiles()),
  getMigrationName: (file) => file.replace(/\.(ts|js)$/, ''),
  getMigration: async (file) => (await import(pathToFileURL(join(MIGRATIONS_DIR, file)).href)) as MigrationModule,
};

export function listMigrationFiles(): string[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith(EXTENSION) && !f.endsWith('.d.ts'))
    .sort();
}

// A newer release may have applied migrations this one does not know (a rolling deploy runs old and
// new side by side; a rollback runs the old one alone). Migrations follow the expand/contract rule
// (migrations/README.md), so the schema still serves this release: knex's "migration directory is
// corrupt" check is off, and migrateToLatest names the unknown ones instead.
const config: Knex.MigratorConfig = { migrationSource, tableName: 'knex_migrations', disableMigrationsListValidation: true };

// An arbitrary constant: the advisory lock id that replicas take while migrating.
const MIGRATION_ADVISORY_LOCK = 7_245_113_901;

/**
 * Applies pending migrations. knex's own lock table is created by the first migration run
 * without any lock, so replicas starting together could race on it; a Postgres advisory lock
 * held for the whole run serialises them, and knex's migration lock stays as a second guard.
 */
export async function migrateToLatest(knex: Knex, log: Logger, waitForLockMs = 60_000): Promise<string[]> {
  return knex.transaction(async (trx) => {
    await trx.raw(`set local lock_timeout = ${Math.max(1, Math.round(waitForLockMs))}`);
    await trx.raw('select pg_advisory_xact_lock(?)', [MIGRATION_ADVISORY_LOCK]);
    const applied = await applyOneAtATime(knex);
    if (applied.length > 0) log.info({ applied }, 'database migrations applied');
    const unknown = await unknownMigrations(knex);
    if (unknown.length > 0) {
      log.warn({ unknownMigrations: unknown }, `database has migrations this release does not know (applied by a newer release), ignoring them: ${unknown.join(', ')}`);
    }
    return applied;
  });
}

/**
 * Each pending migration in a transaction of its own. knex's `latest` runs a batch in one
 * transaction, which keeps every table a migration altered locked until the last one ends: with an
 * older replica running (update an incident, then insert its timeline event), a batch that altered
 * timeline_events and then incidents deadlocked, and the retry deadlocked again for as long as
 * traffic lasted. One at a time, each holds one table's lock for one short transaction.
 */
async function applyOneAtATime(knex: Knex): Promise<string[]> {
  const applied: string[] = [];
  for (;;) {
    const [, names] = (await knex.migrate.up(config)) as [number, string[]];
    if (names.length === 0) return applied;
    applied.push(...names);
  }
}

/** Migrations recorded as applied that are not in this release's migrations folder. */
export async function unknownMigrations(knex: Knex): Promise<string[]> {
  const known = new Set(listMigrationFiles().map((f) => migrationSource.getMigrationName(f)));
  const [completed] = (await knex.migrate.list(config)) as [{ name: string }[], unknown];
  return completed.map((m) => m.name).filter((name) => !known.has(name));
}

export async function migrateUp(knex: Knex): Promise<void> {
  await knex.migrate.up(config);
}

export async function migrateDown(knex: Knex): Promise<void> {
  await knex.migrate.down(config);
}

export async function pendingMigrations(knex: Knex): Promise<string[]> {
  const [, pending] = (await knex.migrate.list(config)) as [unknown, (string | { file: string })[]];
  return pending.map((p) => (typeof p === 'string' ? p : p.file));
}
