import type { TimelineEvent } from '../../core/timeline.js';
import { isPagingProvider, PROVIDER_NAMES } from './provider-names.js';
import { PagingUnavailableError, type PagesStore, type PagingProvider, type PagingProviderName } from '../ports/paging.js';
import { type Clock } from '../ports/runtime.js';
import { type IncidentStore } from '../ports/incidents.js';

const WHAT: Record<PagingProviderName, string> = { pagerduty: 'incident', opsgenie: 'alert', jsm: 'alert' };

/**
 * Resolving our incident resolves the PagerDuty incidents and closes the Opsgenie alerts linked to
 * it (the pages it sent and, for a real incident, the alerts that came in). Each link is handled on
 * its own and its outcome goes on the timeline: a refusal does not stop the others, and a provider
 * outage is retried (the job fails once all links were tried) for the links not done yet.
 */
export function createSyncResolve(deps: {
  providers: Partial<Record<PagingProviderName, PagingProvider>>;
  store: IncidentStore;
  pages: PagesStore;
  resolveLinked: Readonly<Record<PagingProviderName, boolean>>;
  clock: Clock;
}): (incidentId: number) => Promise<void> {
  return async (incidentId) => {
    const incident = await deps.store.find(incidentId);
    // Reopened before this job ran: the provider's side stays open too.
    if (!incident || incident.status !== 'resolved') return;
    const linked = new Map<string, { provider: PagingProviderName; reference: string }>();
    for (const p of await deps.pages.forIncident(incidentId)) linked.set(`${p.provider}:${p.reference}`, p);
    // A drill's alerts were made up by Warroom: there is nothing at the provider to resolve (pages it sent are real).
    for (const a of incident.drill ? [] : (await deps.store.evidence(incidentId)).alerts) {
      if (isPagingProvider(a.provider)) linked.set(`${a.provider}:${a.key}`, { provider: a.provider, reference: a.key });
    }
    // What an earlier run of this job (for this resolve) already recorded: done links are not redone, an outage is said once.
    const since = incident.resolvedAt?.getTime() ?? 0;
    const recorded = new Map<string, TimelineEvent>();
    for (const e of await deps.store.timeline(incidentId)) {
      if ((e.kind === 'provider_resolved' || e.kind === 'provider_resolve_failed') && e.at.getTime() >= since) recorded.set(`${String(e.data.provider)}:${String(e.data.reference)}`, e);
    }
    let outage: PagingUnavailableError | null = null;
    for (const [id, { provider: name, reference }] of linked) {
      const provider = deps.providers[name];
      if (!provider || !deps.resolveLinked[name]) continue;
      const before = recorded.get(id);
      if (before && before.data.retrying !== true) continue;
      const what = `the linked ${PROVIDER_NAMES[name]} ${WHAT[name]} ${reference}`;
      let event: Omit<TimelineEvent, 'at' | 'actor'>;
      try {
        await provider.resolve(reference, `Resolved in Warroom (${incident.ref}).`);
        event = { kind: 'provider_resolved', text: `Resolved ${what}`, data: { provider: name, reference } };
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const retrying = err instanceof PagingUnavailableError;
        if (retrying) outage ??= err;
        if (retrying && before) continue;
        event = { kind: 'provider_resolve_failed', text: `Could not resolve ${what}${retrying ? ' (will retry)' : ''}: ${message}`, data: { provider: name, reference, retrying, error: message } };
      }
      await deps.store.append(incidentId, [{ ...event, at: deps.clock.now(), actor: 'warroom' }]);
    }
    if (outage) throw outage;
  };
}
