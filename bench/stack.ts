/**
 * What every scenario runs against: a fresh embedded PostgreSQL, the baseline server on it, and
 * (for most scenarios) Warroom in-process. Scenarios that need their own Warroom (Slack on, child
 * processes) get the bare stack, so no second Warroom takes their jobs from the shared queue.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { createKnex } from '../src/adapters/postgres/create-knex.js';
import { startEmbeddedPostgres } from '../src/adapters/postgres/embedded-postgres.js';
import { loadConfig, type Settings } from '../src/config.js';
import { startWarroom, type RunningWarroom } from '../src/main.js';
import { silentLogger } from '../test/helpers/silent-logger.js';
import { startBaseline } from './baseline-server.js';

export const BENCH_TOKEN = 'bench-token';
export const BENCH_PD_SECRET = 'bench-pd-secret';
export const BENCH_SLACK_SECRET = 'bench-slack-signing-secret';

export interface Stack {
  readonly databaseUrl: string;
  readonly knex: Knex;
  readonly baselinePort: number;
  /** The environment a Warroom of this stack runs with (for child processes: add PORT and HOST). */
  readonly env: Readonly<Record<string, string>>;
  /**
   * Starts Warroom in-process (ready when it resolves) on this database, or on the one `extraEnv`
   * names in DATABASE_URL; the caller stops it.
   */
  startWarroom(extraEnv?: Record<string, string>, settings?: Partial<Settings>): Promise<RunningWarroom>;
  /** A new, empty database on the same server (for runs that must not see each other); its URL. */
  createDatabase(name: string): Promise<string>;
}

export interface WarroomStack extends Stack {
  readonly warroom: RunningWarroom;
}

/** `postgresSettings`: server settings only a start can set (e.g. `shared_preload_libraries`). */
export async function withStack<T>(work: (stack: Stack) => Promise<T>, postgresSettings: Readonly<Record<string, string>> = {}): Promise<T> {
  const log = silentLogger();
  const dir = await mkdtemp(join(tmpdir(), 'warroom-bench-'));
  const pgServer = await startEmbeddedPostgres({ dataDir: dir, log, settings: postgresSettings });
  const env = {
    DATABASE_URL: pgServer.url,
    WARROOM_API_TOKEN: BENCH_TOKEN,
    PAGERDUTY_WEBHOOK_SECRETS: BENCH_PD_SECRET,
    ALERTMANAGER_WEBHOOK_TOKEN: BENCH_TOKEN,
    LOG_LEVEL: 'silent',
    WARROOM_SANDBOX: 'off',
  };
  const knex = createKnex({ url: pgServer.url, log });
  let baseline: Awaited<ReturnType<typeof startBaseline>> | null = null;
  try {
    baseline = await startBaseline(pgServer.url);
    const stack: Stack = {
      databaseUrl: pgServer.url,
      knex,
      baselinePort: baseline.port,
      env,
      async createDatabase(name) {
        if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`not a database name: ${name}`);
        await knex.raw(`create database ${name}`);
        const url = new URL(pgServer.url);
        url.pathname = `/${name}`;
        return url.toString();
      },
      async startWarroom(extraEnv = {}, settings = {}) {
        const loaded = loadConfig({ ...env, ...extraEnv }, { readFile: () => null });
        if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
        const config = loaded.config;
        const warroom = await startWarroom({ ...config, port: 0, host: '127.0.0.1', settings: { ...config.settings, ...settings } }, log);
        await warroom.ready;
        return warroom;
      },
    };
    return await work(stack);
  } finally {
    await knex.destroy();
    await baseline?.close();
    await pgServer.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The stack with one Warroom in-process (webhooks, API; Slack off). */
export function withWarroomStack<T>(work: (stack: WarroomStack) => Promise<T>): Promise<T> {
  return withStack(async (stack) => {
    const warroom = await stack.startWarroom();
    try {
      return await work({ ...stack, warroom });
    } finally {
      await warroom.stop();
    }
  });
}
