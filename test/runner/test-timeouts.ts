/**
 * Preloaded into every test process (`--import ./test/runner/test-timeouts.ts`): gives each test and
 * hook that does not set its own `timeout` a default one, so a hang fails within minutes with the
 * test's name instead of stalling the run. Node 20's `--test-timeout` only bounds a whole file (the
 * runner's backstop) and names no test.
 *
 * `node:test` is a built-in: its named ESM exports are re-synchronised from the CommonJS object by
 * `syncBuiltinESMExports()`, so the test files' `import { test } from 'node:test'` see the wrapped
 * functions. `WARROOM_TEST_TIMEOUT_MS` sets the default (5 min; the fault tests use 10).
 *
 * One cost: node:test takes a test's `location` from its direct caller, so a failure reports this
 * file as the location; the failure's stack (and the test's name and file) still point at the test.
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';

const DEFAULT_TIMEOUT_MS = 300_000;

const require = createRequire(import.meta.url);
type Registrar = (...args: unknown[]) => unknown;
const nodeTest = require('node:test') as Record<string, Registrar>;
const timeoutMs = Number(process.env.WARROOM_TEST_TIMEOUT_MS ?? DEFAULT_TIMEOUT_MS);

/** test(name?, options?, fn?) and hook(fn?, options?): add `{ timeout }` unless options carry one. */
export function withDefaultTimeout(register: Registrar, ms: number, kind: 'test' | 'hook'): Registrar {
  return function (this: unknown, ...args: unknown[]) {
    const optionsAt = args.findIndex((a) => typeof a === 'object' && a !== null);
    if (optionsAt === -1) {
      const fnAt = args.findIndex((a) => typeof a === 'function');
      // Tests take their options before the function; hooks (fn, options) after it.
      if (kind === 'hook') args.splice(fnAt + 1, 0, { timeout: ms });
      else args.splice(fnAt === -1 ? args.length : fnAt, 0, { timeout: ms });
    } else if ((args[optionsAt] as { timeout?: unknown }).timeout === undefined) {
      args[optionsAt] = { ...(args[optionsAt] as object), timeout: ms };
    }
    return register.apply(this, args);
  };
}

if (Number.isFinite(timeoutMs) && timeoutMs > 0) {
  for (const name of ['test', 'it', 'before', 'after', 'beforeEach', 'afterEach']) {
    const original = nodeTest[name];
    if (typeof original === 'function') nodeTest[name] = withDefaultTimeout(original, timeoutMs, name === 'test' || name === 'it' ? 'test' : 'hook');
  }
  syncBuiltinESMExports();
}
