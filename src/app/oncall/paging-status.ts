import type { PagingState } from '../../core/paging-state.js';
import type { PagesStore } from '../ports/paging.js';
import { PROVIDER_NAMES } from './provider-names.js';

/** The pages sent for an incident and whether each was acknowledged: the paging status of the summary. */
export function createPagingStatus(pages: PagesStore): (incidentId: number) => Promise<PagingState> {
  return async (incidentId) => (await pages.forIncident(incidentId)).map((p) => ({ provider: PROVIDER_NAMES[p.provider], sentAt: p.sentAt, acknowledgedAt: p.acknowledgedAt }));
}
