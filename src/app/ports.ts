/**
 * Ports: the small interfaces the use cases need from the outside world. Adapters implement
 * them; only src/main.ts wires the two together.
 */
import type { AlertProvider, AlertSignal, IncidentAlerts } from '../core/alert.js';
import type { TrackedAlert, TrackingResult } from '../core/alert-tracking.js';
import type { DrillScenario } from '../core/drill-scenario.js';
import type { Incident } from '../core/incident.js';
import type { CheckResult } from '../core/check-result.js';
import type { RoomMessage } from '../core/room-message.js';
import type { PostmortemAlert } from '../core/postmortem.js';
import type { Scope } from '../core/scope.js';
import type { Severity } from '../core/severity.js';
import type { Status } from '../core/status.js';
import type { TimelineEvent } from '../core/timeline.js';

export type IncidentStatusFilter = 'open' | 'all' | Status;

export interface IncidentQuery {
  readonly status?: IncidentStatusFilter;
  /** At most this many, newest first. */
  readonly limit?: number;
}

/** Reads incidents and their timelines. */
export interface IncidentReader {
  find(id: number): Promise<Incident | null>;
  list(query: IncidentQuery): Promise<Incident[]>;
  timeline(id: number): Promise<TimelineEvent[]>;
  /** Every alert ever attached (oldest first) and every scope snapshot (oldest first): the postmortem's evidence. */
  evidence(id: number): Promise<{ alerts: PostmortemAlert[]; scopeSnapshots: Scope[] }>;
  /** The incident whose room is this Slack channel, if any. */
  findByChannel(channelId: string): Promise<Incident | null>;
  /** The alerts of each given incident (the latest 100, oldest first, and counts); incidents without alerts are absent. */
  alerts(ids: readonly number[]): Promise<Map<number, IncidentAlerts>>;
}

/**
 * Writes incidents. A state change and its timeline events commit in one transaction;
 * `update` refuses a stale base version (optimistic locking) by returning 'conflict'.
 */
/**
 * How an update went: saved; 'conflict' when the base version is stale (decide again on fresh
 * state); or refused because reopening would make a second open incident for its grouping key
 * (the database allows one), naming the incident that holds the key.
 */
export type IncidentUpdate = 'ok' | 'conflict' | { readonly groupingKeyOpenIn: number };

