import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/warroom-process.js';

/**
 * The node flags `npm run test:only` passes (everything between `node` and the file list), read from
 * package.json so the runner's own tests run with exactly what `npm test` uses.
 */
export function runnerFlags(): string[] {
  const scripts = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const script = scripts['test:only'] ?? '';
  const match = /^node (.*?) \$\(find /.exec(script);
  if (!match?.[1]) throw new Error(`package.json's test:only is not "node <flags> $(find …)": ${script}`);
  return match[1].split(/\s+/);
}
