/**
 * The incident room's work: the room tasks (RoomTaskPayloads: each kind and its payload), the Slack
 * outbox every Slack call goes through, the room's remembered state, the room worker's wake-up, and
 * stakeholder-update cadence.
 */
import type { CheckResult } from '../../core/check-result.js';
import type { PagingCheckLine } from '../../core/room-message.js';
import type { ChartMark } from '../../core/scope-chart.js';
import type { Severity } from '../../core/severity.js';
import type { StatusPageNotice } from '../../core/statuspage.js';
import type { ChatOperation } from './chat.js';

/**
 * Every Slack outbox task kind and its payload: the one place a task kind is declared. The task
 * spec producers enqueue, the task the worker claims, the handler table and the check of rows read
 * back from PostgreSQL are all derived from it, so a kind without a handler or a payload of the
 * wrong shape does not compile. Payloads are stored as JSON: only JSON values here (dates as ISO
 * strings), and a field may be added (readers ignore keys they do not know) but never renamed.
 */
export interface RoomTaskPayloads {
  readonly setup_channel: NoTaskPayload;
  readonly refresh_summary: NoTaskPayload;
  readonly new_alerts: NoTaskPayload;
  readonly post_timeline: NoTaskPayload;
  /** A message marked with the timeline emoji, and who marked it. */
  readonly capture_message: { readonly channel: string; readonly ts: string; readonly by: string };
  readonly stakeholder_update: { readonly text: string; readonly by: string; readonly at: string };
  readonly update_reminder: { readonly dueAt: string; readonly cadenceMinutes: number };
  readonly commander_reminder: NoTaskPayload;
  readonly post_postmortem: { readonly by: string };
  /** Why the scope is unknown (null when measured), and a more severe severity to suggest, if any. */
  readonly scope_card: { readonly reason: string | null; readonly suggestion: Severity | null };
  readonly checks_card: { readonly results: readonly CheckResult[] };
  /** The chart as base64 PNG. */
  /** `mark`: what the chart shows, so an unchanged one is not posted again (absent on older rows). */
  readonly upload_chart: { readonly png: string; readonly title: string; readonly mark?: ChartMark | undefined };
  readonly drill_scorecard: NoTaskPayload;
  /** Brings every stakeholder announcement of the incident up to date in place (severity, status, title). */
  readonly refresh_announcements: NoTaskPayload;
  /** The incident was raised from `from` to `to` at `at`: a line in each announcement's thread. */
  readonly announce_escalation: { readonly from: Severity; readonly to: Severity; readonly at: string };
  /** The incident was resolved: said in every stakeholder channel and the incident channel. */
  readonly announce_resolution: NoTaskPayload;
  /** A paging canary round failed for some providers: said in `paging.check.channel` (a task of no incident). */
  readonly paging_check_failed: { readonly channel: string; readonly at: string; readonly results: readonly PagingCheckLine[] };
  /**
   * A person joined the incident channel for the first time: what happened so far, shown to them
   * only. `joinedAt`: the time of that join on the timeline (absent: send without checking).
   */
  readonly catch_up: { readonly user: string; readonly joinedAt?: string | undefined };
  /** The incident moved to a private channel: `channelId`, its public one, gets its members invited over, a pointer, and is archived. */
  readonly leave_public_room: { readonly channelId: string };
  /** What the channel is told of the status page: an update published or refused, or the offer to resolve it there. */
  readonly statuspage_notice: StatusPageNotice;
  /** Slack answered again after an outage from `from` to `to` (ISO): what people did on the incident meanwhile, once in its channel. */
  readonly outage_digest: { readonly from: string; readonly to: string };
}

/** The payload of a task that needs nothing but its incident (stored as `{}`). */
export type NoTaskPayload = Readonly<Record<never, never>>;

export type SlackTaskKind = keyof RoomTaskPayloads;

