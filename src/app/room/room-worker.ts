import { ChatRateLimitedError, ChatUnavailableError, DependencyUnavailableError, type Clock, type Logger, type SlackOutbox } from '../ports.js';
import type { RunRoomTask } from './run-room-task.js';
import { createWakeableSleep } from '../wakeable-sleep.js';

export interface RoomWorker {
  start(): void;
  /** Finishes the task in hand, then stops; an unfinished task's lease lets another replica take it. */
  stop(): Promise<void>;
  /** Looks for work now (called after a local change committed a task). */
  wake(): void;
}

/** The worker's timings; tests shorten them to play minutes of outage in a second. */
export interface RoomWorkerOptions {
  /** How long a claimed task stays taken before another replica may run it. */
  readonly leaseSeconds: number;
  /** The pause after Slack is found unreachable, doubling on each probe up to `maxOutagePauseMs`. */
  readonly firstOutagePauseMs: number;
  readonly maxOutagePauseMs: number;
  /** The wait after a task's first failure, doubling on each further failure up to `maxRetryMs`. */
  readonly firstRetryMs: number;
  readonly maxRetryMs: number;
}

export const ROOM_WORKER_DEFAULTS: RoomWorkerOptions = {
  leaseSeconds: 60,
  firstOutagePauseMs: 1000,
  maxOutagePauseMs: 30_000,
  firstRetryMs: 2000,
  maxRetryMs: 300_000,
};

const IDLE_POLL_MS = 250;
const MAX_FAILED_ATTEMPTS = 5;

/**
 * Drains the Slack outbox one task at a time. One task in flight per replica keeps "never call
 * before Retry-After" exact within the replica; limits are shared through the database.
 * A 429 waits exactly Retry-After; an outage pauses the worker (up to 30 s) and keeps trying, so
 * Slack work catches up, most severe first, when Slack returns; a task Slack keeps refusing stops after 5 tries.
 */
export function createRoomWorker(
  deps: { outbox: SlackOutbox; runTask: RunRoomTask; clock: Clock; log: Logger },
  options: RoomWorkerOptions = ROOM_WORKER_DEFAULTS,
): RoomWorker {
  const { outbox, log } = deps;
  let running = false;
  let stopped = false;
  let loop: Promise<void> | null = null;
  let outageStreak = 0; // Slack-unavailable failures in a row
  let pauseMs = 0;

  const idle = createWakeableSleep();
  const sleep = (ms: number) => idle.sleep(ms);
  // A Slack outage pause is not cut short by local changes (they would probe a Slack that is down); only stop() ends it.
  const outagePause = createWakeableSleep();

  const later = (ms: number) => new Date(deps.clock.now().getTime() + ms);
  /** `first`, doubling `n` times, at most `max`. */
  const doubling = (first: number, n: number, max: number) => Math.min(max, first * 2 ** Math.min(n, 30));

  async function runOne(): Promise<boolean> {
    const task = await outbox.claimNext(options.leaseSeconds);
    if (!task) return false;
    try {
      const outcome = await deps.runTask(task);
      outageStreak = 0;
      await outbox.complete(task.id, outcome);
      log.debug({ task: task.kind, incidentId: task.incidentId, outcome }, 'slack task done');
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof ChatRateLimitedError) {
        await outbox.retryLater(task.id, later(err.retryAfterSeconds * 1000), message);
      } else if (err instanceof ChatUnavailableError) {
        // Slack is down for every task, not this one: the task keeps its place (so severity order
        // holds when Slack returns) and the whole worker pauses, 1 s doubling to 30 s.
        outageStreak += 1;
        const pause = doubling(options.firstOutagePauseMs, outageStreak - 1, options.maxOutagePauseMs);
        log.warn({ task: task.kind, incidentId: task.incidentId, attempt: task.attempts, retryInSeconds: pause / 1000, err: message }, 'Slack unavailable; every task waits in the outbox');
        await outbox.retryLater(task.id, deps.clock.now(), message);
        pauseMs = pause;
        return true;
      } else if (err instanceof DependencyUnavailableError) {
        throw err; // the lease expires and the task is retried once the database is back
      } else if (task.attempts >= MAX_FAILED_ATTEMPTS) {
        log.error({ task: task.kind, incidentId: task.incidentId, err: message }, 'slack task failed for good');
        await outbox.complete(task.id, `failed: ${message}`.slice(0, 500));
      } else {
        log.warn({ task: task.kind, incidentId: task.incidentId, attempt: task.attempts, err: message }, 'slack task failed; retrying');
        await outbox.retryLater(task.id, later(doubling(options.firstRetryMs, task.attempts - 1, options.maxRetryMs)), message);
      }
    }
    return true;
  }

  async function run(): Promise<void> {
    while (running) {
      let busy = false;
      try {
        busy = await runOne();
      } catch (err) {
        log.warn({ err: err instanceof Error ? err.message : String(err) }, 'room worker: database unavailable; pausing');
        await sleep(1000);
      }
      if (pauseMs > 0 && running) {
        const pause = pauseMs;
        pauseMs = 0;
        await outagePause.sleep(pause);
      } else if (!busy && running) await sleep(IDLE_POLL_MS);
    }
  }

  return {
    start() {
      if (running || stopped) return; // never again after stop(): the pool it uses may be closed
      running = true;
      loop = run();
    },
    async stop() {
      stopped = true;
      running = false;
      idle.cancel();
      outagePause.cancel();
      await loop;
    },
    wake() {
      idle.wake();
    },
  };
}
