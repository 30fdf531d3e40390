import { incidentRef } from '../../core/incident.js';
import { ChatRateLimitedError, ChatUnavailableError } from '../ports/chat.js';
import { DependencyUnavailableError, type Clock, type Logger } from '../ports/runtime.js';
import { type SlackOutbox, type SlackTask } from '../ports/room.js';
import { type Telemetry } from '../ports/telemetry.js';
import { startLeaseHeartbeat } from './lease-heartbeat.js';
import type { RunRoomTask } from './run-room-task.js';
import { afterFailure, isRoomSetup, ROOM_SETUP_KINDS } from './task-failures.js';
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
  /** How long a claim lasts unless renewed (every third of it, while the task runs): how soon a dead replica's task is taken over. */
  readonly leaseSeconds: number;
  /** The pause after Slack is found unreachable, doubling on each probe up to `maxOutagePauseMs`. */
  readonly firstOutagePauseMs: number;
  readonly maxOutagePauseMs: number;
  /** The wait after a task's first failure, doubling on each further failure up to `maxRetryMs`. */
  readonly firstRetryMs: number;
  readonly maxRetryMs: number;
  /** A room set-up that failed this many times is reported stuck (log line and gauge); it keeps trying. */
  readonly stuckAfterFailures: number;
}

export const ROOM_WORKER_DEFAULTS: RoomWorkerOptions = {
  leaseSeconds: 20,
  firstOutagePauseMs: 1000,
  maxOutagePauseMs: 30_000,
  firstRetryMs: 2000,
  maxRetryMs: 300_000,
  stuckAfterFailures: 5,
};

const IDLE_POLL_MS = 250;
// How often an idle replica recounts stuck set-ups, so one fixed by another replica leaves the gauge.
const STUCK_RECOUNT_MS = 15_000;

/**
 * Drains the Slack outbox one task at a time. One task in flight per replica keeps "never call
 * before Retry-After" exact within the replica; limits are shared through the database.
 * A 429 waits exactly Retry-After; an outage pauses the worker (up to 30 s) and keeps trying, so
 * Slack work catches up, most severe first, when Slack returns. Only a task's own failures count: a
 * room set-up retries them (2 s doubling to 5 min) as long as its incident is open, any other task
 * stops after 5.
 */
export function createRoomWorker(
  deps: { outbox: SlackOutbox; runTask: RunRoomTask; clock: Clock; log: Logger; telemetry: Pick<Telemetry, 'roomSetupsStuck'> },
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

  let stuckCountedAt = Number.NEGATIVE_INFINITY;
  async function countStuckSetups(): Promise<void> {
    stuckCountedAt = deps.clock.now().getTime();
    deps.telemetry.roomSetupsStuck(await outbox.countFailing(ROOM_SETUP_KINDS, options.stuckAfterFailures));
  }

  /** A failure of the task itself: counted, retried after a doubling wait, given up only where that is allowed. */
  async function taskFailed(task: SlackTask, err: unknown, message: string): Promise<void> {
    const failures = task.failures + 1;
    const ref = incidentRef(task.incidentId);
    const context = { task: task.kind, incidentId: task.incidentId, ref, failures, err: message };
    if (afterFailure(task, failures, err) === 'give_up') {
      if (held(task, await outbox.complete(task, `failed: ${message}`.slice(0, 500)))) log.error(context, 'slack task failed for good');
      return;
    }
    const retryMs = doubling(options.firstRetryMs, failures - 1, options.maxRetryMs);
    const stuck = isRoomSetup(task) && failures >= options.stuckAfterFailures;
    if (!held(task, await outbox.failed(task, later(retryMs), message))) return;
    log.warn({ ...context, retryInSeconds: retryMs / 1000 }, stuck ? `the room set-up of ${ref} is stuck; still retrying` : 'slack task failed; retrying');
  }

  /**
   * Whether this attempt still held the lease when it wrote its outcome. When another claim took the
   * task over (this attempt ran past its lease without renewing it), the outbox kept the task as the
   * new holder left it and this attempt's outcome is dropped.
   */
  function held(task: SlackTask, written: boolean): boolean {
    if (!written) log.warn({ task: task.kind, taskId: task.id, incidentId: task.incidentId }, 'slack task attempt lost its lease; its outcome is dropped, the attempt holding the task decides');
    return written;
  }

  /** Runs the task while renewing its lease, so no other replica runs it meanwhile. */
  async function runHoldingLease(task: SlackTask): Promise<string> {
    const heartbeat = startLeaseHeartbeat({ outbox, log }, task, options.leaseSeconds);
    try {
      return await deps.runTask(task);
    } finally {
      await heartbeat.stop();
    }
  }

  async function runOne(): Promise<boolean> {
    const task = await outbox.claimNext(options.leaseSeconds);
    if (!task) {
      if (deps.clock.now().getTime() - stuckCountedAt >= STUCK_RECOUNT_MS) await countStuckSetups();
      return false;
    }
    await handle(task);
    if (isRoomSetup(task)) await countStuckSetups();
    return true;
  }

  async function handle(task: SlackTask): Promise<void> {
    try {
      const outcome = await runHoldingLease(task);
      outageStreak = 0;
      if (held(task, await outbox.complete(task, outcome))) log.debug({ task: task.kind, incidentId: task.incidentId, outcome }, 'slack task done');
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof ChatRateLimitedError) {
        held(task, await outbox.retryLater(task, later(err.retryAfterSeconds * 1000), message));
      } else if (err instanceof ChatUnavailableError) {
        // Slack is down for every task, not this one: the task keeps its place (so severity order
        // holds when Slack returns) and the whole worker pauses, 1 s doubling to 30 s.
        outageStreak += 1;
        const pause = doubling(options.firstOutagePauseMs, outageStreak - 1, options.maxOutagePauseMs);
        log.warn({ task: task.kind, incidentId: task.incidentId, attempt: task.attempts, retryInSeconds: pause / 1000, err: message }, 'Slack unavailable; every task waits in the outbox');
        held(task, await outbox.retryLater(task, deps.clock.now(), message));
        pauseMs = pause;
      } else if (err instanceof DependencyUnavailableError) {
        throw err; // the lease expires and the task is retried once the database is back
      } else {
        await taskFailed(task, err, message);
      }
    }
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
