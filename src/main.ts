/**
 * The composition root: the one place that builds adapters and wires them into use cases and
 * ingress. Everything else receives what it needs as arguments. `startWarroom` reads as a list:
 * each component is created with what it needs, and one that runs registers its start and its stop
 * with the lifecycle right there. Components start in that order once the server listens, and stop
 * in reverse: requests first, the database last. Groups of helpers live in src/compose/.
 */
import { VIA_FALLBACK_ROOM } from './app/ports/slack-outages.js';
import { createCheckReadiness } from './app/check-readiness.js';
import { createDeclareIncident, type DeclareIncident } from './app/declare-incident.js';
import type { Logger } from './app/ports/runtime.js';
import type { RoomWakeUp } from './app/ports/room.js';
import type { Incident } from './core/incident.js';
import { personRef } from './core/people.js';
import { createIncidentQueries, type IncidentQueries } from './app/query-incidents.js';
import { createFollowUps } from './app/followups/follow-ups.js';
import { createAttachDelivery } from './app/attach-delivery.js';
import { createReceiveDelivery, type ReceiveDelivery } from './app/receive-delivery.js';
import { createAttachWorker } from './app/attach-worker.js';
import { createPostgresAlertStore } from './adapters/postgres/postgres-alert-store.js';
import { createPostgresDeliveryStore } from './adapters/postgres/postgres-delivery-store.js';
import { webhookRoutes } from './ingress/webhooks/webhook-routes.js';
import { createChangeIncident, type ChangeIncident } from './app/change-incident.js';
import { createPostgresSlackOutbox } from './adapters/postgres/postgres-slack-outbox.js';
import { createGoneRooms } from './app/room/gone-rooms.js';
import { createCatchUps } from './app/room/catch-ups.js';
import { createRoomRequests } from './app/room/room-requests.js';
import { updateTargets } from './app/room/stakeholder-targets.js';
import { createStakeholderUpdates, type StakeholderUpdates } from './app/room/stakeholder-updates.js';
import type { StatusPageUpdates } from './app/statuspage/status-page-updates.js';
import { createPostgresUpdateCadence } from './adapters/postgres/postgres-update-cadence.js';
import { loadRunbooks, RUNBOOKS_DIR } from './adapters/runbooks/file-runbooks.js';
import { createFindRunbooks, type FindRunbooks } from './app/room/find-runbooks.js';
import type { OnCallLookup } from './app/oncall/find-on-call.js';
import { SYNC_RESOLVE_JOB, type PagingService } from './app/oncall/paging-service.js';
import { queuePagingSync } from './app/oncall/paging-sync-jobs.js';
import { createPostgresReplayGuard } from './adapters/postgres/postgres-replay-guard.js';
import { createPostgresScopeStore } from './adapters/postgres/postgres-scope-store.js';
import { createChartRenderer } from './adapters/charts/failing-share-chart.js';
import { createScopeService } from './app/scope/scope-service.js';
import { createDependencyMonitor } from './app/health/dependency-monitor.js';
import { createBreakGlass } from './app/oncall/break-glass.js';
import { registerListeners } from './ingress/slack/register-listeners.js';
import type { RunDrill } from './app/drills/run-drill.js';
import { migrateToLatest } from './adapters/postgres/migrate.js';
import { createPgBossJobQueue } from './adapters/postgres/pgboss-job-queue.js';
import { createPostgresHealthCheck } from './adapters/postgres/postgres-health-check.js';
import { isDatabaseUnavailable } from './adapters/postgres/unavailable.js';
import type { Config } from './config.js';
import { incidentRoutes } from './ingress/api/incident-routes.js';
import { healthRoutes } from './ingress/http/health-routes.js';
import type { Route } from './ingress/http/route.js';
import { createHttpServer } from './ingress/http/http-server.js';
import { createTelemetry } from './ingress/http/telemetry.js';
import { createPostgresOperationsReader } from './adapters/postgres/postgres-operations-reader.js';
import { createLargeBodySlots } from './ingress/http/large-body-slots.js';
import { createSlackApp, type SlackApp } from './ingress/slack/create-slack-app.js';
import { setUpSandbox, type SandboxSetup } from './sandbox/sandbox-config.js';
import { sandboxRoutes } from './sandbox/sandbox-routes.js';
import { pagerDutySignature } from './adapters/pagerduty/sign.js';
import { untilStarted } from './ingress/http/until-started.js';
import { createTicker, type TickerJob } from './app/ticker.js';
import { settleBefore } from './app/retry-startup-step.js';
import { createLifecycle } from './app/lifecycle.js';
import { createStartupGate, type StartupGate } from './app/startup-gate.js';
import { createRetentionFor, openDatabase, type Database } from './compose/database.js';
import { createDrillRunner } from './compose/drill-runner.js';
import { configuredDependencies, metricsSources, webhookSources } from './compose/outside-systems.js';
import type { Base, StartOptions } from './compose/base.js';
import { createPaging } from './compose/paging.js';
import { createFollowUpTracker } from './compose/followup-tracker.js';
import { schedulePagingCheck } from './compose/paging-check.js';
import { createStatusPageParts } from './compose/statuspage.js';
import { withPeopleNames } from './compose/people.js';
import { createPrivateVisibilityFor, createRoomWorkerWith } from './compose/slack-room.js';
import { createMoveToPrivate } from './app/room/move-to-private.js';
import { systemClock } from './compose/system-clock.js';
import { createFallbackRoom, type FallbackRoom } from './compose/fallback-room.js';
import { roomLinkRoute } from './ingress/api/room-link-route.js';

