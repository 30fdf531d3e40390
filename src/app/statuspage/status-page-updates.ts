import { checkStatusPageUpdate, draftStatusPageUpdate, statusPageEvent, type ComponentStatus, type StatusPageUpdate } from '../../core/statuspage.js';
import type { IncidentStore } from '../ports/incidents.js';
import type { Clock, JobQueue } from '../ports/runtime.js';

/** Job: publish the incident's recorded status-page updates that were not sent yet, in order (`createPublishStatusPage`). */
export const PUBLISH_STATUSPAGE_JOB = 'statuspage.publish';
/** Job: the incident was resolved; offer to resolve its status-page incident too, if that is still open there. */
export const OFFER_STATUSPAGE_RESOLUTION_JOB = 'statuspage.offer_resolution';

/** The settings the feature runs on; none (null) when `statuspage.pageId` or STATUSPAGE_API_KEY is unset. */
export interface StatusPageSettings {
  /** Warroom service name → Statuspage component id. */
  readonly components: Readonly<Record<string, string>>;
}

/** What the modal sends back: the components by id, each with the status picked. */
export interface SubmittedUpdate extends Omit<StatusPageUpdate, 'components'> {
  readonly components: readonly { readonly componentId: string; readonly status: ComponentStatus }[];
}

export type SubmitOutcome = { readonly ok: true } | { readonly ok: false; readonly field: 'name' | 'body' | null; readonly message: string };

export interface StatusPageUpdates {
  /** The modal's pre-filled update; `resolve`: the resolution. Null when there is no such incident. */
  draft(incidentId: number, resolve?: boolean): Promise<StatusPageUpdate | null>;
  /**
   * A person pressed Publish: the update is recorded on the timeline (who, and exactly what the public
   * will read), then published by the job, durably and in order. Nothing is published any other way.
   */
  submit(incidentId: number, update: SubmittedUpdate, actor: string): Promise<SubmitOutcome>;
}

export function createStatusPageUpdates(deps: { store: IncidentStore; jobs: JobQueue; settings: StatusPageSettings; clock: Clock }): StatusPageUpdates {
  return {
    async draft(incidentId, resolve = false) {
      const incident = await deps.store.find(incidentId);
      return incident ? draftStatusPageUpdate(incident, deps.settings.components, resolve) : null;
    },
    async submit(incidentId, update, actor) {
      const incident = await deps.store.find(incidentId);
      if (!incident) return { ok: false, field: null, message: `No incident INC-${incidentId}.` };
      // Only configured components go out, each named by its services (the incident's, else every one mapped to it).
      const mapped = Object.entries(deps.settings.components);
      const components = update.components.flatMap((c) => {
        const all = mapped.filter(([, id]) => id === c.componentId).map(([service]) => service);
        const ours = all.filter((service) => incident.services.includes(service));
        return all.length > 0 ? [{ componentId: c.componentId, services: ours.length > 0 ? ours : all, status: c.status }] : [];
      });
      const checked = checkStatusPageUpdate({ ...update, components });
      if (!checked.ok) return checked;
      await deps.store.append(incidentId, [statusPageEvent(checked.update, actor, deps.clock.now())]);
      // After the commit, like the paging syncs: a lost send is caught up by the next update's job.
      await deps.jobs.send(PUBLISH_STATUSPAGE_JOB, { incidentId });
      return { ok: true };
    },
  };
}
