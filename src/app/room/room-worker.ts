import { incidentRef } from '../../core/incident.js';
import { ChatRateLimitedError, ChatUnavailableError } from '../ports/chat.js';
import { DependencyUnavailableError, type Clock, type Logger } from '../ports/runtime.js';
import { type SlackOutbox, type SlackTask } from '../ports/room.js';
import type { SlackOutages } from '../ports/slack-outages.js';
import { type Telemetry } from '../ports/telemetry.js';
import { startLeaseHeartbeat } from './lease-heartbeat.js';
import type { RunRoomTask } from './run-room-task.js';
import { afterFailure, isRoomSetup, ROOM_SETUP_KINDS } from './task-failures.js';
import { createWakeableSleep, type WakeableSleep } from '../wakeable-sleep.js';

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
  /** Tasks run side by side in this replica (never two of one incident: the claim takes only an incident's unleased head). */
  readonly slots: number;
}

export const ROOM_WORKER_DEFAULTS: RoomWorkerOptions = {
  leaseSeconds: 20,
  firstOutagePauseMs: 1000,
  maxOutagePauseMs: 30_000,
  firstRetryMs: 2000,
  maxRetryMs: 300_000,
  stuckAfterFailures: 5,
  // 1: more is safe for Slack's rate limits (calls under one limit go one at a time) and 8 sets up a
  // burst of twenty 4–5× faster (bench/RESULTS.md), but after a Slack outage the retried set-ups of
  // several slots reach conversations.create in their retry order, not severity order (the Slack-outage
  // fault test saw a SEV1 channel created after two SEV2s at 8). Opt in until that order holds.
  slots: 1,
};

const IDLE_POLL_MS = 250;
// How much earlier than its task's row a change's events may be stamped (a wait for a pooled connection included).
const QUEUED_AFTER_STAMPED_MS = 5000;
// A helper slot is woken by a slot that found work (or by wake()); its own poll is only a backstop.
const HELPER_IDLE_MS = 5000;
// How often an idle replica recounts stuck set-ups, so one fixed by another replica leaves the gauge.
const STUCK_RECOUNT_MS = 15_000;

/**
 * Drains the Slack outbox in `slots` loops, one task each, so a burst of incidents gets its rooms
 * side by side; the claim never hands out a second task of an incident whose task is running (any
 * replica), so one incident's tasks stay in order. Slot 0 polls; a slot that claims a task wakes a
 * free one to look for more, so a burst fans out without every slot polling. Every slot's calls go
 * through the same rate-limited client: a 429 one slot gets holds the method for all of them.
 * A 429 waits exactly Retry-After; an outage pauses the worker (up to 30 s) and keeps trying, so
 * Slack work catches up, most severe first, when Slack returns. Only a task's own failures count: a
 * room set-up retries them (2 s doubling to 5 min) as long as its incident is open, any other task
 * stops after 5.
 */
