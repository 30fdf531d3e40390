import type { RoomWakeUp } from '../app/ports/room.js';
import { roomTask } from '../app/room/room-task.js';
import { createPublishStatusPage } from '../app/statuspage/publish-status-page.js';
import { createStatusPageUpdates, OFFER_STATUSPAGE_RESOLUTION_JOB, PUBLISH_STATUSPAGE_JOB, type StatusPageUpdates } from '../app/statuspage/status-page-updates.js';
import { createPostgresSlackOutbox } from '../adapters/postgres/postgres-slack-outbox.js';
import { createPostgresStatusPage } from '../adapters/postgres/postgres-statuspage.js';
import { createStatusPageApi } from '../adapters/statuspage/statuspage-api.js';
import type { Base } from './base.js';

export interface StatusPageParts {
  /** Null when the feature is off (`statuspage.pageId` or STATUSPAGE_API_KEY unset). */
  readonly updates: StatusPageUpdates | null;
}

const isOn = ({ config }: Pick<Base, 'config'>): boolean => config.statuspage.apiKey !== null && config.settings.statuspage.pageId !== null;

/** For the room tasks: after an incident was resolved (however), queue the offer to resolve its status-page incident; nothing when the feature is off. */
export function statusPageResolutionOffer(base: Pick<Base, 'config' | 'jobs'>): { offerStatusPageResolution?: (incidentId: number) => Promise<void> } {
  return isOn(base) ? { offerStatusPageResolution: (incidentId) => base.jobs.send(OFFER_STATUSPAGE_RESOLUTION_JOB, { incidentId }) } : {};
}

/** Atlassian Statuspage updates (issue 20): the modal's use case and the jobs that publish and offer the resolution. */
export function createStatusPageParts(base: Base, roomWakeUp: RoomWakeUp): StatusPageParts {
  const { config, database, clock, log, jobs, lifecycle, room } = base;
  const { apiKey, apiUrl } = config.statuspage;
  const { pageId, components } = config.settings.statuspage;
  if (apiKey === null || pageId === null) return { updates: null };
  const outbox = createPostgresSlackOutbox(database.knex);
  const publisher = createPublishStatusPage({
    incidents: database.store,
    statusPage: createStatusPageApi({ apiUrl, apiKey, pageId }),
    records: createPostgresStatusPage(database.knex),
    jobs,
    notify: async (incidentId, notice) => {
      if (!room.enabled) return;
      await outbox.enqueue(incidentId, [roomTask('statuspage_notice', notice)]);
      roomWakeUp.wake();
    },
    clock,
    log,
  });
  const byIncident = (run: (incidentId: number) => Promise<void>) => (data: Readonly<Record<string, unknown>>) => (typeof data.incidentId === 'number' ? run(data.incidentId) : Promise.resolve());
  lifecycle.add({ name: 'status-page jobs', start: () => jobs.work(PUBLISH_STATUSPAGE_JOB, byIncident((id) => publisher.publish(id))) });
  lifecycle.add({ name: 'status-page resolution offers', start: () => jobs.work(OFFER_STATUSPAGE_RESOLUTION_JOB, byIncident((id) => publisher.offerResolution(id))) });
  return { updates: createStatusPageUpdates({ store: database.store, jobs, settings: { components }, clock }) };
}
