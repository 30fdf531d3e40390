import type { AlertProvider } from '../core/alert.js';
import type { Clock, DeliveryStore, JobQueue, Logger, ParsedDelivery } from './ports.js';

/** The pg-boss job that attaches a stored delivery's alerts to incidents. */
export const ATTACH_DELIVERY_JOB = 'alerts.attach';

export type ReceiveDelivery = (provider: AlertProvider, delivery: ParsedDelivery, raw: Buffer) => Promise<'stored' | 'duplicate'>;

/**
 * Persist, then answer: the delivery and its signals are durably stored before the caller sends
 * 202. Attaching runs as a job; if queueing it fails, the sweeper finds the delivery later.
 */
export function createReceiveDelivery(deps: { deliveries: DeliveryStore; jobs: JobQueue; clock: Clock; log: Logger }): ReceiveDelivery {
  return async (provider, delivery, raw) => {
    const outcome = await deps.deliveries.record(provider, delivery, raw, deps.clock.now());
    if (outcome === 'stored' && delivery.signals.length > 0) {
      await deps.jobs.send(ATTACH_DELIVERY_JOB, { provider, deliveryId: delivery.deliveryId }).catch((err: unknown) => {
        deps.log.warn({ provider, deliveryId: delivery.deliveryId, err: err instanceof Error ? err.message : String(err) }, 'could not queue the attach job; the sweeper will');
      });
    }
    return outcome;
  };
}
