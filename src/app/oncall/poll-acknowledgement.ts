import type { PageAcknowledgement, PagingProvider } from '../ports/paging.js';

/**
 * Asks the provider whether a page was acknowledged, and by whom when it can say. A provider that
 * cannot be asked right now reads as "not acknowledged" (the ack check then fails over, as before).
 */
export async function pollAcknowledgement(provider: PagingProvider, reference: string): Promise<PageAcknowledgement> {
  try {
    if (provider.acknowledgement) return await provider.acknowledgement(reference);
    return { acknowledged: await provider.isAcknowledged(reference), acknowledgedBy: null, paged: [] };
  } catch {
    return { acknowledged: false, acknowledgedBy: null, paged: [] };
  }
}
