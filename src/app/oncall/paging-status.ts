import type { PagesStore } from '../ports/paging.js';

const NAMES = { pagerduty: 'PagerDuty', opsgenie: 'Opsgenie' } as const;

/** "Paged via PagerDuty (acknowledged), Opsgenie (waiting)": the paging line of the summary. */
export function createPagingStatus(pages: PagesStore): (incidentId: number) => Promise<string | null> {
  return async (incidentId) => {
    const sent = await pages.forIncident(incidentId);
    if (sent.length === 0) return null;
    return `Paged via ${sent.map((p) => `${NAMES[p.provider]} (${p.acknowledgedAt ? 'acknowledged' : 'waiting for an ack'})`).join(', ')}`;
  };
}
