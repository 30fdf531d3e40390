import type { SlackOutages } from '../ports/slack-outages.js';
import type { Incident } from '../../core/incident.js';
import type { PagingState } from '../../core/paging-state.js';
import type { ChangeIncident } from '../change-incident.js';
import type { Chat, ChatOutcome } from '../ports/chat.js';
import type { ChannelMembers } from '../ports/channel-members.js';
import type { Clock, Logger } from '../ports/runtime.js';
import type { IncidentReader, IncidentStore } from '../ports/incidents.js';
import type { RoomMessage } from '../../core/room-message.js';
import type { RoomTask, SlackOutbox, SlackTaskKind } from '../ports/room.js';
import type { CatchUps } from './catch-ups.js';
import type { FindRunbooks } from './find-runbooks.js';
import type { RoomSettings } from './room-settings.js';

/** The ports the room tasks run on (the composition root passes them; tests pass fakes). */
export interface RoomTaskPorts {
  readonly chat: Chat;
  /** A message as the posts it takes inside Slack's size limits: itself, or a first part and its continuations. */
  readonly messageParts: (message: RoomMessage) => readonly RoomMessage[];
  readonly outbox: SlackOutbox;
  readonly incidents: IncidentReader & Pick<IncidentStore, 'append'>;
  readonly changeIncident: ChangeIncident;
  readonly settings: RoomSettings;
  readonly findRunbooks: FindRunbooks;
  /** The pages sent for this incident and whether each was acknowledged. */
  readonly pagingStatus: (incidentId: number) => Promise<PagingState>;
  /** The Slack user who should command this incident (on call for its services), or null. */
  readonly findCommander: (incident: Incident) => Promise<string | null>;
  /** The postmortem draft of an incident (the same text the API and the CLI give). */
  readonly postmortem: (incidentId: number) => Promise<string | null>;
  /** What happened so far, for one person (the catch-up a person gets on joining). */
  readonly catchUp: CatchUps['forPerson'];
  /** Who is in a channel (absent: a moved incident's new room gets only its responders). */
  readonly members?: ChannelMembers;
  /** Queues the offer to resolve the incident's status-page incident too, when it is still open there (absent: status-page updates are off). */
  readonly offerStatusPageResolution?: (incidentId: number) => Promise<void>;
  /** The Slack outages recorded (absent: none are, and no update is marked delayed). */
  readonly outages?: Pick<SlackOutages, 'around'>;
  /** The fallback room is on: the summary offers its "web view" (absent: off). */
  readonly webView?: boolean;
  readonly clock: Clock;
  readonly log: Logger;
}

/** A post of one task, once: the message's `ts`, or Slack's error code. */
export type Posted = ChatOutcome<{ ts: string }>;

/** What every handler gets: the ports, and the room helpers built on them once per worker. */
export interface RoomTaskContext extends RoomTaskPorts {
  /** The pinned summary of an incident as it is now. */
  summary(incident: Incident): Promise<RoomMessage>;
  /** Posts at most once per task and channel (in the thread of `threadTs`, if given), even when the task runs again. */
  postOnce(task: RoomTask, channelId: string, message: RoomMessage, threadTs?: string): Promise<Posted>;
  /** Posts once in a configured stakeholder channel (an id or `#name`); answers the channel it used. */
  postToStakeholders(task: RoomTask, target: string, message: RoomMessage): Promise<{ channelId: string | null; posted: Posted }>;
}

/**
 * Runs one task of kind K and answers its outcome (stored on the task). Each handler is declared
 * with it, as hono annotates `export const getConnInfo: GetConnInfo = …`. Every step checks what was
 * already done (the incident's channel, the room state), so a task retried after a crash, a 429 or
 * an outage resumes where it stopped. Throwing means "failed, retry" (see task-failures.ts).
 */
export type RoomTaskHandler<K extends SlackTaskKind> = (task: RoomTask<K>, room: RoomTaskContext) => Promise<string>;

/** One handler per task kind: a kind without one does not compile. */
export type RoomTaskHandlers = { readonly [K in SlackTaskKind]: RoomTaskHandler<K> };
