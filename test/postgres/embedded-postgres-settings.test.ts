/**
 * Settings given at start reach the server: `shared_preload_libraries` can only be set that way,
 * and the scaling benchmark (bench/scenarios/replicas.ts) loads pg_stat_statements with it.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createKnex } from '../../src/adapters/postgres/create-knex.js';
import { startEmbeddedPostgres } from '../../src/adapters/postgres/embedded-postgres.js';
import { silentLogger } from '../helpers/silent-logger.js';

let dir = '';
after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('settings given at start are in effect, pg_stat_statements loaded by shared_preload_libraries', async () => {
  dir = await mkdtemp(join(tmpdir(), 'warroom-embedded-settings-'));
  const server = await startEmbeddedPostgres({ dataDir: dir, log: silentLogger(), settings: { shared_preload_libraries: 'pg_stat_statements' } });
  const knex = createKnex({ url: server.url, log: silentLogger() });
  try {
    const shown = await knex.raw<{ rows: { shared_preload_libraries: string }[] }>('show shared_preload_libraries');
    assert.equal(shown.rows[0]?.shared_preload_libraries, 'pg_stat_statements');
    await knex.raw('create extension if not exists pg_stat_statements');
    await knex.raw('select 1');
    const counted = await knex.raw<{ rows: { n: string }[] }>('select count(*) as n from pg_stat_statements');
    assert.ok(Number(counted.rows[0]?.n) > 0, 'pg_stat_statements records statements');
  } finally {
    await knex.destroy();
    await server.stop();
  }
});
