#!/usr/bin/env node
/**
 * `npm run test:build`: type-checks the project and compiles it ONCE into `.test-build/`, a mirror of
 * the checkout, so `npm test` runs plain JavaScript instead of loading every test file through tsx.
 *
 * Why: tsx on Node 20 resolves every import of a test process (≈2 000 modules with Bolt, knex and
 * pg-boss) through loader hooks on a second thread and transforms each TypeScript file, ≈2.5 s per
 * test process before its first test; the same graph as compiled JavaScript loads in ≈0.7 s. With 190
 * test files that was about a third of `npm test`.
 *
 * The mirror: every file of src/, test/, migrations/ and bench/ hard-linked at the same relative path
 * (the .ts sources too, for the tests that spawn tsx on a fixture), the emitted .js beside them, and
 * every other top-level entry (README.md, deploy/, node_modules, .git, …) a symlink, so a test that
 * reads `new URL('../../README.md', import.meta.url)` or runs from the repo root finds the same thing.
 * `dist/` in the mirror is the same emit (tsconfig.build.json compiles src + migrations with the same
 * options), stamped as fresh, so `bin/warroom.js` there does not rebuild.
 *
 * Plain JavaScript itself: it must run before anything is compiled.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, linkSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, '.test-build');
const COMPILED_DIRS = new Set(['src', 'test', 'migrations', 'bench']);
// Not mirrored: the mirror itself, and the real dist/ (the mirror has its own, see above).
const SKIPPED = new Set(['.test-build', 'dist']);

/** Hard-links (copies across devices) every file under `from` into `to`, keeping the tree. */
function mirrorTree(from, to) {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) mirrorTree(source, target);
    else if (entry.isSymbolicLink()) symlinkSync(source, target);
    else {
      try {
        linkSync(source, target);
      } catch {
        copyFileSync(source, target);
      }
    }
  }
}

const started = Date.now();
rmSync(out, { recursive: true, force: true });
mkdirSync(out);
for (const entry of readdirSync(root, { withFileTypes: true })) {
  if (SKIPPED.has(entry.name)) continue;
  if (entry.isDirectory() && COMPILED_DIRS.has(entry.name)) mirrorTree(join(root, entry.name), join(out, entry.name));
  else symlinkSync(join(root, entry.name), join(out, entry.name));
}

// The type check and the emit in one pass (the same options as `npm run typecheck`).
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json'), '--noEmit', 'false', '--outDir', out], { stdio: 'inherit' });
if (result.status !== 0) {
  console.error('test:build: the type check failed (above); nothing was run');
  process.exit(result.status ?? 1);
}

mkdirSync(join(out, 'dist'));
symlinkSync(join(out, 'src'), join(out, 'dist', 'src'));
symlinkSync(join(out, 'migrations'), join(out, 'dist', 'migrations'));
writeFileSync(join(out, 'dist', '.build-stamp'), `${new Date().toISOString()}\n`);
console.log(`test:build: type-checked and compiled into .test-build/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
