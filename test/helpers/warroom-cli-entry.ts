/**
 * How a test runs the CLI (or a fixture) as a child process: `npm test` runs the suite compiled into
 * .test-build/ (test/runner/build-tests.mjs), where the child runs the same compiled JavaScript and
 * starts in ≈0.7 s; a test file run from its TypeScript source (`node --import tsx --test …`) runs the
 * child through tsx the same way.
 */
const COMPILED = import.meta.url.endsWith('.js');

/** `.js` in the compiled mirror, `.ts` from sources. */
export const SOURCE_EXTENSION = COMPILED ? '.js' : '.ts';

/** Node arguments that run `test/<path>` (given without extension, relative to the repo root). */
export function nodeEntry(pathWithoutExtension: string): string[] {
  return COMPILED ? [`${pathWithoutExtension}.js`] : ['--import', 'tsx', `${pathWithoutExtension}.ts`];
}

/** Node arguments that run the Warroom CLI (test/helpers/warroom-cli). */
export const WARROOM_CLI: readonly string[] = nodeEntry('test/helpers/warroom-cli');

/** The CLI of another checkout (an older release from `git archive`): only sources there, run through tsx. */
export const WARROOM_CLI_FROM_SOURCE: readonly string[] = ['--import', 'tsx', 'test/helpers/warroom-cli.ts'];