export interface IncidentStore extends IncidentReader {
  allocateId(): Promise<number>;
  /** `tasks` are Slack outbox tasks committed in the same transaction (transactional outbox). */
  insert(incident: Incident, events: readonly TimelineEvent[], tasks?: readonly SlackTaskSpec[]): Promise<void>;
  update(incident: Incident, baseVersion: number, events: readonly TimelineEvent[], tasks?: readonly SlackTaskSpec[]): Promise<IncidentUpdate>;
  /** Timeline facts that change no state (a pinned message, someone joining, a stakeholder update), with their Slack work. */
  append(incidentId: number, events: readonly TimelineEvent[], tasks?: readonly SlackTaskSpec[]): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export type DependencyState = 'ok' | 'degraded' | 'down' | 'off';

export interface DependencyHealth {
  readonly state: DependencyState;
  readonly detail?: string;
  readonly latencyMs?: number;
}

/** One dependency's readiness probe, reported by /readyz. */
export interface HealthCheck {
  readonly name: string;
  /** When true, a `down` state makes the whole service unready (503). */
  readonly critical: boolean;
  check(): Promise<DependencyHealth>;
}

export type JobHandler = (data: Readonly<Record<string, unknown>>) => Promise<void>;

/** Durable background jobs (pg-boss): survive restarts, run once across replicas. */
export interface JobQueue {
  send(name: string, data: Readonly<Record<string, unknown>>, options?: { startAfterSeconds?: number }): Promise<void>;
  work(name: string, handler: JobHandler): Promise<void>;
}

/** Counters the use cases and workers feed; /metrics exposes them. */
export interface Telemetry {
  jobFinished(name: string, outcome: 'completed' | 'failed', seconds: number): void;
  webhookAnswered(provider: string, outcome: WebhookOutcome, seconds: number): void;
  alertsReceived(provider: string, status: string, count: number): void;
  dependencyUp(name: string, up: boolean): void;
  /** Room set-ups that have failed many times and are still being retried (`warroom_room_setups_stuck`). */
  roomSetupsStuck(count: number): void;
  /** An incident reached a milestone, `seconds` after it was declared (`warroom_incident_time_to_*_seconds`). */
  incidentMilestone(milestone: IncidentMilestone, severity: Severity, seconds: number): void;
  /** One page attempt ended: sent, failed at the provider, or found already sent (`warroom_pages_total`). */
  pageOutcome(provider: PagingProviderName, outcome: PageOutcome): void;
}

/** First page acknowledged, moved to `monitoring` (mitigated), resolved. */
export type IncidentMilestone = 'acknowledge' | 'mitigate' | 'resolve';
export type PageOutcome = 'sent' | 'failed' | 'already_sent';

/**
 * Warroom's own backlog as the database holds it, read when Prometheus scrapes. Every replica reads
 * the same rows, so these gauges are equal on all replicas: aggregate them with max, never sum.
 */
export interface OperationsSnapshot {
  /** Open (unresolved) incidents, drills left out, by severity; every severity is present. */
  readonly openIncidents: Readonly<Record<Severity, number>>;
  /** Slack outbox tasks not done yet, and the age of the oldest of them (0 when none). */
  readonly slackTasksPending: number;
  readonly oldestSlackTaskSeconds: number;
  /** Stored webhook deliveries whose alerts are not attached to incidents yet. */
  readonly deliveriesAwaitingAttach: number;
}

export interface OperationsReader {
  read(): Promise<OperationsSnapshot>;
}

export type WebhookOutcome = 'stored' | 'duplicate' | 'unauthorized' | 'malformed' | 'too_large' | 'busy' | 'unavailable' | 'error';

export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * Thrown by adapters when an outside system cannot be reached (database down, pool exhausted).
 * The ingress turns it into 503 so that senders retry; it is never an input problem.
 */
export class DependencyUnavailableError extends Error {
  readonly code = 'dependency.unavailable';
  constructor(
    readonly dependency: string,
    cause: unknown,
  ) {
    super(`${dependency} is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DependencyUnavailableError';
  }
}

export type HeaderValue = string | string[] | undefined;
export type Headers = Readonly<Record<string, HeaderValue>>;

/** A webhook delivery after parsing: what is stored before the 202. */
export interface ParsedDelivery {
  /** Stable across the provider's retries; the database refuses a second row with it. */
  readonly deliveryId: string;
  /** The provider's event or action name (`incident.triggered`, `Create`, `Triggered`, `firing`). */
  readonly eventType: string;
  /** Alerts carried by the delivery; empty for event types Warroom stores but does not act on. */
  readonly signals: readonly AlertSignal[];
}

export type ParseOutcome = { readonly ok: true; readonly delivery: ParsedDelivery } | { readonly ok: false; readonly reason: string };

/**
 * One alerting provider's webhook: authentication and parsing (adapters/<provider>/verify.ts and
 * parse.ts). The ingress calls authenticate before parse, and parse only on an authenticated body.
 */
export interface WebhookSource {
  readonly provider: AlertProvider;
  readonly bodyLimitBytes: number;
  /**
   * Checked before the body is read, so an anonymous caller cannot make Warroom buffer it: a
   * provider authenticated by a header token checks the token here (constant time); one that
   * signs the body checks that a well-formed signature header is present.
   */
  authenticateHeaders(headers: Headers): boolean;
  /** The full check, once the body is read (a body signature is verified here). */
  authenticate(headers: Headers, rawBody: Buffer): boolean;
  parse(rawBody: Buffer, headers: Headers): ParseOutcome;
}

/** Webhook deliveries, stored byte-exact with their parsed signals before the 202. */
export interface DeliveryStore {
  /** One row per (provider, delivery id): 'duplicate' when it was stored before, with no other effect. */
  record(provider: AlertProvider, delivery: ParsedDelivery, raw: Buffer, receivedAt: Date): Promise<'stored' | 'duplicate'>;
  /**
   * The attach queue: the oldest deliveries whose alerts are not attached yet and that are not
   * waiting out a failure, oldest first.
   */
  pending(limit: number): Promise<PendingDelivery[]>;
  /** An attach failed for a reason other than the database: wait (growing backoff), keep the error. */
  deferAttach(provider: AlertProvider, deliveryId: string, error: string): Promise<{ attempts: number; retryInSeconds: number }>;
}

export interface PendingDelivery {
  readonly provider: AlertProvider;
  readonly deliveryId: string;
}

/** Alert attachment runs in one transaction per delivery; this is what it may do inside it. */
export interface AlertTransaction {
  /** The delivery's signals, locked; null when it was already processed, is being attached by another worker, or does not exist. */
  claimDelivery(provider: AlertProvider, deliveryId: string): Promise<AlertSignal[] | null>;
  markProcessed(provider: AlertProvider, deliveryId: string, at: Date): Promise<void>;
  /** Serialises attachment for these keys across replicas until the transaction ends. */
  lock(keys: readonly string[]): Promise<void>;
  /** The open incident that owns this grouping key or already tracks alerts with it. */
  findOpenIncidentForKey(provider: AlertProvider, groupingKey: string): Promise<Incident | null>;
  /** The open incident that paged through this provider with one of these keys (its alert coming back). */
  findOpenIncidentPagedWith(provider: AlertProvider, dedupKeys: readonly string[]): Promise<Incident | null>;
  /** The newest open real (non-drill) incident of the service. */
  findOpenIncidentForService(service: string): Promise<Incident | null>;
  /** The most recent incident, open or not, that tracks alerts with this grouping key. */
  findLatestIncidentForKey(provider: AlertProvider, groupingKey: string): Promise<Incident | null>;
  allocateId(): Promise<number>;
  insertIncident(incident: Incident, events: readonly TimelineEvent[], groupingKey: string, tasks: readonly SlackTaskSpec[]): Promise<void>;
  updateIncident(incident: Incident, baseVersion: number, events: readonly TimelineEvent[], tasks: readonly SlackTaskSpec[]): Promise<IncidentUpdate>;
  /** The incident as committed now, its row locked until the transaction ends; null when it is gone. */
  lockIncident(id: number): Promise<Incident | null>;
  enqueue(incidentId: number, tasks: readonly SlackTaskSpec[]): Promise<void>;
  trackedAlerts(incidentId: number, provider: AlertProvider, fingerprints: readonly string[]): Promise<Map<string, TrackedAlert>>;
  saveAlerts(incidentId: number, groupingKey: string, service: string | null, alerts: TrackingResult['alerts'], at: Date): Promise<void>;
  appendEvents(incidentId: number, events: readonly TimelineEvent[]): Promise<void>;
  unresolvedAlertCount(incidentId: number): Promise<number>;
  /** Marks the page with this provider reference acknowledged; its incident when this is news, else null. */
  acknowledgePage(provider: AlertProvider, reference: string, at: Date): Promise<number | null>;
}

export interface AlertStore {
  inTransaction<T>(work: (tx: AlertTransaction) => Promise<T>): Promise<T>;
}

/**
 * Wakes this process's attach worker once a delivery is stored, so it is attached now rather than
 * at the worker's next poll (which is how the other replicas find it).
 */
export interface AttachWakeUp {
  wake(): void;
}

// ---------------------------------------------------------------------------------------------
// Slack: the incident room. Every call goes through the outbox (SlackOutbox) and the room worker.

/** What Warroom posts in a room; defined in core because slack-ui renders it and may import only core. */
export type { CheckResult, RoomMessage };

/** A Slack answer that is not an outage: `ok` with a value, or Slack's error code (`name_taken`…). */
export type ChatOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** The Slack operations the room needs. Operation names double as rate-limit keys. */
export interface Chat {
  createChannel(name: string): Promise<ChatOutcome<{ id: string }>>;
  /** A channel with this exact name, if any, and whether this bot created it. */
  findChannel(name: string): Promise<{ id: string; createdByMe: boolean; purpose: string } | null>;
  setTopic(channelId: string, topic: string): Promise<ChatOutcome<null>>;
  setPurpose(channelId: string, purpose: string): Promise<ChatOutcome<null>>;
  invite(channelId: string, userIds: readonly string[]): Promise<ChatOutcome<null>>;
  /** `key` is stored with the message (Slack message metadata) so `findPosted` can find it again. */
  post(channelId: string, message: RoomMessage, key?: string): Promise<ChatOutcome<{ ts: string }>>;
  /** This bot's message in the channel posted with `key` at `since` or later, if any (conversations.history). */
  findPosted(channelId: string, key: string, since: Date): Promise<ChatOutcome<{ ts: string } | null>>;
  update(channelId: string, ts: string, message: RoomMessage): Promise<ChatOutcome<null>>;
  pin(channelId: string, ts: string): Promise<ChatOutcome<null>>;
  bookmark(channelId: string, title: string, url: string): Promise<ChatOutcome<null>>;
  /** Uploads a file to a channel (files.getUploadURLExternal, upload, files.completeUploadExternal). */
  uploadFile(channelId: string, file: { filename: string; title: string; bytes: Buffer }): Promise<ChatOutcome<{ fileId: string; permalink: string | null }>>;
  /** The Slack user with this email, or null when there is none (users.lookupByEmail). */
  lookupUserByEmail(email: string): Promise<ChatOutcome<string | null>>;
  /** A message's text, author and permalink (for timeline capture). */
  fetchMessage(channelId: string, ts: string): Promise<ChatOutcome<{ text: string; user: string | null; permalink: string | null }>>;
}

export type ChatOperation = keyof Chat;

/** Slack said 429: no call of this operation before `retryAfterSeconds` (across replicas). */
export class ChatRateLimitedError extends Error {
  readonly code = 'chat.rate_limited';
  constructor(
    readonly operation: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`Slack rate-limited ${operation} for ${retryAfterSeconds} s`);
    this.name = 'ChatRateLimitedError';
  }
}

/** Slack could not be reached, timed out or answered 5xx: retry later, Slack work waits in the outbox. */
export class ChatUnavailableError extends Error {
  readonly code = 'chat.unavailable';
  constructor(
    readonly operation: string,
    cause: unknown,
  ) {
    super(`Slack unavailable for ${operation}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ChatUnavailableError';
  }
}

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
  readonly upload_chart: { readonly png: string; readonly title: string };
  readonly drill_scorecard: NoTaskPayload;
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
  /** Stakeholder announcements given up (`announce:<channel>`), so a retry does not try them again. */
  readonly skipped?: readonly string[];
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
  /** When the task was enqueued: nothing it posted is older (null if the task is gone). */
  taskCreatedAt(taskId: number): Promise<Date | null>;
}

/**
 * Wakes this process's room worker once a commit queued Slack work, so it starts now rather than at
 * the worker's next poll (which is how the other replicas find it). DESIGN §4: pickup latency counts.
 */
export interface RoomWakeUp {
  wake(): void;
}

/**
 * Signed inbound requests seen recently, shared by every replica: the signature window of a
 * request lets a captured copy be replayed, and a replay must have no effect.
 */
export interface ReplayGuard {
  /** True the first time `key` is seen; false for a replay. `expiresAt`: when the key may be forgotten. */
  firstSeen(key: string, expiresAt: Date): Promise<boolean>;
}

/** Open incident rooms and the reminders already sent for overdue stakeholder updates. */
export interface UpdateCadenceStore {
  /** Open incidents that have a channel, with when their last stakeholder update was. */
  openRooms(): Promise<{ incidentId: number; severity: Severity; declaredAt: Date; lastUpdateAt: Date | null; commander: string | null }[]>;
  /**
   * Records the reminder of one overdue period and queues its Slack task, in one transaction;
   * false when it was already recorded (by this replica or another).
   */
  claimReminder(incidentId: number, kind: 'stakeholder_update' | 'commander' | 'scope' | 'checks' | 'break_glass', periodStart: Date, task: SlackTaskSpec | null): Promise<boolean>;
}

// ---------------------------------------------------------------------------------------------
// On-call and paging (PagerDuty, Opsgenie).

export type PagingProviderName = 'pagerduty' | 'opsgenie';

/** Someone on call, as the paging provider knows them. */
export interface OnCallPerson {
  readonly providerUserId: string;
  readonly name: string;
  /** Used to find their Slack account (users.lookupByEmail); null when the provider does not say. */
  readonly email: string | null;
  /** 1 = primary. */
  readonly level: number;
}

export interface PageRequest {
  /** Our incident ref, named in the page. */
  readonly incidentRef: string;
  /**
   * The idempotency key the provider keeps (PagerDuty incident_key, Opsgenie alias), so a retried
   * page is one page; the incident ref when not given.
   */
  readonly dedupKey?: string | undefined;
  readonly title: string;
  readonly details: string;
  readonly urgency: 'high' | 'low';
  /** PagerDuty: the service to open the incident on. */
  readonly pagerdutyServiceId?: string | undefined;
  /** PagerDuty: page this user directly instead of the service's escalation policy. */
  readonly pagerdutyUserId?: string | undefined;
  /** Opsgenie: the schedule to page. */
  readonly opsgenieSchedule?: string | undefined;
  /** Opsgenie: page this user (email) directly. */
  readonly opsgenieUser?: string | undefined;
}

/** What a provider answered to a page: its reference to follow the page (acknowledgement, resolve, notes). */
export interface PageReceipt {
  readonly provider: PagingProviderName;
  /** PagerDuty incident id, or the Opsgenie alert alias. */
  readonly reference: string;
  readonly url: string | null;
}

/**
 * A paging provider. Every method throws PagingUnavailableError when the provider cannot be
 * reached, times out or answers 5xx (the caller fails over); other refusals throw plain errors.
 */
export interface PagingProvider {
  readonly name: PagingProviderName;
  /** Who is on call for an escalation policy (PagerDuty) or a schedule (Opsgenie), primary first. */
  onCall(target: string): Promise<OnCallPerson[]>;
  page(request: PageRequest): Promise<PageReceipt>;
  /** Whether the page was acknowledged (polled while waiting for an ack). */
  isAcknowledged(reference: string): Promise<boolean>;
  resolve(reference: string, note: string): Promise<void>;
  addNote(reference: string, text: string): Promise<void>;
}

export class PagingUnavailableError extends Error {
  readonly code = 'paging.unavailable';
  constructor(
    readonly provider: PagingProviderName,
    cause: unknown,
  ) {
    super(`${provider} is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'PagingUnavailableError';
  }
}

/** Where a page stands: recorded before the provider is called, then sent (with its reference) or failed. */
export type PageStatus = 'sending' | 'sent' | 'failed';

/**
 * Pages for incidents. The intent is recorded before the provider is called (DESIGN §4), keyed by
 * the idempotency key sent to the provider, so a retry re-sends the same key and never pages twice.
 */
export interface PagesStore {
  /** Records the intent to page (once per provider and key); answers how the stored intent stands. */
  intend(incidentId: number, intent: { provider: PagingProviderName; dedupKey: string; target: string }, at: Date): Promise<PageStatus>;
  /** The provider answered: the page is sent, with the provider's reference. */
  markSent(dedupKey: string, receipt: PageReceipt, at: Date): Promise<void>;
  /** The provider refused or could not be reached. */
  markFailed(provider: PagingProviderName, dedupKey: string): Promise<void>;
  /** The pages the providers have answered for, oldest first. */
  forIncident(incidentId: number): Promise<{ provider: PagingProviderName; reference: string; target: string; sentAt: Date; acknowledgedAt: Date | null }[]>;
}

// ---------------------------------------------------------------------------------------------
// Metrics (Prometheus, Datadog): scope and hypothesis checks.

export interface MetricSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface MetricSeries {
  readonly labels: Readonly<Record<string, string>>;
  /** [epoch seconds, value], oldest first. */
  readonly points: readonly (readonly [number, number])[];
}

/**
 * A metrics backend. Both methods throw MetricsUnavailableError when the backend cannot answer in
 * time (5 s), answers 5xx or an error body, or its circuit breaker is open.
 */
export interface MetricsSource {
  readonly name: 'prometheus' | 'datadog';
  /** An instant vector: one value per series, labelled. */
  instant(query: string): Promise<MetricSample[]>;
  /** A range query from `start` to `end` with `stepSeconds` resolution. */
  range(query: string, start: Date, end: Date, stepSeconds: number): Promise<MetricSeries[]>;
}

export class MetricsUnavailableError extends Error {
  readonly code = 'metrics.unavailable';
  constructor(
    readonly source: 'prometheus' | 'datadog',
    readonly reason: string,
  ) {
    super(`${source === 'prometheus' ? 'Prometheus' : 'Datadog'} ${reason}`);
    this.name = 'MetricsUnavailableError';
  }
}

/** Renders the failing-share chart of an incident to PNG. */
export interface ChartRenderer {
  failingShare(input: { title: string; series: readonly { name: string; points: readonly (readonly [number, number])[] }[]; threshold: number }): Promise<Buffer>;
}

/** Scope snapshots: stored, copied onto the incident, on the timeline and into the room, in one transaction. */
export interface ScopeStore {
  save(incidentId: number, scope: Scope, reason: string | null, tasks: readonly SlackTaskSpec[]): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Drills

/** Fires a drill's alerts through Warroom's own webhook routes, authenticated as each provider is. */
export interface DrillAlertSender {
  /** The variable to set when this provider's webhook is off (the drill cannot authenticate); null when it can. */
  missing(provider: AlertProvider): string | null;
  /** Sends every alert of the scenario marked with the drill run id; throws with a readable message when Warroom refuses. */
  fire(scenario: DrillScenario, runId: string): Promise<void>;
}

// Retention (the job is app/retention.ts; the store is adapters/postgres/postgres-retention.ts).

/** What the retention job deletes from, in the order it does (children before what they hang on). */
export const RETENTION_TABLES = ['deliveries', 'slack_tasks', 'scope_snapshots', 'room_reminders', 'incidents'] as const;
export type RetentionTable = (typeof RETENTION_TABLES)[number];
export type RetentionCounts = Record<RetentionTable, number>;

/** The moments before which rows go; null = that table is kept. */
export interface RetentionCutoffs {
  /** Processed deliveries attached before this. */
  deliveries: Date;
  /** Slack tasks (of resolved incidents) finished before this. */
  slackTasks: Date;
  /** Snapshots and reminders of incidents resolved before this. */
  incidentDetails: Date;
  /** Incidents (and everything of theirs) resolved before this. */
  incidents: Date | null;
}

export interface RetentionStore {
  /**
   * Runs `work` while this process holds the one retention lock of the database; resolves
   * `{ ran: false }` at once when another process holds it (two pruners would only fight over rows).
   */
  whileLocked<T>(work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
  countExpired(table: RetentionTable, cutoffs: RetentionCutoffs): Promise<number>;
  /** Deletes at most `limit` expired rows of `table` in one short statement (the store may take fewer); returns how many went. */
  deleteExpired(table: RetentionTable, cutoffs: RetentionCutoffs, limit: number): Promise<number>;
}
