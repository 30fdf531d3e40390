/** What every scenario runs against: an embedded PostgreSQL, Warroom in-process, the baseline server. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { createKnex } from '../src/adapters/postgres/create-knex.js';
import { startEmbeddedPostgres } from '../src/adapters/postgres/embedded-postgres.js';
import { loadConfig } from '../src/config.js';
import { startWarroom, type RunningWarroom } from '../src/main.js';
import { silentLogger } from '../test/helpers/silent-logger.js';
import { startBaseline } from './baseline-server.js';

export const BENCH_TOKEN = 'bench-token';
export const BENCH_PD_SECRET = 'bench-pd-secret';

export interface Stack {
  readonly warroom: RunningWarroom;
  readonly baselinePort: number;
  readonly knex: Knex;
}

export async function withStack<T>(work: (stack: Stack) => Promise<T>): Promise<T> {
  const log = silentLogger();
  const dir = await mkdtemp(join(tmpdir(), 'warroom-bench-'));
  const pgServer = await startEmbeddedPostgres({ dataDir: dir, log });
  const env = {
    DATABASE_URL: pgServer.url,
    WARROOM_API_TOKEN: BENCH_TOKEN,
    PAGERDUTY_WEBHOOK_SECRETS: BENCH_PD_SECRET,
    ALERTMANAGER_WEBHOOK_TOKEN: BENCH_TOKEN,
    LOG_LEVEL: 'silent',
  };
  const loaded = loadConfig(env, { readFile: () => null });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const warroom = await startWarroom({ ...loaded.config, port: 0, host: '127.0.0.1' }, log);
  await warroom.ready;
  const baseline = await startBaseline(pgServer.url);
  const knex = createKnex({ url: pgServer.url, log });
  try {
    return await work({ warroom, baselinePort: baseline.port, knex });
  } finally {
    await knex.destroy();
    await baseline.close();
    await warroom.stop();
    await pgServer.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
