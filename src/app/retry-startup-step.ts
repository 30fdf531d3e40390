import type { Logger } from './ports/runtime.js';

export interface StartupRetryPolicy {
  /** A database outage: waited out for as long as it lasts (the replica is simply not ready yet). */
  readonly isOutage: (err: unknown) => boolean;
  /** Any other failure is retried until this moment, then start-up fails (and the process exits 1). */
  readonly giveUpAt: number;
  readonly stopped: () => boolean;
  readonly log: Logger;
  readonly now?: () => number;
}

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 15_000;

/** Thrown when start-up stops because the process is shutting down: not a failure. */
export class StartupStoppedError extends Error {
  constructor() {
    super('start-up stopped: Warroom is shutting down');
    this.name = 'StartupStoppedError';
  }
}

/**
 * Runs one start-up step until it succeeds, with capped backoff (0.5 s doubling to 15 s). A
 * replica must never sit unready for good while /healthz says 200: an outage is waited out, any
 * other error (a migration lock held by another replica's long migration, Socket Mode refusing to
 * connect) is retried until the start-up budget ends, then thrown so the process exits and the
 * orchestrator restarts it.
 */
export async function retryStartupStep<T>(what: string, work: () => Promise<T>, policy: StartupRetryPolicy): Promise<T> {
  const now = policy.now ?? Date.now;
  for (let attempt = 1; ; attempt++) {
    if (policy.stopped()) throw new StartupStoppedError();
    try {
      return await work();
    } catch (err) {
      if (policy.stopped()) throw new StartupStoppedError();
      const message = err instanceof Error ? err.message : String(err);
      const outage = policy.isOutage(err);
      if (!outage && now() >= policy.giveUpAt) throw new Error(`${what} failed: ${message}`, { cause: err });
      const delayMs = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(attempt - 1, 10));
      policy.log.warn({ step: what, attempt, retryInMs: delayMs, err: message }, outage ? `${what}: database unavailable, retrying` : `${what} failed; retrying`);
      // Unref: a SIGTERM during start-up must not wait for this timer before the process can end.
      await new Promise((r) => setTimeout(r, outage ? delayMs : Math.min(delayMs, Math.max(0, policy.giveUpAt - now()) + 1)).unref());
    }
  }
}

/**
 * A step that retries by itself and may never return (Socket Mode reconnects forever when Slack
 * refuses it): it fails once the start-up budget is spent, so start-up can give up on it.
 */
export async function settleBefore<T>(work: Promise<T>, giveUpAt: number, what: string, now: () => number = Date.now): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within the start-up budget (STARTUP_RETRY_SECONDS)`)), Math.max(0, giveUpAt - now()));
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
