import type { AttachDelivery } from './attach-delivery.js';
import { createWakeableSleep } from './wakeable-sleep.js';
import { DependencyUnavailableError, type Logger } from './ports/runtime.js';
import { type DeliveryStore, type PendingDelivery } from './ports/webhooks.js';
import { type Telemetry } from './ports/telemetry.js';

/** The name attach timings are reported under (`warroom_jobs_total{job="alerts.attach"}`). */
export const ATTACH_JOB_NAME = 'alerts.attach';

export interface AttachWorker {
  start(): void;
  /** Finishes the attaches in hand, then stops; whatever is left stays pending for any replica. */
  stop(): Promise<void>;
  /** A delivery was just stored here: look now instead of at the next poll. */
  wake(): void;
}

export interface AttachWorkerOptions {
  /** Attaches running at once (each is one transaction; one hot grouping key serialises anyway). */
  readonly concurrency: number;
  /** How often an idle worker looks for deliveries stored by another replica. */
  readonly idlePollMs: number;
}

const BATCH = 100;
const DATABASE_DOWN_PAUSE_MS = 1000;

/**
 * The deliveries table is the attach queue: stored rows with `processed_at` null are taken oldest
 * first and attached, a few at a time. Nothing is sent anywhere on the request path, so a delivery
 * stored just before a crash or during a database restart is simply found on the next look, by
 * this replica or another. Attaching is idempotent and claims its row with `skip locked`, so two
 * replicas looking at the same rows split them. A delivery that fails for a reason other than the
 * database is deferred with a growing backoff and never blocks the rows behind it.
 */
export function createAttachWorker(
  deps: { deliveries: DeliveryStore; attachDelivery: AttachDelivery; telemetry: Telemetry; log: Logger },
  options: AttachWorkerOptions,
): AttachWorker {
  const { deliveries, log } = deps;
  let running = false;
  let stopped = false;
  let loop: Promise<void> | null = null;
  const idle = createWakeableSleep();
  const sleep = (ms: number) => idle.sleep(ms);
  const inFlight = new Map<string, Promise<boolean>>();
  /** Units being attached (a unit is one delivery, or the deliveries of one key taken together). */
  let units = 0;
  let slotFreed: (() => void) | null = null;

  const freeSlot = () =>
    new Promise<void>((resolve) => {
      if (units < options.concurrency) return resolve();
      slotFreed = resolve;
    });

  /** One job per delivery in the metrics, each with its share of the time a unit took. */
  function report(unit: readonly PendingDelivery[], outcome: 'completed' | 'failed', started: number): void {
    const seconds = (performance.now() - started) / 1000 / unit.length;
    for (let i = 0; i < unit.length; i++) deps.telemetry.jobFinished(ATTACH_JOB_NAME, outcome, seconds);
  }

  async function attachUnit(unit: readonly PendingDelivery[]): Promise<boolean> {
    const [item] = unit;
    if (!item) return false;
    if (unit.length === 1) return attachOne(item);
    const started = performance.now();
    try {
      const outcome = await deps.attachDelivery(item.provider, unit.map((d) => d.deliveryId));
      report(unit, 'completed', started);
      return outcome === 'attached';
    } catch (err) {
      if (err instanceof DependencyUnavailableError) {
        report(unit, 'failed', started);
        return false;
      }
      // One delivery of the unit may be the reason: one by one, so only that one waits out a backoff.
      let any = false;
      for (const d of unit) any = (await attachOne(d)) || any;
      return any;
    }
  }

  async function attachOne(item: PendingDelivery): Promise<boolean> {
    const started = performance.now();
    try {
      const outcome = await deps.attachDelivery(item.provider, item.deliveryId);
      report([item], 'completed', started);
      return outcome === 'attached';
    } catch (err) {
      report([item], 'failed', started);
      const message = err instanceof Error ? err.message : String(err);
      // The database is down: the row stays pending and is taken again once it is back.
      if (err instanceof DependencyUnavailableError) return false;
      try {
        const { attempts, retryInSeconds } = await deliveries.deferAttach(item.provider, item.deliveryId, message);
        log.error({ provider: item.provider, deliveryId: item.deliveryId, attempts, retryInSeconds, err: message }, 'could not attach a delivery; it stays stored and is retried');
      } catch (deferErr) {
        log.warn({ provider: item.provider, deliveryId: item.deliveryId, err: message, deferErr: deferErr instanceof Error ? deferErr.message : String(deferErr) }, 'could not attach a delivery; retrying on the next look');
      }
      return false;
    }
  }

  const keyOf = (d: PendingDelivery) => `${d.provider}\u0000${d.deliveryId}`;

  function dispatch(unit: readonly PendingDelivery[]): Promise<boolean> {
    units += 1;
    const work = attachUnit(unit).finally(() => {
      units -= 1;
      for (const item of unit) inFlight.delete(keyOf(item));
      const notify = slotFreed;
      slotFreed = null;
      notify?.();
    });
    for (const item of unit) inFlight.set(keyOf(item), work);
    return work;
  }

  async function run(): Promise<void> {
    while (running) {
      await freeSlot();
      if (!running) break;
      let batch: PendingDelivery[];
      try {
        batch = await deliveries.pending(BATCH);
      } catch (err) {
        log.debug({ err: err instanceof Error ? err.message : String(err) }, 'attach worker: database unavailable; pausing');
        await sleep(DATABASE_DOWN_PAUSE_MS);
        continue;
      }
      const fresh = batch.filter((item) => !inFlight.has(keyOf(item)));
      if (fresh.length === 0 && inFlight.size > 0) {
        // Every row found is in hand already (a hot key's unit): look again once one is done, not in a loop.
        await Promise.race([...new Set(inFlight.values())]);
        continue;
      }
      const round: Promise<boolean>[] = [];
      for (const unit of unitsByKey(fresh)) {
        await freeSlot();
        if (!running) break;
        round.push(dispatch(unit));
      }
      if (batch.length === BATCH || !running) continue; // a backlog: keep taking rows
      // Everything pending is in hand: wait for it, a local wake, or the poll (another replica's rows).
      const settled = Promise.all(round);
      const outcome = await Promise.race([settled, sleep(options.idlePollMs).then(() => null)]);
      idle.cancel(); // the round finished first: end that sleep now rather than leave its timer behind
      // Rows another worker holds come back unattached at once: do not spin on them.
      if (outcome !== null && !outcome.some(Boolean) && running) await sleep(options.idlePollMs);
    }
    await Promise.allSettled([...inFlight.values()]);
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
      slotFreed?.();
      await loop;
    },
    wake() {
      idle.wake();
    },
  };
}

/**
 * The pending deliveries as units of work, in the order of their first delivery: those of one
 * provider whose signals all carry the same grouping key go together (one transaction, one lock:
 * a hot key is attached in bulk rather than one delivery per lock wait); the rest one by one.
 */
export function unitsByKey(pending: readonly PendingDelivery[]): PendingDelivery[][] {
  const units: PendingDelivery[][] = [];
  const byKey = new Map<string, PendingDelivery[]>();
  for (const item of pending) {
    if (item.key === null) {
      units.push([item]);
      continue;
    }
    const id = `${item.provider}\u0000${item.key}`;
    const unit = byKey.get(id);
    if (unit) unit.push(item);
    else {
      const fresh = [item];
      byKey.set(id, fresh);
      units.push(fresh);
    }
  }
  return units;
}