/** Kinds whose payload is empty: their spec may leave it out. */
export type PayloadlessTaskKind = { [K in SlackTaskKind]: NoTaskPayload extends RoomTaskPayloads[K] ? K : never }[SlackTaskKind];

/** A task to enqueue: its kind and that kind's payload (build it with `roomTask`). */
export type SlackTaskSpec<K extends SlackTaskKind = SlackTaskKind> = {
  [P in K]: P extends PayloadlessTaskKind ? { readonly kind: P; readonly payload?: RoomTaskPayloads[P] } : { readonly kind: P; readonly payload: RoomTaskPayloads[P] };
}[K];

/** What a claim of an outbox row holds besides the task itself. */
export interface SlackTaskClaim {
  readonly id: number;
  /** The incident the task belongs to; 0 for a task of no incident (enqueueWithoutIncident). */
  readonly incidentId: number;
  /** Times the task was claimed, this claim included (> 1: an earlier run may have posted already). */
  readonly attempts: number;
  /** The task's own failures before this claim; claims, 429 waits and Slack outages do not count. */
  readonly failures: number;
  /** Whether the incident is still open (not resolved). */
  readonly incidentOpen: boolean;
  /** Names this claim: only the attempt holding the lease renews, completes or reschedules the task. */
  readonly leaseToken: string;
}

/** A claimed task of a kind this release knows, with its payload checked when it was read. */
export type RoomTask<K extends SlackTaskKind = SlackTaskKind> = {
  [P in K]: SlackTaskClaim & { readonly kind: P; readonly payload: RoomTaskPayloads[P] };
}[K];

/**
 * A claimed row this release cannot run: a kind it does not know (written by a newer release) or a
 * payload that fails its kind's schema. The outbox hands it over instead of throwing, so the worker
 * settles it like any task (it is completed, not retried: no retry can make it usable).
 */
export interface UnusableSlackTask extends SlackTaskClaim {
  readonly kind: 'unusable';
  /** The kind as stored in the row. */
  readonly storedKind: string;
  /** What is wrong with it, for the log and the task's outcome. */
  readonly problem: string;
}

export type SlackTask = RoomTask | UnusableSlackTask;

/**
 * The steps of a room set-up already done, remembered on the incident (`slack_setup`, JSON) so a
 * retried set-up resumes after its last finished step. Replicas of the previous and the next
 * release share this JSON: keep the keys and their value types; a new step is a new optional key,
 * and keys this release does not know are kept as they are when it saves.
 */
export interface RoomSetupState {
  /** The channel name attempt to try next (0: the plain name, n: the name with `-n+1`). */
  readonly nameAttempt?: number;
  /** The commander was looked up (assigned or not). */
  readonly commanderChecked?: boolean;
  /** The channel purpose was set. */
  readonly purpose?: boolean;
  /** The topic last set. */
  readonly topic?: string;
  /** Users invited so far. */
  readonly invited?: readonly string[];
  /** Bookmark URLs added so far. */
  readonly bookmarks?: readonly string[];
  /** The call-link bookmark (its id, null when Slack refused it, and the link); absent: none yet. Refreshes keep it current. */
  readonly bridge?: BridgeBookmark;
  /** Stakeholder announcements given up (`announce:<channel>`), so a retry does not try them again. */
  readonly skipped?: readonly string[];
}

/** The channel's bookmark of the incident's call link, as last set. */
export interface BridgeBookmark {
  readonly id: string | null;
  readonly url: string;
}

/** What the room remembers between tasks, so that retries resume instead of repeating. */
export interface RoomState {
  readonly setup: RoomSetupState;
  readonly messages: ReadonlyMap<string, { readonly channelId: string; readonly ts: string; readonly pinned: boolean; readonly postedAt: Date }>;
}

/** One claim of a task: what the lease-holding attempt names when it renews, completes or reschedules. */
export type TaskLease = Pick<SlackTaskClaim, 'id' | 'leaseToken'>;

