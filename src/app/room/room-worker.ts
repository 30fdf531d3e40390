import { ChatRateLimitedError, ChatUnavailableError, DependencyUnavailableError, type Clock, type Logger, type SlackOutbox } from '../ports.js';
import type { RunRoomTask } from './run-room-task.js';

export interface RoomWorker {
  start(): void;
  /** Finishes the task in hand, then stops; an unfinished task's lease lets another replica take it. */
  stop(): Promise<void>;
  /** Looks for work now (called after a local change committed a task). */
  wake(): void;
}

const IDLE_POLL_MS = 250;
const LEASE_SECONDS = 60;
const MAX_FAILED_ATTEMPTS = 5;

/**
 * Drains the Slack outbox one task at a time. One task in flight per replica keeps "never call
 * before Retry-After" exact within the replica; limits are shared through the database.
 * A 429 waits exactly Retry-After; an outage backs off (up to a minute) and keeps trying, so
 * Slack work catches up when Slack returns; a task Slack keeps refusing stops after 5 tries.
 */
export function createRoomWorker(deps: { outbox: SlackOutbox; runTask: RunRoomTask; clock: Clock; log: Logger }): RoomWorker {
  const { outbox, log } = deps;
  let running = false;
  let loop: Promise<void> | null = null;
  let wakeUp: (() => void) | null = null;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const later = (seconds: number) => new Date(deps.clock.now().getTime() + seconds * 1000);

  async function runOne(): Promise<boolean> {
    const task = await outbox.claimNext(LEASE_SECONDS);
    if (!task) return false;
    try {
      const outcome = await deps.runTask(task);
      await outbox.complete(task.id, outcome);
      log.debug({ task: task.kind, incidentId: task.incidentId, outcome }, 'slack task done');
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof ChatRateLimitedError) {
        await outbox.retryLater(task.id, later(err.retryAfterSeconds), message);
      } else if (err instanceof ChatUnavailableError) {
        const backoff = Math.min(60, 2 ** Math.min(task.attempts, 6));
        log.warn({ task: task.kind, incidentId: task.incidentId, attempt: task.attempts, retryInSeconds: backoff, err: message }, 'Slack unavailable; the task waits in the outbox');
        await outbox.retryLater(task.id, later(backoff), message);
      } else if (err instanceof DependencyUnavailableError) {
        throw err; // the lease expires and the task is retried once the database is back
      } else if (task.attempts >= MAX_FAILED_ATTEMPTS) {
        log.error({ task: task.kind, incidentId: task.incidentId, err: message }, 'slack task failed for good');
        await outbox.complete(task.id, `failed: ${message}`.slice(0, 500));
      } else {
        log.warn({ task: task.kind, incidentId: task.incidentId, attempt: task.attempts, err: message }, 'slack task failed; retrying');
        await outbox.retryLater(task.id, later(2 ** task.attempts), message);
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
      if (!busy && running) await sleep(IDLE_POLL_MS);
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      wakeUp?.();
      await loop;
    },
    wake() {
      wakeUp?.();
    },
  };
}
