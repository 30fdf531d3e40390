import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SOURCE_EXTENSION } from '../helpers/warroom-cli-entry.js';
import { REPO_ROOT } from '../helpers/warroom-process.js';

/**
 * The node flags `npm run test:only` passes (everything between `node` and the file list), read from
 * package.json so the runner's own tests run with exactly what `npm test` uses.
 */
export function runnerFlags(): string[] {
  const scripts = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const script = scripts['test:only'] ?? '';
  // `npm test` runs the compiled mirror: `cd .test-build && node <flags> $(find …)`.
  const match = /^(?:cd \S+ && )?node (.*?) \$\(find /.exec(script);
  if (!match?.[1]) throw new Error(`package.json's test:only is not "[cd <dir> && ]node <flags> $(find …)": ${script}`);
  const flags = match[1].split(/\s+/);
  // Run from the TypeScript sources (`node --import tsx --test test/runner/…`): the same preloads, through tsx.
  return SOURCE_EXTENSION === '.js' ? flags : ['--import', 'tsx', ...flags.map((flag) => flag.replace(/^(\.\/test\/.*)\.js$/, '$1.ts'))];
}
