import { ATTACH_DELIVERY_JOB } from './receive-delivery.js';
import type { DeliveryStore, JobQueue } from './ports.js';

export type RequeueUnprocessed = () => Promise<number>;

/**
 * The safety net of "persist, then answer": a delivery stored but never attached (the process
 * died between commit and queueing, or the queue was unreachable) gets its job again. Attaching
 * is idempotent, so a second job for the same delivery does nothing.
 */
export function createRequeueUnprocessed(deps: { deliveries: DeliveryStore; jobs: JobQueue; olderThanSeconds: number }): RequeueUnprocessed {
  return async () => {
    const stale = await deps.deliveries.unprocessed(deps.olderThanSeconds, 500);
    for (const { provider, deliveryId } of stale) await deps.jobs.send(ATTACH_DELIVERY_JOB, { provider, deliveryId });
    return stale.length;
  };
}
