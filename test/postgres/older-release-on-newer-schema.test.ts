/**
 * Rolling deploys and rollbacks: this release must start and serve on a schema a newer release has
 * migrated. The newer release is simulated by applying every current migration plus one this code
 * does not know (a nullable column and a table: what the expand/contract rule in migrations/README.md
 * allows), recorded in knex_migrations exactly as a newer release's knex would.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Knex } from 'knex';
import { freePort } from '../../src/adapters/postgres/embedded-postgres.js';
import { migrationSource } from '../../src/adapters/postgres/migrate.js';
import { request, waitFor } from '../helpers/http.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { spawnWarroom, stopWarroom, type WarroomProcess } from '../helpers/warroom-process.js';

const TOKEN = 'older-release-token';
const NEWER_MIGRATION = '20991231000001_newer_release_expands';

// The newer release's extra migration: expand only (nullable column, new table).
const newerMigration = {
  async up(knex: Knex) {
    await knex.schema.alterTable('incidents', (t) => t.text('newer_release_note').nullable());
    await knex.schema.createTable('newer_release_things', (t) => {
      t.increments('id');
      t.text('what').notNullable();
    });
  },
  async down(knex: Knex) {
    await knex.schema.dropTable('newer_release_things');
    await knex.schema.alterTable('incidents', (t) => t.dropColumn('newer_release_note'));
  },
};

/** The newer release's migration source: today's migrations and one more. */
const newerReleaseSource: Knex.MigrationSource<string> = {
  getMigrations: async () => [...(await migrationSource.getMigrations([])), NEWER_MIGRATION],
  getMigrationName: (m) => (m === NEWER_MIGRATION ? m : migrationSource.getMigrationName(m)),
  getMigration: (m) => (m === NEWER_MIGRATION ? Promise.resolve(newerMigration) : migrationSource.getMigration(m)),
};

let db: TestDatabase;
const running: WarroomProcess[] = [];
before(async () => {
  db = await createTestDatabase({ migrate: false });
  await db.knex.migrate.latest({ migrationSource: newerReleaseSource, tableName: 'knex_migrations' });
});
after(async () => {
  for (const p of running) await stopWarroom(p);
  await db.close();
});

function linesNaming(output: string, what: string): string[] {
  return output.split('\n').filter((line) => line.includes(what));
}

test('this release starts, serves and names the unknown migration once on a schema a newer release migrated', async (t) => {
  const port = await freePort();
  const bot = spawnWarroom(['serve'], { DATABASE_URL: db.url, PORT: String(port), HOST: '127.0.0.1', WARROOM_API_TOKEN: TOKEN });
  running.push(bot);
  await waitFor('/readyz 200', () => request(bot.base, '/readyz'), (r) => r.status === 200, 120_000).catch((err: unknown) => {
    throw new Error(`${String(err)}\n--- output ---\n${bot.output().slice(-3000)}`);
  });

  const created = await request(bot.base, '/api/incidents', { method: 'POST', token: TOKEN, body: JSON.stringify({ title: 'Declared on a newer schema', severity: 'SEV2' }) });
  assert.equal(created.status, 201, created.text);
  const read = await request(bot.base, `/api/incidents/${created.json.ref}`, { token: TOKEN });
  assert.equal(read.status, 200, read.text);
  assert.equal(read.json.title, 'Declared on a newer schema');

  const named = linesNaming(bot.output(), NEWER_MIGRATION);
  assert.equal(named.length, 1, `one log line naming ${NEWER_MIGRATION}, got:\n${named.join('\n')}`);
  assert.match(named[0]!, /does not know/);
  t.diagnostic(`serve: ${named[0]!}`);
  assert.equal(await stopWarroom(bot), 0, bot.output().slice(-2000));
});

test('`warroom migrate` on that schema names the unknown migration and exits 0', async (t) => {
  const cli = spawnWarroom(['migrate'], { DATABASE_URL: db.url });
  running.push(cli);
  const code = await cli.exited;
  assert.equal(code, 0, cli.output());
  assert.equal(linesNaming(cli.output(), NEWER_MIGRATION).length, 1, cli.output());
  t.diagnostic(`migrate (exit 0): ${cli.output().trim().split("\n").join(" | ")}`);
  assert.match(cli.output(), /Database is up to date\./);
});