export { systemClock } from './compose/system-clock.js';
export { createRetentionFor, openDatabase, runMigrations, withDatabase, type Database } from './compose/database.js';
export { createDrillRunner } from './compose/drill-runner.js';
export { createPagingCheckFor } from './compose/paging-check.js';
export { pagingProviders } from './compose/outside-systems.js';
export { createDependencyMonitor } from './app/health/dependency-monitor.js';
export type { StartOptions } from './compose/base.js';

const ATTACH_WORKERS = 4;
/** How often a replica looks for deliveries another replica stored (its own wake it at once). */
const ATTACH_POLL_MS = 500;
const REMIND_EVERY_MS = 15_000;
const SCOPE_JOB = 'scope.measure';
/** After SHUTDOWN_DELAY_SECONDS, what is left of the shutdown grace for requests, workers and periodic checks. */
const DRAIN_GRACE_MS = 10_000;

export interface RunningWarroom {
  readonly port: number;
  readonly database: Database;
  readonly queries: IncidentQueries;
  /** Resolves once migrations are applied and the job queue runs. */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

export async function startWarroom(given: Config, log: Logger, options: StartOptions = {}): Promise<RunningWarroom> {
  const clock = options.clock ?? systemClock;
  const sandbox = await sandboxFor(given, log);
  const config = sandbox?.config ?? given;
  const telemetry = createTelemetry();
  const gate = createStartupGate();
  const giveUpAt = Date.now() + config.startupRetrySeconds * 1000;
  // Every start-up step is retried: an outage in the middle of start-up must not leave it half done.
  const lifecycle = createLifecycle({
    log,
    graceMs: DRAIN_GRACE_MS,
    retry: { isOutage: (err) => isDatabaseUnavailable(err) || (err instanceof Error && err.name === 'DependencyUnavailableError'), giveUpAt },
    beforeStop: () => shutdownDelay(config, gate, log),
    onStartFailed: (err) => {
      const reason = err instanceof Error ? err.message : String(err);
      gate.failed(`start-up failed: ${reason}`);
      log.error({ err: reason }, 'start-up failed; Warroom stops (the orchestrator restarts it)');
    },
  });
  const database = withPeopleNames(await openDatabase(config, log), config, clock);
  // Closed last, whatever happened before: with a grace of its own.
  lifecycle.add({ name: 'database', stop: () => database.close(), ownGraceMs: DRAIN_GRACE_MS });
  telemetry.readOperationsFrom(createPostgresOperationsReader(database.knex));
  lifecycle.add({
    name: 'migrations',
    start: async () => {
      await migrateToLatest(database.knex, log, options.migrationLockWaitMs);
      gate.enter('starting the job queue');
    },
  });
  const jobs = createPgBossJobQueue({ url: database.url, log, telemetry });
  lifecycle.add({ name: 'job queue', start: () => jobs.start(), stop: (withinMs) => jobs.stop(Math.max(1000, withinMs)) });
  const monitor = createDependencyMonitor({ clock, configured: configuredDependencies(config), onChange: (name, up) => telemetry.dependencyUp(name, up) });
  const base: Base = { config, log, clock, options, telemetry, database, jobs, monitor, lifecycle, gate, room: { enabled: config.slack !== null }, giveUpAt };

  // One component (or group) a line. What runs adds its start and stop to `lifecycle` where it is
  // built, so a new worker is one `lifecycle.add` beside its creation: started in this order, stopped in reverse.
  const queries = createIncidentQueries(database.store, config.settings.bridge.url, { types: config.settings.incidentTypes });
  const findRunbooks = await runbooksFrom(base);
  const { providers, pages, slackRoom, onCall, paging } = createPaging(base);
  const roomWorker = slackRoom ? createRoomWorkerWith(base, slackRoom, { queries, findRunbooks, pages, onCall }) : null;
  // Slack off: no room worker, nothing to wake.
  const roomWakeUp: RoomWakeUp = roomWorker ?? { wake: () => undefined };
  const statusPage = createStatusPageParts(base, roomWakeUp);
  const { declareIncident, changeIncident, roomChangeIncident } = createIncidentChanges(base, roomWakeUp, Object.keys(providers).length > 0);
  const { scope, updates, breakGlass } = await createScopeAndUpdates(base, paging);
  const receiveDelivery = createAlertIntake(base, roomWakeUp);
  // Reminders, scope refresh and break-glass: they post to Slack, so they run with the room worker.
  if (roomWorker) createPeriodicChecks(base, [
    { name: 'stakeholder-update reminders', run: () => updates.remindOverdue(), failureLevel: 'debug' },
    { name: 'scope refresh', run: () => scope.tick(), failureLevel: 'debug' },
    { name: 'break-glass check', run: () => breakGlass.tick(), failureLevel: 'warn' },
  ]);
  createRetentionJob(base);
  schedulePagingCheck(base, providers, () => roomWakeUp.wake());
  const followUpTracker = createFollowUpTracker(base);
  const fallbackRoom = createFallbackRoom(base, { queries, changeIncident: roomChangeIncident, updates });
  let port = 0;
  const slack = createSlack(base, { queries, findRunbooks, onCall, paging, updates, statusPage: statusPage.updates, declareIncident, changeIncident, receiveDelivery, sandbox, trackerRoutes: followUpTracker.routes, fallbackRoom, port: () => port });
  port = await listen(base, slack);
  // Added after the server, so stopped before its drain: open room pages would hold the drain to its end.
  lifecycle.add({ name: 'room page streams', stop: () => Promise.resolve(fallbackRoom.closeStreams()) });
  // Migrations and the workers start in the background: the server already answers /healthz and
  // /readyz (503 until ready), and every other route answers "starting" until it is done.
  const ready = lifecycle.start();
  // Logged by onStartFailed, which also stopped what ran; `warroom serve` then exits 1. A stop during start-up is no failure.
  ready.catch(() => undefined);
  return { port, database, queries, ready, stop: () => lifecycle.stop() };
}

/** Sandbox mode: this server plays Slack, Prometheus and PagerDuty; said first, so nobody takes it for production. */
async function sandboxFor(given: Config, log: Logger): Promise<SandboxSetup | null> {
  const sandbox = given.sandbox ? await setUpSandbox(given) : null;
  if (sandbox) {
    log.info(
      { sandbox: true, url: `${sandbox.selfUrl}/sandbox` },
      `SANDBOX MODE (no Slack credentials): Warroom plays Slack, Prometheus and PagerDuty itself; open ${sandbox.selfUrl}/sandbox (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or WARROOM_SANDBOX=off, to leave it)`,
    );
  }
  if (given.sandboxRefused !== null) {
    log.warn({ sandbox: false, reason: given.sandboxRefused }, `sandbox not started: ${given.sandboxRefused}; Slack stays off. Set WARROOM_SANDBOX=on to start it anyway`);
  }
  return sandbox;
}

/** Still serving, but not ready: load balancers take this replica out before it closes (SHUTDOWN_DELAY_SECONDS). */
async function shutdownDelay(config: Config, gate: StartupGate, log: Logger): Promise<void> {
  if (config.shutdownDelaySeconds <= 0) return;
  gate.enter('shutting down');
  log.info({ seconds: config.shutdownDelaySeconds }, 'stopping: /readyz answers 503 while requests are still served (SHUTDOWN_DELAY_SECONDS)');
  await new Promise((r) => setTimeout(r, config.shutdownDelaySeconds * 1000));
}

async function runbooksFrom({ database, log, config }: Base): Promise<FindRunbooks> {
  const loaded = await loadRunbooks(RUNBOOKS_DIR);
  for (const problem of loaded.problems) log.warn({ problem }, 'a runbook was skipped');
  return createFindRunbooks({ runbooks: loaded.runbooks, incidents: database.store, types: config.settings.incidentTypes });
}

/** The use cases that change incidents from requests (the fallback room's marked as made there: Slack is told on its return); each wakes the room worker once its change committed. */
function createIncidentChanges(base: Base, roomWakeUp: RoomWakeUp, hasProviders: boolean): { declareIncident: DeclareIncident; changeIncident: ChangeIncident; roomChangeIncident: ChangeIncident } {
  const { database, clock, room, telemetry, jobs, config } = base;
  const store = database.store;
  const types = config.settings.incidentTypes;
  const declareIncident = createDeclareIncident({ store, clock, room, roomWakeUp, types });
  const changes = {
    store,
    clock,
    room,
    roomWakeUp,
    telemetry,
    types,
    ...(hasProviders
      ? {
          onResolved: (incident: Incident) => jobs.send(SYNC_RESOLVE_JOB, { incidentId: incident.id }),
          onCommitted: queuePagingSync(jobs),
        }
      : {}),
  };
  return { declareIncident, changeIncident: createChangeIncident(changes), roomChangeIncident: createChangeIncident({ ...changes, via: VIA_FALLBACK_ROOM }) };
}

/** Scope measurement (with its job), stakeholder-update reminders and the break-glass check. */
async function createScopeAndUpdates(base: Base, paging: PagingService) {
  const { config, database, clock, log, jobs, monitor, lifecycle, room } = base;
  const store = database.store;
  const cadence = createPostgresUpdateCadence(database.knex);
  const scope = createScopeService({
    metrics: await metricsSources(config, monitor),
    scopes: createPostgresScopeStore(database.knex),
    store,
    cadence,
    charts: createChartRenderer(),
    settings: config.settings,
    room,
    clock,
    log,
  });
  lifecycle.add({
    name: 'scope jobs',
    start: () =>
      jobs.work(SCOPE_JOB, async (data) => {
        if (typeof data.incidentId === 'number') await scope.measure(data.incidentId);
      }),
  });
  const breakGlass = createBreakGlass({ monitor, store, cadence, paging, breakGlassMinutes: config.settings.breakGlassMinutes, clock, log });
  const updates = createStakeholderUpdates({ store, cadence, settings: config.settings, clock, log });
  return { scope, updates, breakGlass };
}

/** Webhook deliveries: stored before the 202, then attached to incidents by the attach worker. */
function createAlertIntake(base: Base, roomWakeUp: RoomWakeUp): ReceiveDelivery {
  const { config, database, clock, log, room, telemetry } = base;
  const deliveries = createPostgresDeliveryStore(database.knex);
  const attachDelivery = createAttachDelivery({ alerts: createPostgresAlertStore(database.knex), clock, settings: config.settings, log, room, roomWakeUp, telemetry });
  // Several attaches at once: each waits on the database, and a storm brings many. It polls its own table and rides out outages by itself.
  const attachWorker = createAttachWorker({ deliveries, attachDelivery, telemetry, log }, { concurrency: ATTACH_WORKERS, idlePollMs: ATTACH_POLL_MS });
  base.lifecycle.add({ name: 'attach worker', start: () => attachWorker.start(), stop: () => attachWorker.stop() });
  return createReceiveDelivery({ deliveries, clock, attachWakeUp: attachWorker });
}

/** The periodic checks of a replica: one round at a time each, awaited (bounded) at shutdown. */
function createPeriodicChecks(base: Base, checks: TickerJob[]): void {
  const ticker = createTicker(checks, base.options.reminderEveryMs ?? REMIND_EVERY_MS, base.log, base.options.onCheckRound);
  base.lifecycle.add({ name: 'periodic checks', start: () => ticker.start(), stop: (withinMs) => ticker.stop(withinMs) });
}

/** Retention runs with or without Slack, at its own pace; one replica at a time (an advisory lock). */
function createRetentionJob(base: Base): void {
  const { config, database, log, clock, telemetry, options } = base;
  const retention = createRetentionFor(database, config, log, clock, (table, count) => telemetry.retentionDeleted(table, count));
  const housekeeping = createTicker(
    [{ name: 'retention', run: () => retention.prune(), failureLevel: 'warn' }],
    options.retentionEveryMs ?? config.settings.retention.everyMinutes * 60_000,
    log,
  );
  base.lifecycle.add({ name: 'retention', start: () => housekeeping.start(), stop: (withinMs) => housekeeping.stop(withinMs) });
}

interface SlackDeps {
  readonly queries: IncidentQueries;
  readonly findRunbooks: FindRunbooks;
  readonly onCall: OnCallLookup;
  readonly paging: PagingService;
  readonly updates: StakeholderUpdates;
  readonly statusPage: StatusPageUpdates | null;
  readonly declareIncident: DeclareIncident;
  readonly changeIncident: ChangeIncident;
  readonly receiveDelivery: ReceiveDelivery;
  readonly sandbox: SandboxSetup | null;
  /** POST /webhooks/<tracker> of the follow-up tracker (issue 20). */
  readonly trackerRoutes: readonly Route[];
  /** Warroom's own room page and its links (issue 23). */
  readonly fallbackRoom: FallbackRoom;
  /** The port the server listens on, once it does. */
  readonly port: () => number;
}

/** The routes and the Slack app that serves them (Bolt over HTTP, or Socket Mode), its listeners and its connection. */
function createSlack(base: Base, deps: SlackDeps): SlackApp {
  const { config, database, clock, log, telemetry, monitor, gate, lifecycle } = base;
  const { queries, declareIncident, receiveDelivery, sandbox } = deps;
  const checkReadiness = createCheckReadiness([
    createPostgresHealthCheck(database.knex),
    gate.check,
    ...(['slack', 'pagerduty', 'opsgenie', 'jsm', 'datadog', 'prometheus'] as const).map((name) => monitor.check(name)),
    deps.fallbackRoom.health,
  ], { clock, log });
  const sources = webhookSources(config);
  const largeBodies = createLargeBodySlots(config.webhookLargeBodyConcurrency, (n) => telemetry.largeBodiesBuffering(n));
  const apiTokens = { apiToken: config.apiToken, privateToken: config.apiPrivateToken };
  const publicQueries = createIncidentQueries(database.store, config.settings.bridge.url, { publicOnly: true, types: config.settings.incidentTypes });
  const { links, offReason } = deps.fallbackRoom;
  const routes = [
    ...healthRoutes({ checkReadiness, telemetry, tokens: { apiToken: config.apiToken, metricsToken: config.metricsToken } }),
    // Until the schema is migrated and the workers run: 503 + Retry-After, never a 500 from a missing table.
    ...untilStarted([...webhookRoutes({ sources, receiveDelivery, largeBodies, telemetry, log }), ...deps.trackerRoutes, ...incidentRoutes({ apiTokens, queries, publicQueries, declareIncident, changeIncident: deps.changeIncident, services: Object.keys(config.settings.services), incidentTypes: config.settings.incidentTypes }), roomLinkRoute({ apiTokens, queries, publicQueries, links, offReason }), ...deps.fallbackRoom.routes], () => gate.isOpen()),
    ...(sandbox ? sandboxRoutes(sandbox, { log, startedAt: clock.now().getTime(), signAsPagerDuty: pagerDutySignature }) : []),
  ];
  const slack = createSlackApp({ slack: config.slack, routes, log, replayGuard: createPostgresReplayGuard(database.knex), started: () => gate.isOpen() });
  if (slack.app) registerSlackListeners(base, slack.app, deps);
  if (!slack.app) {
    log.info({}, 'Slack is off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode) to turn it on (README: "Slack app set-up")');
  }
  // Socket Mode retries a refused connection by itself, forever: bounded by the start-up budget.
  lifecycle.add({ name: 'Slack connection', start: () => settleBefore(slack.start(), base.giveUpAt, 'the Socket Mode connection'), stop: () => slack.stop() });
  lifecycle.add({
    name: 'ready',
    start: () => {
      gate.enter('started');
      log.info({ webhooks: sources.map((s) => s.provider) }, 'Warroom is ready');
    },
  });
  return slack;
}

function registerSlackListeners(base: Base, app: NonNullable<SlackApp['app']>, deps: SlackDeps): void {
  const { config, database, clock, log, jobs } = base;
  const { declareIncident, changeIncident, queries, updates, findRunbooks, onCall, paging } = deps;
  const outbox = createPostgresSlackOutbox(database.knex);
  registerListeners(app, {
    declareIncident,
    changeIncident,
    queries,
    visibility: createPrivateVisibilityFor(config, clock, log),
    room: createRoomRequests({ outbox, store: database.store, clock }),
    goneRooms: createGoneRooms({ incidents: database.store, outbox, changeIncident, log }),
    moveToPrivate: createMoveToPrivate({ incidents: database.store, outbox, changeIncident, clock }),
    updates,
    catchUps: createCatchUps({ store: database.store, settings: config.settings, clock }),
    roomLinks: deps.fallbackRoom.links,
    followUps: createFollowUps({ store: database.store, clock }),
    statusPage: deps.statusPage,
    findRunbooks,
    onCall,
    paging,
    requestScope: (incidentId: number) => jobs.send(SCOPE_JOB, { incidentId }),
    stakeholderChannels: (incident: Incident) => updateTargets(incident, config.settings).length,
    services: Object.keys(config.settings.services),
    incidentTypes: config.settings.incidentTypes,
    timelineEmoji: config.settings.timelineEmoji,
    runDrill: drillRunnerFor(base, deps),
    log,
  });
}

/** A drill posts to this very process, always on the loopback address. */
function drillRunnerFor(base: Base, deps: SlackDeps): RunDrill {
  return createDrillRunner(base.config, () => `http://127.0.0.1:${deps.port()}`, async (key) => {
    const open = await deps.queries.list({ status: 'open', limit: 100 });
    return open.find((view) => view.incident.drill && view.alerts.recent.some((a) => a.key === key))?.incident ?? null;
  }, {
    clock: base.clock,
    // Who started the drill, on its timeline (the incident itself was declared by the provider's alert).
    onStarted: async (incident, scenario, actor) => {
      await deps.changeIncident(incident.id, { type: 'add_note', text: `Drill "${scenario.name}" started by ${personRef(actor)}`, actor });
    },
  });
}

/** The server listens before start-up runs; created running, it is the first thing stopped: requests drain before what serves them stops. */
async function listen(base: Base, slack: SlackApp): Promise<number> {
  const { config, database, log, telemetry } = base;
  const http = createHttpServer(slack.requestListener, { log, telemetry });
  const port = await http.listen(config.port, config.host);
  log.info({ port, host: config.host, database: database.embedded ? 'embedded' : 'DATABASE_URL' }, `Warroom listening on http://${config.host}:${port}`);
  base.lifecycle.add({
    name: 'draining requests',
    stop: (withinMs) => {
      log.info({}, 'stopping: draining in-flight requests');
      return http.drain(withinMs);
    },
  });
  return port;
}
