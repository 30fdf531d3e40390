import type { PagingCheckResult } from '../app/ports/paging-check.js';
import type { Clock } from '../app/ports/runtime.js';
import type { Config } from '../config.js';
import type { AppLogger } from '../logger.js';

/** `warroom paging-check`: one canary round now, a table on `out`, the exit code for scripts and cron. */
export async function runPagingCheckCli(config: Config, log: AppLogger, out: NodeJS.WritableStream, err: NodeJS.WritableStream, clockOrSystem?: Clock): Promise<number> {
  if (Object.keys(config.settings.paging.check.target).length === 0) {
    err.write('warroom paging-check: paging.check.target is not set in warroom.yml; name who the test page goes to per provider (README: "Paging canary").\n');
    return 2;
  }
  // Loaded only now: a missing target is answered without the composition root's seconds of loading.
  const { createDependencyMonitor, createPagingCheckFor, pagingProviders, systemClock, withDatabase } = await import('../main.js');
  const clock = clockOrSystem ?? systemClock;
  return withDatabase(config, log, async (database) => {
    const monitor = createDependencyMonitor({ clock, configured: [] });
    const check = createPagingCheckFor({ config, database, providers: pagingProviders(config, monitor), telemetry: { pagingCheckFinished: () => undefined }, clock, log });
    const results = await check.runNow();
    if (results === null) {
      out.write('Another Warroom process is running a paging check right now; nothing was paged here. Try again later.\n');
      return 1;
    }
    out.write(formatTable(results));
    return results.every((r) => r.outcome === 'acknowledged') ? 0 : 1;
  });
}

export function formatTable(results: readonly PagingCheckResult[]): string {
  const rows = [['provider', 'outcome', 'seconds', 'detail'], ...results.map((r) => [r.provider, r.outcome, r.seconds.toFixed(1), r.error ?? r.reference ?? ''])];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  return rows.map((row) => row.map((cell, i) => (i === 2 ? cell.padStart(widths[i] ?? 0) : i < 3 ? cell.padEnd(widths[i] ?? 0) : cell)).join('  ').trimEnd() + '\n').join('');
}
