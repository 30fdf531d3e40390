/**
 * Preloaded into every test process (`--import ./test/runner/lingering-handles.ts`): once a file's
 * tests and hooks are done, the process must end by itself. If a handle (a server, a socket, an
 * interval) still holds it after a grace period, this names the handles on stderr and exits 1, so the
 * file fails loudly instead of hanging until `--test-timeout`.
 *
 * Why not `--test-force-exit`: it exits as soon as the last test ends, before the child has flushed
 * its results to the runner, and the runner then reports fewer tests than ran with "fail 0"
 * (nodejs/node#64833; seen here: a file reported 1 of its 6 tests). After the grace period every
 * result has long been written, so nothing is lost, and a leak is a visible failure.
 *
 * The timer is unref'd: a clean file exits at once and never waits for it. It starts from the first
 * root-level `after` hook (this one, registered before the file's own), so the file's own teardown
 * (stopping PostgreSQL, closing servers) runs inside the grace period.
 * `WARROOM_TEST_EXIT_GRACE_MS` sets it (60 s by default).
 */
import { after } from 'node:test';

const DEFAULT_GRACE_MS = 60_000;

type Handle = { constructor?: { name?: string }; address?: () => unknown; remoteAddress?: string; remotePort?: number; localPort?: number; _onTimeout?: unknown; fd?: number };

/** One line per handle that keeps the event loop alive: its kind and what it is bound to. */
export function describeHandles(handles: unknown[]): string[] {
  return handles.flatMap((raw) => {
    const handle = raw as Handle;
    const kind = handle.constructor?.name ?? typeof raw;
    // The runner's own pipes (stdout/stderr to the parent) are always there.
    if (typeof handle.fd === 'number' && handle.fd <= 2) return [];
    if (handle.remoteAddress !== undefined) return [`${kind} to ${handle.remoteAddress}:${handle.remotePort} (local port ${handle.localPort})`];
    if (typeof handle.address === 'function') {
      const address = handle.address();
      return [`${kind} listening on ${typeof address === 'string' ? address : JSON.stringify(address)}`];
    }
    if (typeof handle._onTimeout === 'function') return [`${kind}: ${String(handle._onTimeout).replace(/\s+/g, ' ').slice(0, 160)}`];
    return [kind];
  });
}

const graceMs = Number(process.env.WARROOM_TEST_EXIT_GRACE_MS ?? DEFAULT_GRACE_MS);

if (Number.isFinite(graceMs) && graceMs > 0) {
  after(() => {
    setTimeout(() => {
      // `_getActiveHandles` is undocumented but the only way to say *which* server or socket leaked.
      const handles = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles?.() ?? [];
      const described = describeHandles(handles);
      process.stderr.write(
        `\n${process.argv[1] ?? 'this test file'}: every test has ended, but the process is still alive ${graceMs} ms later.\n` +
          `Open handles (close them in an after hook):\n${(described.length > 0 ? described : process.getActiveResourcesInfo()).map((line) => `  - ${line}`).join('\n')}\n`,
      );
      process.exit(1);
    }, graceMs).unref();
  }, { timeout: graceMs + 1000 });
}
