import { createOnCallLookup, type OnCallLookup } from '../app/oncall/find-on-call.js';
import { ACK_CHECK_JOB, createPagingService, PAGE_JOB, SYNC_RESOLVE_JOB, type PagingService } from '../app/oncall/paging-service.js';
import { createSlackDirectory } from '../app/oncall/slack-directory.js';
import { createMirrorNotes } from '../app/oncall/mirror-notes.js';
import { MIRROR_NOTES_JOB, SYNC_SEVERITY_JOB } from '../app/oncall/paging-sync-jobs.js';
import { createSyncSeverity } from '../app/oncall/sync-severity.js';
import type { PagesStore, PagingProvider, PagingProviderName } from '../app/ports/paging.js';
import { createPostgresNoteMirrors } from '../adapters/postgres/postgres-note-mirrors.js';
import { createPostgresPages } from '../adapters/postgres/postgres-pages.js';
import { createSlackPeopleDirectory } from '../adapters/slack/slack-people-directory.js';
import type { Base } from './base.js';
import { pagingProviders } from './outside-systems.js';
import { createSlackRoomParts, type SlackRoomParts } from './slack-room.js';
import { createBreakGlassRoomLine } from '../app/fallback/break-glass-room.js';
import { fallbackRoomLinks } from './fallback-room.js';

export interface PagingParts {
  readonly providers: Partial<Record<PagingProviderName, PagingProvider>>;
  readonly pages: PagesStore;
  /** Null when Slack is off. */
  readonly slackRoom: SlackRoomParts | null;
  readonly onCall: OnCallLookup;
  readonly paging: PagingService;
}

/** Paging and on-call (who is on call, as a Slack user when Slack is on), with the jobs that page, check acknowledgements and sync resolves, notes and severity. */
export function createPaging(base: Base): PagingParts {
  const { config, database, clock, log, jobs, monitor, lifecycle, telemetry } = base;
  const providers = pagingProviders(config, monitor);
  const pages = createPostgresPages(database.knex);
  const slackRoom = config.slack ? createSlackRoomParts(config, database, clock, monitor) : null;
  const findSlackUser = slackRoom ? createSlackDirectory({ chat: slackRoom.chat, clock }) : () => Promise.resolve(null);
  const onCall = createOnCallLookup({ providers, findSlackUser, settings: config.settings, log });
  const emails = config.slack ? createSlackPeopleDirectory({ token: config.slack.botToken, apiUrl: config.slack.apiUrl }) : null;
  const breakGlassRoomLine = createBreakGlassRoomLine({ ...fallbackRoomLinks(base), settings: config.settings, log });
  const paging = createPagingService({ providers, store: database.store, pages, jobs, settings: config.settings, room: base.room, clock, log, telemetry, emails, findSlackUser, breakGlassRoomLine });
  lifecycle.add({ name: 'paging jobs', start: () => jobs.work(PAGE_JOB, (data) => paging.runPage(data)) });
  lifecycle.add({ name: 'acknowledgement jobs', start: () => jobs.work(ACK_CHECK_JOB, (data) => paging.checkAck(data)) });
  const mirrorNotes = createMirrorNotes({ providers, store: database.store, pages, mirrors: createPostgresNoteMirrors(database.knex), mirrorNotes: config.settings.paging.mirrorNotes, clock, log });
  const syncSeverity = createSyncSeverity({ providers, store: database.store, pages, log });
  const byIncident = (run: (incidentId: number) => Promise<void>) => (data: Readonly<Record<string, unknown>>) => (typeof data.incidentId === 'number' ? run(data.incidentId) : Promise.resolve());
  lifecycle.add({ name: 'note-mirror jobs', start: () => jobs.work(MIRROR_NOTES_JOB, byIncident(mirrorNotes)) });
  lifecycle.add({ name: 'severity-sync jobs', start: () => jobs.work(SYNC_SEVERITY_JOB, byIncident(syncSeverity)) });
  lifecycle.add({
    name: 'resolve-sync jobs',
    start: () => jobs.work(SYNC_RESOLVE_JOB, (data) => (typeof data.incidentId === 'number' ? paging.syncResolve(data.incidentId) : Promise.resolve())),
  });
  return { providers, pages, slackRoom, onCall, paging };
}