/**
 * The Slack outbox: tasks in order per incident, leased by one replica at a time. The writes of an
 * attempt apply only while it holds the lease; each answers false when another claim took it over.
 */
export interface SlackOutbox {
  enqueue(incidentId: number, tasks: readonly SlackTaskSpec[]): Promise<void>;
  /** The next due task whose incident has no earlier unfinished task; SEV1 incidents first. */
  claimNext(leaseSeconds: number): Promise<SlackTask | null>;
  /** Extends the lease to `leaseSeconds` from now (the task is still running). */
  renewLease(lease: TaskLease, leaseSeconds: number): Promise<boolean>;
  complete(lease: TaskLease, outcome: string): Promise<boolean>;
  /** Puts the task back, due at `notBefore`, without counting a failure (a 429 wait, a Slack outage). */
  retryLater(lease: TaskLease, notBefore: Date, error: string): Promise<boolean>;
  /** Puts the task back, due at `notBefore`, counting one failure of the task itself. */
  failed(lease: TaskLease, notBefore: Date, error: string): Promise<boolean>;
  /** Unfinished tasks of these kinds with at least `minFailures` failures. */
  countFailing(kinds: readonly SlackTaskKind[], minFailures: number): Promise<number>;
  rateLimitedUntil(operation: ChatOperation): Promise<Date | null>;
  setRateLimit(operation: ChatOperation, until: Date): Promise<void>;
  roomState(incidentId: number): Promise<RoomState>;
  saveSetup(incidentId: number, setup: RoomSetupState): Promise<void>;
  saveMessage(incidentId: number, purpose: string, channelId: string, ts: string, postedAt: Date): Promise<void>;
  markPinned(incidentId: number, purpose: string): Promise<void>;
  /**
   * Forgets what the room did in `channelId` (a channel that is gone): its messages and the set-up
   * steps done there, so a new room is set up from the start. What lives elsewhere stays (the
   * stakeholder announcements, the commander look-up, the announcements given up).
   */
  resetRoom(incidentId: number, channelId: string): Promise<void>;
  /** When the task was enqueued: nothing it posted is older (null if the task is gone). */
  taskCreatedAt(taskId: number): Promise<Date | null>;
  /**
   * Adds tasks that belong to no incident (an operations message such as a failed paging check):
   * claimed after every incident's tasks, in no order among themselves, with `incidentId` 0.
   */
  enqueueWithoutIncident(tasks: readonly SlackTaskSpec[]): Promise<void>;
}

/**
 * Wakes this process's room worker once a commit queued Slack work, so it starts now rather than at
 * the worker's next poll (which is how the other replicas find it). DESIGN §4: pickup latency counts.
 */
export interface RoomWakeUp {
  wake(): void;
}

/** Open incident rooms and the reminders already sent for overdue stakeholder updates. */
export interface UpdateCadenceStore {
  /** Open incidents that have a channel (not gone), with when their last stakeholder update was. */
  /** `type`: the incident type's name (null or absent: the default type). */
  openRooms(): Promise<{ incidentId: number; severity: Severity; type?: string | null; declaredAt: Date; lastUpdateAt: Date | null; commander: string | null }[]>;
  /**
   * Open incidents whose scope is worth measuring: those with a channel, and those still waiting for it
   * (their set-up is queued: Slack is down or slow). While Slack is down the fallback room is where
   * responders read the scope and chart, so their measuring must not wait for the channel.
   */
  scopedIncidents(): Promise<{ incidentId: number; declaredAt: Date }[]>;
  /**
   * Records the reminder of one overdue period and queues its Slack task, in one transaction;
   * false when it was already recorded (by this replica or another).
   */
  claimReminder(incidentId: number, kind: 'stakeholder_update' | 'commander' | 'scope' | 'checks' | 'break_glass', periodStart: Date, task: SlackTaskSpec | null): Promise<boolean>;
}
