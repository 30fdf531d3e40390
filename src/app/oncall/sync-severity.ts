import type { IncidentStore } from '../ports/incidents.js';
import { PagingUnavailableError, type PagesStore, type PagingProvider, type PagingProviderName } from '../ports/paging.js';
import type { Logger } from '../ports/runtime.js';

/**
 * Job: the incident's severity goes to every linked provider page whose API can take it (PagerDuty
 * urgency, Opsgenie priority; the mapping is the adapter's). It sets the current severity, so a rerun
 * or two changes in a row end in the same state. A change that came from a provider is not sent back
 * to that provider. Outages are retried by the job once every link was tried; refusals are logged.
 */
export function createSyncSeverity(deps: {
  providers: Partial<Record<PagingProviderName, PagingProvider>>;
  store: IncidentStore;
  pages: PagesStore;
  log: Logger;
}): (incidentId: number) => Promise<void> {
  return async (incidentId) => {
    const incident = await deps.store.find(incidentId);
    if (!incident) return;
    const lastChange = (await deps.store.timeline(incidentId)).filter((e) => e.kind === 'severity_changed').at(-1);
    let outage: PagingUnavailableError | null = null;
    for (const link of await deps.pages.forIncident(incidentId)) {
      const provider = deps.providers[link.provider];
      if (!provider?.setSeverity || lastChange?.actor === link.provider) continue;
      try {
        await provider.setSeverity(link.reference, incident.severity);
      } catch (err) {
        if (err instanceof PagingUnavailableError) {
          outage ??= err;
          continue;
        }
        deps.log.warn({ incident: incident.ref, provider: link.provider, reference: link.reference, err: err instanceof Error ? err.message : String(err) }, 'the provider refused the severity change');
      }
    }
    if (outage) throw outage;
  };
}