export function createRoomWorker(
  deps: {
    outbox: SlackOutbox;
    runTask: RunRoomTask;
    clock: Clock;
    log: Logger;
    telemetry: Pick<Telemetry, 'roomSetupsStuck'>;
    /** Where the outages every replica sees are recorded (absent: not recorded, no digest). */
    outages?: Pick<SlackOutages, 'wentDown' | 'cameBack'>;
  },
  options: RoomWorkerOptions = ROOM_WORKER_DEFAULTS,
): RoomWorker {
  const { outbox, log } = deps;
  let running = false;
  let stopped = false;
  let loops: Promise<void>[] = [];
  let outageStreak = 0; // Slack-unavailable failures in a row
  const slots = createSlots(Math.max(1, options.slots));
  // A Slack outage pause is not cut short by local changes (they would probe a Slack that is down); only stop() ends it.
  // Every slot waits for it before claiming: Slack is down for all of them.
  const outagePause = createWakeableSleep();
  let outage: Promise<void> | null = null;
  function pauseForOutage(): number | null {
    if (outage) return null; // a slot whose call was in flight when the pause began: the same outage, not a new probe
    outageStreak += 1;
    const pause = doubling(options.firstOutagePauseMs, outageStreak - 1, options.maxOutagePauseMs);
    outage = outagePause.sleep(pause).then(() => {
      outage = null;
    });
    return pause;
  }

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

  async function runOne(slot: Slot): Promise<boolean> {
    const task = await outbox.claimNext(options.leaseSeconds);
    if (!task) {
      if (deps.clock.now().getTime() - stuckCountedAt >= STUCK_RECOUNT_MS) await countStuckSetups();
      return false;
    }
    slot.busy = true;
    slots.wakeFree(slot); // there may be more: another slot looks while this one works
    try {
      await handle(task);
      if (isRoomSetup(task)) await countStuckSetups();
    } finally {
      slot.busy = false;
    }
    return true;
  }

  async function handle(task: SlackTask): Promise<void> {
    try {
      const outcome = await runHoldingLease(task);
      outageStreak = 0;
      if (held(task, await outbox.complete(task, outcome))) log.debug({ task: task.kind, incidentId: task.incidentId, outcome }, 'slack task done');
      await slackAnswered();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof ChatRateLimitedError) {
        // Due when the limit ends, the same instant for every task it held: the claim then takes them by severity.
        held(task, await outbox.retryLater(task, err.until ?? later(err.retryAfterSeconds * 1000), message));
      } else if (err instanceof ChatUnavailableError) {
        // Slack is down for every task, not this one: the task keeps its place (so severity order
        // holds when Slack returns) and the whole worker (every slot) pauses, 1 s doubling to 30 s.
        const pause = pauseForOutage();
        if (pause !== null) log.warn({ task: task.kind, incidentId: task.incidentId, attempt: task.attempts, retryInSeconds: pause / 1000, err: message }, 'Slack unavailable; every task waits in the outbox');
        held(task, await outbox.retryLater(task, deps.clock.now(), message));
        if (pause !== null) await deps.outages?.wentDown(outageStart(await outbox.taskCreatedAt(task.id)));
      } else if (err instanceof DependencyUnavailableError) {
        throw err; // the lease expires and the task is retried once the database is back
      } else {
        await taskFailed(task, err, message);
      }
    }
  }

  /**
   * The outage starts no later than the failing task was queued: what was done since went unseen in
   * Slack. The task's time is the database's, taken when the change's transaction began; the change's
   * timeline events were stamped by this process just before it, so the start allows for that gap.
   */
  function outageStart(taskCreatedAt: Date | null): Date {
    return new Date((taskCreatedAt ?? deps.clock.now()).getTime() - QUEUED_AFTER_STAMPED_MS);
  }

  /**
   * A Slack call succeeded: the outage any replica recorded is over. Asked after every task (one
   * indexed update that matches nothing while none is open), because the outage may have been seen
   * by another replica only; the one replica that closes it has the digests queued with it.
   */
  async function slackAnswered(): Promise<void> {
    const ended = await deps.outages?.cameBack(deps.clock.now());
    if (ended) log.info({ since: ended.startedAt.toISOString(), until: ended.endedAt?.toISOString() }, 'Slack answers again; the digests of what was done meanwhile are queued');
  }

  async function run(slot: Slot): Promise<void> {
    while (running) {
      if (outage) await outage;
      if (!running) return;
      let busy = false;
      try {
        busy = await runOne(slot);
      } catch (err) {
        log.warn({ err: err instanceof Error ? err.message : String(err) }, 'room worker: database unavailable; pausing');
        await slot.idle.sleep(1000);
      }
      if (!busy && running && !outage) await slot.idle.sleep(slot.index === 0 ? IDLE_POLL_MS : HELPER_IDLE_MS);
    }
  }

  return {
    start() {
      if (running || stopped) return; // never again after stop(): the pool it uses may be closed
      running = true;
      loops = slots.all.map((slot) => run(slot));
    },
    async stop() {
      stopped = true;
      running = false;
      for (const slot of slots.all) slot.idle.cancel();
      outagePause.cancel();
      await Promise.all(loops);
    },
    wake() {
      slots.wakeFree(null);
    },
  };
}

/** One of the worker's loops: its idle wait, and whether it is running a task. */
interface Slot {
  readonly index: number;
  readonly idle: WakeableSleep;
  busy: boolean;
}

function createSlots(count: number): { all: readonly Slot[]; wakeFree(except: Slot | null): void } {
  const all: Slot[] = Array.from({ length: count }, (_, index) => ({ index, idle: createWakeableSleep(), busy: false }));
  return {
    all,
    // A free slot that is not sleeping yet keeps the wake for its next sleep, so none is lost.
    wakeFree: (except) => all.find((slot) => slot !== except && !slot.busy)?.idle.wake(),
  };
}
