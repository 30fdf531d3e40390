import type { Logger } from './ports/runtime.js';
import { settledWithin } from './settled-within.js';

export interface TickerJob {
  readonly name: string;
  run(): Promise<unknown>;
  /** How loud a failed round is: reminders skip a round quietly, a failed break-glass check is a warning. */
  readonly failureLevel: 'debug' | 'warn';
}

export interface Ticker {
  start(): void;
  /**
   * No new rounds; waits for the rounds in flight for at most `withinMs` (they use the pool that is
   * closed next). Resolves true when they finished, false when they were left behind.
   */
  stop(withinMs: number): Promise<boolean>;
}

/**
 * The periodic checks of a replica (reminders, scope refresh, break-glass). A job whose previous
 * round is still running skips this one: with a slow metrics backend, rounds must not pile up.
 * `onRound` hears of each finished round, failed or not: what a test waits for instead of a sleep.
 */
export function createTicker(jobs: readonly TickerJob[], everyMs: number, log: Logger, onRound?: (job: string) => void): Ticker {
  const inFlight = new Map<string, Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  function round(): void {
    for (const job of jobs) {
      if (stopped || inFlight.has(job.name)) continue;
      const running = job
        .run()
        .then(
          () => undefined,
          (err: unknown) => log[job.failureLevel]({ job: job.name, err: err instanceof Error ? err.message : String(err) }, `${job.name}: a round failed; the next one retries`),
        )
        .finally(() => {
          inFlight.delete(job.name);
          onRound?.(job.name);
        });
      inFlight.set(job.name, running);
    }
  }

  return {
    start() {
      if (stopped || timer) return;
      timer = setInterval(round, everyMs);
      timer.unref();
    },
    async stop(withinMs) {
      stopped = true;
      clearInterval(timer);
      return settledWithin([...inFlight.values()], withinMs);
    },
  };
}
