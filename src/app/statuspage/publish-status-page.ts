import type { Incident } from '../../core/incident.js';
import { statusPageMarker, updateOfEvent, type StatusPageNotice, type StatusPageUpdate } from '../../core/statuspage.js';
import type { TimelineEvent } from '../../core/timeline.js';
import { noteKey } from '../oncall/mirror-notes.js';
import type { IncidentReader } from '../ports/incidents.js';
import type { Clock, JobQueue, Logger } from '../ports/runtime.js';
import { StatusPageRefusedError, StatusPageUnavailableError, type StatusPage, type StatusPageRequest, type StatusPageStore } from '../ports/statuspage.js';
import { PUBLISH_STATUSPAGE_JOB } from './status-page-updates.js';


export interface PublishStatusPageDeps {
  readonly incidents: IncidentReader;
  readonly statusPage: StatusPage;
  readonly records: StatusPageStore;
  readonly jobs: JobQueue;
  /** Tells the incident channel (a room task); a no-op when Slack is off. */
  readonly notify: (incidentId: number, notice: StatusPageNotice) => Promise<void>;
  readonly clock: Clock;
  readonly log: Logger;
}

const request = (incident: Incident, u: StatusPageUpdate): StatusPageRequest => ({
  marker: statusPageMarker(incident),
  name: u.name,
  status: u.status,
  body: u.body,
  components: Object.fromEntries(u.components.map((c) => [c.componentId, c.status])),
});

/**
 * The jobs that publish: `publish` sends every recorded update of the incident not sent yet, oldest
 * first, one replica at a time. Each update is an intent recorded before the call; the first one
 * creates the status-page incident and later ones update it. When an earlier run may have created it
 * (its answer or our record of it was lost), the page is searched for the marker before creating.
 * Statuspage's 429 waits its Retry-After (the job runs again then); a refusal is told in the channel.
 */
export function createPublishStatusPage(deps: PublishStatusPageDeps) {
  async function sendOne(incident: Incident, event: TimelineEvent, update: StatusPageUpdate): Promise<'sent' | 'refused'> {
    const key = noteKey(event);
    const state = await deps.records.intend(incident.id, key, deps.clock.now());
    if (state === 'sent' || state === 'failed') return 'sent';
    try {
      const link = await deps.records.link(incident.id);
      const req = request(incident, update);
      // 'sending': an earlier run got this far and may have created it. Without this look, a crash there creates a second one.
      const found = link === null && state === 'sending' ? await deps.statusPage.findByMarker(req.marker) : null;
      const answer = link !== null ? await deps.statusPage.update(link.pageIncidentId, req) : (found ?? (await deps.statusPage.create(req)));
      await deps.records.saveLink(incident.id, { ...answer, status: update.status });
      await deps.records.markSent(incident.id, key, deps.clock.now());
      await deps.notify(incident.id, { outcome: 'sent', by: event.actor, status: update.status, url: answer.url, error: null });
      return 'sent';
    } catch (err) {
      if (!(err instanceof StatusPageRefusedError)) throw err;
      deps.log.warn({ incident: incident.ref, err: err.reason }, 'Statuspage refused a status-page update; not retried');
      await deps.records.markFailed(incident.id, key, err.reason);
      await deps.notify(incident.id, { outcome: 'refused', by: event.actor, status: update.status, url: null, error: err.reason });
      return 'refused';
    }
  }

  async function publishPending(incidentId: number): Promise<void> {
    const incident = await deps.incidents.find(incidentId);
    if (!incident) return;
    for (const event of (await deps.incidents.timeline(incidentId)).filter((e) => e.kind === 'statuspage_update')) {
      const update = updateOfEvent(event);
      if (update !== null) await sendOne(incident, event, update);
    }
  }

  return {
    async publish(incidentId: number): Promise<void> {
      try {
        const run = await deps.records.exclusively(incidentId, () => publishPending(incidentId));
        // Another replica is publishing this incident and may have read the timeline before the newest update: look again shortly.
        if (!run.ran) await deps.jobs.send(PUBLISH_STATUSPAGE_JOB, { incidentId }, { startAfterSeconds: 1 });
      } catch (err) {
        if (!(err instanceof StatusPageUnavailableError) || err.retryAfterMs === null) throw err;
        // Rate-limited: nothing is sent before its Retry-After ends; the later updates wait behind this one.
        deps.log.info({ incidentId, retryAfterMs: err.retryAfterMs }, 'Statuspage rate limit: publishing again after its Retry-After');
        await deps.jobs.send(PUBLISH_STATUSPAGE_JOB, { incidentId }, { startAfterSeconds: Math.max(1, Math.ceil(err.retryAfterMs / 1000)) });
      }
    },

    /** The incident was resolved (however): when its status-page incident still shows it open, the channel is offered the resolution. */
    async offerResolution(incidentId: number): Promise<void> {
      const link = await deps.records.link(incidentId);
      if (link === null || link.publicStatus === 'resolved') return;
      const incident = await deps.incidents.find(incidentId);
      if (incident?.status !== 'resolved') return;
      await deps.notify(incidentId, { outcome: 'resolve_offer', by: null, status: 'resolved', url: link.url, error: null });
    },
  };
}

export type PublishStatusPage = ReturnType<typeof createPublishStatusPage>;