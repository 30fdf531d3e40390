/**
 * Who owns the embedded PostgreSQL of a DATA_DIR: exactly one live process (the one that started
 * it, or adopted it from a dead one) stops it on exit; every other process only connects to it.
 * The owner is named in `<dataDir>/embedded-postgres.owner.json` by pid and process start time
 * (so a reused pid is not taken for a live owner).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const OWNER_FILE = 'embedded-postgres.owner.json';

interface Owner {
  readonly pid: number;
  /** The process start time (clock ticks since boot, Linux); null where /proc is missing. */
  readonly startedAt: string | null;
}

export type Claim = { readonly owner: true; release(): Promise<void> } | { readonly owner: false; readonly by: number };

/**
 * Becomes the owner when nobody is, or when the named owner is dead (its server, if still running,
 * is then ours to adopt); otherwise reports the live owner. Exclusive: of two processes claiming
 * at once, one wins.
 */
export async function claimOwnership(dataDir: string): Promise<Claim> {
  const file = join(dataDir, OWNER_FILE);
  const me: Owner = { pid: process.pid, startedAt: processStartTime(process.pid) };
  const mine = JSON.stringify(me);
  for (;;) {
    if (await createExclusively(file, mine)) return { owner: true, release: () => releaseIfMine(file, mine) };
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text === null) continue; // released between our two steps: try again
    const current = parseOwner(text);
    if (current !== null && isAliveOwner(current)) return { owner: false, by: current.pid };
    await removeStale(file, text);
  }
}

/** The live owner's pid, or null when there is none (nobody, or a dead process). */
export async function liveOwner(dataDir: string): Promise<number | null> {
  const text = await readFile(join(dataDir, OWNER_FILE), 'utf8').catch(() => null);
  const current = text === null ? null : parseOwner(text);
  return current !== null && isAliveOwner(current) ? current.pid : null;
}

/** Written whole, then linked into place: link fails if the file exists, and no reader sees a partial file. */
async function createExclusively(file: string, text: string): Promise<boolean> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(temp, text);
  try {
    await link(temp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/**
 * Removes the file of a dead owner. It is first moved aside, so that if another newcomer replaced
 * it in the meantime, we see that and put that live claim back instead of deleting it.
 */
async function removeStale(file: string, staleText: string): Promise<void> {
  const aside = `${file}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await rename(file, aside);
  } catch {
    return; // already gone: claim again
  }
  const moved = await readFile(aside, 'utf8').catch(() => staleText);
  if (moved !== staleText) await link(aside, file).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

async function releaseIfMine(file: string, mine: string): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === mine) await unlink(file).catch(() => undefined);
}

function parseOwner(text: string): Owner | null {
  try {
    const parsed = JSON.parse(text) as { pid?: unknown; startedAt?: unknown };
    if (typeof parsed.pid !== 'number' || !Number.isInteger(parsed.pid) || parsed.pid <= 0) return null;
    return { pid: parsed.pid, startedAt: typeof parsed.startedAt === 'string' ? parsed.startedAt : null };
  } catch {
    return null; // unreadable: treated as a dead owner
  }
}

function isAliveOwner(owner: Owner): boolean {
  if (!isAlive(owner.pid)) return false;
  // A live pid with another start time is a new process that reuses a dead owner's pid.
  const startedAt = processStartTime(owner.pid);
  return owner.startedAt === null || startedAt === null || startedAt === owner.startedAt;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, but another user's (a postmaster run as `postgres`)
  }
}

/** Field 22 of /proc/<pid>/stat (after the parenthesised command name, which may contain spaces). */
function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}
