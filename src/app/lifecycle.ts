import type { Logger } from './ports/runtime.js';
import { retryStartupStep, StartupStoppedError, type StartupRetryPolicy } from './retry-startup-step.js';
import { settledWithin } from './settled-within.js';

/** One part of a running Warroom, with its start and its stop side by side. */
export interface Component {
  /** Names the step in the start-up retries and in the shutdown warnings. */
  readonly name: string;
  /**
   * Runs after the start of every component registered before it, retried by the start-up policy.
   * A component without one runs from the moment it is registered (created running: an open pool,
   * a listening server), so it is stopped even when start-up never reaches it.
   */
  readonly start?: () => Promise<unknown> | void;
  /** Runs before the stop of every component registered before it, bounded by `withinMs`. */
  readonly stop?: (withinMs: number) => Promise<unknown>;
  /** A grace of its own instead of what is left of the shared one (the database closes whatever happened above). */
  readonly ownGraceMs?: number;
}

export interface Lifecycle {
  /** Registers the next component: started after those registered before it, stopped before them. */
  add(component: Component): void;
  /**
   * Starts the components in order. When one fails for good, logs it, stops what already runs
   * (that one included: it may be half started) and rethrows; a stop() that came first ends
   * start-up with StartupStoppedError instead.
   */
  start(): Promise<void>;
  /** Stops every running component in reverse order, each bounded; every call returns the same stop. */
  stop(): Promise<void>;
  /** True from the first stop() on: start-up steps give up instead of retrying. */
  stopping(): boolean;
}

export interface LifecycleOptions {
  readonly log: Logger;
  /** What the stops share, counted from the end of `beforeStop`. */
  readonly graceMs: number;
  readonly retry: Omit<StartupRetryPolicy, 'stopped' | 'log'>;
  /** Runs first at stop, unbounded (the SHUTDOWN_DELAY_SECONDS pause while load balancers react). */
  readonly beforeStop?: () => Promise<void>;
  /** Start-up failed for good: said before anything stops. */
  readonly onStartFailed?: (err: unknown) => void;
  readonly now?: () => number;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Start and stop registered together, like backstage's `lifecycle.addShutdownHook`: adding a
 * worker is one `add` beside its creation, and the stop order (reverse of start) cannot drift.
 * Every stop is bounded, so a step that cannot finish (a database that is down) never keeps the
 * process from ending; the work left behind is picked up when its lease or pg-boss's expiry ends.
 */
export function createLifecycle(options: LifecycleOptions): Lifecycle {
  const { log } = options;
  const now = options.now ?? Date.now;
  const components: Component[] = [];
  const running = new Set<Component>();
  let started = false;
  let stopRequested = false;
  let stopped: Promise<void> | null = null;
  const policy: StartupRetryPolicy = { ...options.retry, stopped: () => stopRequested, log };

  async function stopOne(component: Component, deadline: number): Promise<void> {
    const withinMs = component.ownGraceMs ?? Math.max(0, deadline - now());
    const stopping = Promise.resolve()
      .then(() => component.stop?.(withinMs))
      .catch((err: unknown) => log.warn({ step: component.name, err: message(err) }, `stopping: ${component.name} failed`));
    if (!(await settledWithin([stopping], withinMs))) {
      log.warn({ step: component.name }, `stopping: ${component.name} did not finish within the shutdown grace; left to its lease`);
    }
  }

  async function stopAll(): Promise<void> {
    await options.beforeStop?.();
    const deadline = now() + options.graceMs;
    for (const component of [...components].reverse()) {
      if (running.has(component) && component.stop) await stopOne(component, deadline);
    }
    log.info({}, 'stopped');
  }

  const lifecycle: Lifecycle = {
    add(component) {
      if (started) throw new Error(`${component.name}: components are added before start()`);
      components.push(component);
      if (!component.start) running.add(component);
    },
    async start() {
      if (started) throw new Error('start() runs once');
      started = true;
      for (const component of components) {
        const start = component.start;
        if (!start) continue;
        try {
          if (stopRequested) throw new StartupStoppedError();
          running.add(component);
          await retryStartupStep(component.name, async () => start(), policy);
        } catch (err) {
          if (!(err instanceof StartupStoppedError)) {
            options.onStartFailed?.(err);
            await lifecycle.stop();
          }
          throw err;
        }
      }
    },
    stop() {
      stopRequested = true;
      stopped ??= stopAll();
      return stopped;
    },
    stopping: () => stopRequested,
  };
  return lifecycle;
}
