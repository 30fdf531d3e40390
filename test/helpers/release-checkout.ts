/**
 * The real previous release, for rolling-upgrade tests: its commit comes from deploy/releases.txt
 * (tags may not reach a fresh clone; the history does), its tree from `git archive`.
 */
import { execFileSync, execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './warroom-process.js';

export interface Release {
  readonly version: string;
  readonly commit: string;
}

/** The newest release recorded in deploy/releases.txt that is not this checkout's own commit. */
export function previousRelease(): Release {
  const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  const released = readFileSync(join(REPO_ROOT, 'deploy/releases.txt'), 'utf8')
    .split('\n')
    .map((line) => /^(\d+\.\d+\.\d+) ([0-9a-f]{40})$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ version: m[1]!, commit: m[2]! }))
    .filter((r) => r.commit !== head);
  const last = released.at(-1);
  if (!last) throw new Error('deploy/releases.txt records no release before this checkout');
  return last;
}

/** The locked dependency tree without the root package (whose version changes with every release). */
function lockedDependencies(lockText: string): string {
  const lock = JSON.parse(lockText) as { packages?: Record<string, unknown> };
  const { '': _root, ...packages } = lock.packages ?? {};
  return JSON.stringify(packages);
}

/**
 * Extracts `release` into a temporary directory, with its dependencies: this checkout's
 * node_modules when both lock the same tree, else a clean `npm ci` of its own.
 */
export function checkOutRelease(release: Release): { root: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), `warroom-${release.version}-`));
  execSync(`git archive --format=tar ${release.commit} | tar -x -C '${root}'`, { cwd: REPO_ROOT, stdio: 'pipe' });
  const theirs = execFileSync('git', ['show', `${release.commit}:package-lock.json`], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ours = readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8');
  if (lockedDependencies(theirs) === lockedDependencies(ours)) symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  else execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'pipe' });
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
