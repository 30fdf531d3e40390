/**
 * CPU time of processes from /proc/<pid>/stat (Linux), in seconds: what the scaling scenario
 * divides by deliveries. Ticks are 1/100 s (`getconf CLK_TCK` on Linux x86-64 and arm64).
 */
import { readdir, readFile } from 'node:fs/promises';

const TICKS_PER_SECOND = 100;

interface Stat {
  readonly ppid: number;
  /** utime + stime, ticks. */
  readonly own: number;
  /** cutime + cstime: children that ended and were waited for, ticks. */
  readonly children: number;
}

async function stat(pid: number): Promise<Stat | null> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (text === null) return null;
  // The command name (field 2) may hold spaces and parentheses: fields are counted after the last ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const field = (i: number) => Number(rest[i - 3]);
  return { ppid: field(4), own: field(14) + field(15), children: field(16) + field(17) };
}

/**
 * CPU seconds of a process and everything it started: itself, its live children, and the children
 * that already ended (the parent's cutime/cstime, once it has waited for them, as the postmaster
 * does for each backend). Two readings subtract cleanly even when backends come and go between them.
 */
export async function treeCpuSeconds(pid: number): Promise<number> {
  const entries = await readdir('/proc');
  const children = await Promise.all(entries.filter((e) => /^\d+$/.test(e)).map((e) => stat(Number(e))));
  const live = children.reduce((sum, s) => (s !== null && s.ppid === pid ? sum + s.own : sum), 0);
  // A child that ends between these two reads is counted in part twice (live, then in cutime);
  // the pools keep their backends, so that is rare and small.
  const parent = await stat(pid);
  if (parent === null) throw new Error(`process ${pid} is gone`);
  return (parent.own + parent.children + live) / TICKS_PER_SECOND;
}
