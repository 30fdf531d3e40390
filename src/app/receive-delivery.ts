import type { AlertProvider } from '../core/alert.js';
import type { AttachWakeUp, DeliveryStore, ParsedDelivery } from './ports/webhooks.js';
import type { Clock } from './ports/runtime.js';

export type ReceiveDelivery = (provider: AlertProvider, delivery: ParsedDelivery, raw: Buffer) => Promise<'stored' | 'duplicate'>;

/**
 * Persist, then answer: the delivery and its signals are durably stored before the caller sends
 * 202. The stored row is the attach queue's entry; `attachWakeUp` starts this process's attach worker on it.
 */
export function createReceiveDelivery(deps: { deliveries: DeliveryStore; clock: Clock; attachWakeUp?: AttachWakeUp }): ReceiveDelivery {
  return async (provider, delivery, raw) => {
    const outcome = await deps.deliveries.record(provider, delivery, raw, deps.clock.now());
    if (outcome === 'stored' && delivery.signals.length > 0) deps.attachWakeUp?.wake();
    return outcome;
  };
}
