#!/usr/bin/env node
// The `warroom` command. Runs the compiled CLI from dist/, building it first when the sources
// are newer than the last build (so `npm start` on a fresh clone just works).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'src', 'cli', 'run-cli.js');
const stamp = join(root, 'dist', '.build-stamp');

function newestSourceMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, name.name);
    newest = Math.max(newest, name.isDirectory() ? newestSourceMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isStale() {
  if (!existsSync(entry) || !existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return ['src', 'migrations'].some((d) => newestSourceMtime(join(root, d)) > built);
}

if (existsSync(join(root, 'src')) && isStale()) {
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    console.error('warroom: dist/ is missing or out of date and TypeScript is not installed. Run `npm install` then `npm run build`.');
    process.exit(1);
  }
  process.stderr.write('warroom: building (sources changed since the last build)…\n');
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('warroom: the build failed; see the TypeScript errors above.');
    process.exit(1);
  }
  writeFileSync(stamp, new Date().toISOString());
}

const { runCli } = await import(pathToFileURL(entry).href);
process.exitCode = await runCli(process.argv.slice(2));
