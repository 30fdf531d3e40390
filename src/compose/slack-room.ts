/** Slack's side of the composition root: the outbox, the rate-limited client and the room worker. */
import { fallbackRoomAvailability } from '../fallback-room-settings.js';
import { createPostgresSlackOutages } from '../adapters/postgres/postgres-slack-outages.js';
import { createCatchUps } from '../app/room/catch-ups.js';
import type { Incident } from '../core/incident.js';
import type { PagingState } from '../core/paging-state.js';
import type { RoomMessage } from '../core/room-message.js';
import { createChangeIncident } from '../app/change-incident.js';
import type { DependencyMonitor } from '../app/health/dependency-monitor.js';
import { monitoredChat } from '../app/health/monitored.js';
import type { Chat } from '../app/ports/chat.js';
import type { Clock, Logger } from '../app/ports/runtime.js';
import type { PagesStore } from '../app/ports/paging.js';
import type { SlackOutbox } from '../app/ports/room.js';
import type { Telemetry } from '../app/ports/telemetry.js';
import type { FindRunbooks } from '../app/room/find-runbooks.js';
import { rateLimitedChat } from '../app/room/rate-limited-chat.js';
import { createRoomWorker, ROOM_WORKER_DEFAULTS, type RoomWorker, type RoomWorkerOptions } from '../app/room/room-worker.js';
import type { IncidentQueries } from '../app/query-incidents.js';
import type { OnCallLookup } from '../app/oncall/find-on-call.js';
import { createPagingStatus } from '../app/oncall/paging-status.js';
import { createSlackDirectory } from '../app/oncall/slack-directory.js';
import { createRunRoomTask } from '../app/room/run-room-task.js';
import { createPostgresSlackOutbox } from '../adapters/postgres/postgres-slack-outbox.js';
import { createSlackChat, roomMessageParts } from '../adapters/slack/slack-chat.js';
import { createSlackChannelMembers } from '../adapters/slack/slack-channel-members.js';
import { createPrivateVisibility, type PrivateVisibility } from '../app/private-visibility.js';
import type { Config } from '../config.js';
import type { Base } from './base.js';
import type { Database } from './database.js';
import { statusPageResolutionOffer } from './statuspage.js';

export interface SlackRoomParts {
  readonly outbox: SlackOutbox;
  readonly chat: Chat;
  readonly messageParts: (message: RoomMessage) => readonly RoomMessage[];
}

/** The Slack outbox and the rate-limit-aware client every Slack call goes through. */
export function createSlackRoomParts(config: Config, database: Database, clock: Clock, monitor: DependencyMonitor): SlackRoomParts {
  const slack = config.slack;
  if (!slack) throw new Error('Slack is off');
  const outbox = createPostgresSlackOutbox(database.knex);
  return { outbox, chat: rateLimitedChat(monitoredChat(createSlackChat({ token: slack.botToken, apiUrl: slack.apiUrl }), monitor), outbox, clock), messageParts: roomMessageParts };
}

/** The worker that drains the Slack outbox: channel set-up, summaries, updates, reminders. */
export function createRoomWorkerFor(
  config: Config,
  database: Database,
  log: Logger,
  clock: Clock,
  parts: SlackRoomParts,
  extras: {
    postmortem: (incidentId: number) => Promise<string | null>;
    findRunbooks: FindRunbooks;
    pagingStatus: (incidentId: number) => Promise<PagingState>;
    findCommander: (incident: Incident) => Promise<string | null>;
    offerStatusPageResolution?: (incidentId: number) => Promise<void>;
  },
  options: RoomWorkerOptions,
  telemetry: Telemetry,
): RoomWorker {
  const outages = createPostgresSlackOutages(database.knex);
  const runTask = createRunRoomTask({
    ...parts,
    outages,
    webView: fallbackRoomAvailability(config.fallbackRoom, config.settings.fallbackRoom).on,
    incidents: database.store,
    // The room worker's own changes (recording the channel, the commander) go through a
    // changeIncident of their own, with room tasks off (no `room` policy): they must not queue a
    // summary refresh (the set-up posts it next) nor wake the worker that is making them, and they
    // never resolve an incident, so the provider sync and the milestones have nothing to do here.
    changeIncident: createChangeIncident({ store: database.store, clock }),
    settings: config.settings,
    catchUp: createCatchUps({ store: database.store, settings: config.settings, clock }).forPerson,
    members: createSlackChannelMembers({ token: config.slack?.botToken ?? '', apiUrl: config.slack?.apiUrl ?? '' }),
    ...extras,
    clock,
    log,
  });
  return createRoomWorker({ outbox: parts.outbox, runTask, clock, log, telemetry, outages }, options);
}

/** The room worker of a Slack-enabled Warroom, started with the others and stopped before the job queue. */
export function createRoomWorkerWith(
  base: Base,
  slackRoom: SlackRoomParts,
  deps: { queries: IncidentQueries; findRunbooks: FindRunbooks; pages: PagesStore; onCall: OnCallLookup },
): RoomWorker {
  const { config, database, log, clock, options, telemetry } = base;
  const roomWorker = createRoomWorkerFor(config, database, log, clock, slackRoom, {
    postmortem: async (id: number) => {
      const draft = await deps.queries.postmortem(`INC-${id}`);
      return draft.ok ? draft.value : null;
    },
    findRunbooks: deps.findRunbooks,
    pagingStatus: createPagingStatus(deps.pages, createSlackDirectory({ chat: slackRoom.chat, clock })),
    findCommander: async (incident) => (await deps.onCall.primaryFor(incident.services))?.slackUserId ?? null,
    ...statusPageResolutionOffer(base),
  }, { ...ROOM_WORKER_DEFAULTS, slots: config.roomWorkerSlots, ...options.roomWorker }, telemetry);
  base.lifecycle.add({ name: 'room worker', start: () => roomWorker.start(), stop: () => roomWorker.stop() });
  return roomWorker;
}

/** Who sees a private incident on the Slack surfaces outside its channel (its channel's members, asked of Slack). */
export function createPrivateVisibilityFor(config: Config, clock: Clock, log: Logger): PrivateVisibility {
  const slack = config.slack;
  if (!slack) throw new Error('Slack is off');
  return createPrivateVisibility({ members: createSlackChannelMembers({ token: slack.botToken, apiUrl: slack.apiUrl }), clock, log });
}
