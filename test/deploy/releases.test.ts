/**
 * deploy/releases.txt records each release's commit (tags may not reach a fresh clone). Every line
 * must parse, versions must rise, and each recorded commit must be in this checkout's history — a
 * typo or a commit lost to a rebase fails here, not during a rollback.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Release {
  version: string;
  commit: string | null; // null: not released yet
}

function readReleases(): Release[] {
  const text = readFileSync(new URL('../../deploy/releases.txt', import.meta.url), 'utf8');
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const m = /^(\d+\.\d+\.\d+) ([0-9a-f]{40}|unreleased)$/.exec(line);
      assert.ok(m, `"<version> <40-hex commit | unreleased>" expected, got: ${line}`);
      return { version: m[1]!, commit: m[2] === 'unreleased' ? null : m[2]! };
    });
}

const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

function historySkipReason(): string | false {
  if (!existsSync(new URL('../../.git', import.meta.url))) return 'no .git here (an archive, not a checkout)';
  try {
    if (git('rev-parse', '--is-shallow-repository') === 'true') return 'a shallow clone lacks older commits';
  } catch {
    return 'git is not usable here';
  }
  return false;
}

test('deploy/releases.txt lists releases oldest first, each once, only the last one unreleased', () => {
  const releases = readReleases();
  assert.ok(releases.length >= 2, 'at least 0.1.0 and 0.2.0');
  const numbers = releases.map((r) => r.version.split('.').map(Number));
  for (let i = 1; i < numbers.length; i++) {
    const [a, b] = [numbers[i - 1]!, numbers[i]!];
    const rises = a[0]! < b[0]! || (a[0] === b[0] && (a[1]! < b[1]! || (a[1] === b[1] && a[2]! < b[2]!)));
    assert.ok(rises, `${releases[i]!.version} must come after ${releases[i - 1]!.version}`);
  }
  releases.slice(0, -1).forEach((r) => assert.ok(r.commit, `${r.version} is followed by a later release, so it has a commit`));
});

test("each release's commit is in the git history", { skip: historySkipReason() }, () => {
  for (const { version, commit } of readReleases()) {
    if (commit === null) continue;
    assert.doesNotThrow(() => git('merge-base', '--is-ancestor', commit, 'HEAD'), `${version}: ${commit} is not in the history of HEAD`);
  }
});
