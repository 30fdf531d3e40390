/** Runs Warroom as a real child process, the way an operator does, and collects its output. */
import { spawn, type ChildProcess } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAlive, OWNER_FILE } from '../../src/adapters/postgres/embedded-postgres-owner.js';
import { WARROOM_CLI, WARROOM_CLI_FROM_SOURCE } from './warroom-cli-entry.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/**
 * The checkout itself, also when the tests run compiled in its mirror .test-build/ (where REPO_ROOT is
 * the mirror, whose src/ holds the emitted .js beside the .ts): for tests that lint or cruise the sources.
 */
export const SOURCE_ROOT = dirname(realpathSync(join(REPO_ROOT, 'package.json')));

export interface WarroomProcess {
  readonly child: ChildProcess;
  readonly base: string;
  output(): string;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  readonly exited: Promise<number | string>;
  alive(): boolean;
  /** DATA_DIR, where a serve on the embedded PostgreSQL keeps it (empty with DATABASE_URL). */
  readonly dataDir: string;
}

/**
 * `how: 'bin'` runs `node bin/warroom.js` (the npm start path, building dist/ when stale);
 * `how: 'source'` runs the CLI from TypeScript sources through tsx (faster to start).
 * `groupLeader`: in a process group of its own, as a shell runs a foreground command (a Ctrl-C is
 * then `process.kill(-pid, 'SIGINT')`).
 */
export function spawnWarroom(args: string[], env: Record<string, string>, how: 'bin' | 'source' = 'source', options: { groupLeader?: boolean; root?: string } = {}): WarroomProcess {
  const entry = how === 'bin' ? ['bin/warroom.js'] : options.root === undefined ? [...WARROOM_CLI] : [...WARROOM_CLI_FROM_SOURCE];
  const child = spawn(process.execPath, [...entry, ...args], {
    // `root`: another checkout (an older release), run the same way.
    cwd: options.root ?? REPO_ROOT,
    // The sandbox is off unless asked for: without Slack credentials these tests mean "Slack off".
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'info', WARROOM_SANDBOX: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.groupLeader === true,
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  let ended = false;
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      ended = true;
      resolve(code ?? signal ?? 'unknown');
    });
  });
  return { child, base: `http://127.0.0.1:${env.PORT ?? '3000'}`, output: () => out, exited, alive: () => !ended, dataDir: env.DATA_DIR ?? '' };
}

export async function stopWarroom(p: WarroomProcess, timeoutMs = 20_000): Promise<number | string> {
  let timer: NodeJS.Timeout | undefined;
  if (p.alive()) {
    p.child.kill('SIGTERM');
    timer = setTimeout(() => p.child.kill('SIGKILL'), timeoutMs);
  }
  const code = await p.exited;
  clearTimeout(timer);
  await stopOrphanedDatabase(p);
  return code;
}

/**
 * The embedded PostgreSQL outlives a Warroom killed hard (the next start adopts it; in its own
 * process group, not even the group's signals reach it). A test that ends there stops it, so no
 * server outlives the test run.
 */
export async function stopOrphanedDatabase(p: WarroomProcess, timeoutMs = 10_000): Promise<void> {
  if (p.dataDir === '' || p.alive()) return;
  const owner = await readFile(join(p.dataDir, OWNER_FILE), 'utf8').catch(() => '');
  if ((JSON.parse(owner || '{}') as { pid?: number }).pid !== p.child.pid) return; // not its owner, or it stopped the server itself
  const pid = Number((await readFile(join(p.dataDir, 'postgres', 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}
