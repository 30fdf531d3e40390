/**
 * The composition root: the one place that builds adapters and wires them into use cases and
 * ingress. Everything else receives what it needs as arguments.
 */
import type { Knex } from 'knex';
import { createCheckReadiness } from './app/check-readiness.js';
import { createDeclareIncident } from './app/declare-incident.js';
import type { Clock, HealthCheck, IncidentStore, Logger } from './app/ports.js';
import type { Incident } from './core/incident.js';
import { createIncidentQueries, type IncidentQueries } from './app/query-incidents.js';
import { createAttachDelivery } from './app/attach-delivery.js';
import { createReceiveDelivery } from './app/receive-delivery.js';
import { createAttachWorker } from './app/attach-worker.js';
import type { WebhookSource } from './app/ports.js';
import type { AlertProvider } from './core/alert.js';
import { createAlertmanagerWebhookSource } from './adapters/alertmanager/alertmanager-webhook-source.js';
import { createDatadogWebhookSource } from './adapters/datadog/datadog-webhook-source.js';
import { createOpsgenieWebhookSource } from './adapters/opsgenie/opsgenie-webhook-source.js';
import { createPagerDutyWebhookSource } from './adapters/pagerduty/pagerduty-webhook-source.js';
import { createPostgresAlertStore } from './adapters/postgres/postgres-alert-store.js';
import { createPostgresDeliveryStore } from './adapters/postgres/postgres-delivery-store.js';
import { webhookRoutes } from './ingress/webhooks/webhook-routes.js';
import { createChangeIncident } from './app/change-incident.js';
import { rateLimitedChat } from './app/room/rate-limited-chat.js';
import { createRoomWorker, ROOM_WORKER_DEFAULTS, type RoomWorker, type RoomWorkerOptions } from './app/room/room-worker.js';
import { createRunRoomTask } from './app/room/run-room-task.js';
import type { RoomPolicy } from './app/room-tasks.js';
import { createPostgresSlackOutbox } from './adapters/postgres/postgres-slack-outbox.js';
import { createSlackChat } from './adapters/slack/slack-chat.js';
import { appHome } from './adapters/slack/blocks/app-home.js';
import { declareModal } from './adapters/slack/blocks/declare-modal.js';
import { helpMessage } from './adapters/slack/blocks/help-message.js';
import { noteModal } from './adapters/slack/blocks/note-modal.js';
import { roleModal } from './adapters/slack/blocks/role-modal.js';
import { createRoomRequests } from './app/room/room-requests.js';
import { createStakeholderUpdates } from './app/room/stakeholder-updates.js';
import { createPostgresUpdateCadence } from './adapters/postgres/postgres-update-cadence.js';
import { updateModal } from './adapters/slack/blocks/update-modal.js';
import { loadRunbooks, RUNBOOKS_DIR } from './adapters/runbooks/file-runbooks.js';
import { createFindRunbooks, type FindRunbooks } from './app/room/find-runbooks.js';
import { createOnCallLookup } from './app/oncall/find-on-call.js';
import { ACK_CHECK_JOB, createPagingService, PAGE_JOB, SYNC_RESOLVE_JOB } from './app/oncall/paging-service.js';
import { createPagingStatus } from './app/oncall/paging-status.js';
import { createSlackDirectory } from './app/oncall/slack-directory.js';
import type { Chat, PagingProvider, PagingProviderName, RoomWakeUp, SlackOutbox, Telemetry } from './app/ports.js';
import { createOpsgeniePaging } from './adapters/opsgenie/opsgenie-paging.js';
import { createPagerDutyPaging } from './adapters/pagerduty/pagerduty-paging.js';
import { createPostgresPages } from './adapters/postgres/postgres-pages.js';
import { createPostgresReplayGuard } from './adapters/postgres/postgres-replay-guard.js';
import { createPostgresScopeStore } from './adapters/postgres/postgres-scope-store.js';
import { createPrometheusMetrics } from './adapters/prometheus/prometheus-metrics.js';
import { createDatadogMetrics } from './adapters/datadog/datadog-metrics.js';
import { createChartRenderer } from './adapters/charts/failing-share-chart.js';
import { createScopeService } from './app/scope/scope-service.js';
import { createDependencyMonitor, type DependencyMonitor, type DependencyName } from './app/health/dependency-monitor.js';
import { monitoredChat, monitoredMetrics, monitoredPaging } from './app/health/monitored.js';
import { createBreakGlass } from './app/oncall/break-glass.js';
import type { MetricsSource } from './app/ports.js';
import { registerListeners } from './ingress/slack/register-listeners.js';
import { createRunDrill, type FindDrillIncident, type RunDrill } from './app/drills/run-drill.js';
import { loadDrillScenarios } from './adapters/drills/file-scenarios.js';
import { createWebhookDrillSender } from './adapters/drills/webhook-drill-sender.js';
import { createKnex } from './adapters/postgres/create-knex.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './adapters/postgres/embedded-postgres.js';
import { migrateToLatest } from './adapters/postgres/migrate.js';
import { createPgBossJobQueue, type PgBossJobQueue } from './adapters/postgres/pgboss-job-queue.js';
import { createPostgresHealthCheck } from './adapters/postgres/postgres-health-check.js';
import { createPostgresIncidentStore } from './adapters/postgres/postgres-incident-store.js';
import { isDatabaseUnavailable } from './adapters/postgres/unavailable.js';
import type { Config } from './config.js';
import { incidentRoutes } from './ingress/api/incident-routes.js';
import { healthRoutes } from './ingress/http/health-routes.js';
import { createHttpServer } from './ingress/http/http-server.js';
import { createTelemetry } from './ingress/http/telemetry.js';
import { createPostgresOperationsReader } from './adapters/postgres/postgres-operations-reader.js';
import { createLargeBodySlots } from './ingress/http/large-body-slots.js';
import { createSlackApp } from './ingress/slack/create-slack-app.js';
import { setUpSandbox } from './sandbox/sandbox-config.js';
import { sandboxRoutes } from './sandbox/sandbox-routes.js';
import { untilStarted } from './ingress/http/until-started.js';
import { createTicker } from './app/ticker.js';
import { settledWithin } from './app/settled-within.js';
import { createRetention, type Retention } from './app/retention.js';
import { createPostgresRetention } from './adapters/postgres/postgres-retention.js';
import { retryStartupStep, settleBefore, StartupStoppedError } from './app/retry-startup-step.js';

export const systemClock: Clock = { now: () => new Date() };
const ATTACH_WORKERS = 4;
/** How often a replica looks for deliveries another replica stored (its own wake it at once). */
const ATTACH_POLL_MS = 500;
const REMIND_EVERY_MS = 15_000;
const SCOPE_JOB = 'scope.measure';

/** The metrics backends that are configured; Datadog's large client is only loaded when it is. */
async function metricsSources(config: Config, monitor: DependencyMonitor): Promise<Partial<Record<'prometheus' | 'datadog', MetricsSource>>> {
  const sources: Partial<Record<'prometheus' | 'datadog', MetricsSource>> = {};
  if (config.prometheus.url) sources.prometheus = monitoredMetrics(createPrometheusMetrics({ url: config.prometheus.url }), monitor);
  const dd = config.datadog;
  if (dd.apiKey && dd.appKey) sources.datadog = monitoredMetrics(await createDatadogMetrics({ apiKey: dd.apiKey, appKey: dd.appKey, apiUrl: dd.apiUrl }), monitor);
  return sources;
}

/** The paging providers whose API credentials are set. */
function pagingProviders(config: Config, monitor: DependencyMonitor): Partial<Record<PagingProviderName, PagingProvider>> {
  const providers: Partial<Record<PagingProviderName, PagingProvider>> = {};
  const pd = config.pagerduty;
  if (pd.apiToken && pd.fromEmail) providers.pagerduty = monitoredPaging(createPagerDutyPaging({ token: pd.apiToken, fromEmail: pd.fromEmail, apiUrl: pd.apiUrl }), monitor);
  if (config.opsgenie.apiKey) providers.opsgenie = monitoredPaging(createOpsgeniePaging({ apiKey: config.opsgenie.apiKey, apiUrl: config.opsgenie.apiUrl }), monitor);
  return providers;
}

/** The webhook of each provider whose secret or token is set; the others answer 404. */
function webhookSources(config: Config): WebhookSource[] {
  const sources: Partial<Record<AlertProvider, WebhookSource>> = {};
  if (config.pagerduty.webhookSecrets.length > 0) sources.pagerduty = createPagerDutyWebhookSource({ secrets: config.pagerduty.webhookSecrets });
  if (config.opsgenie.webhookToken) sources.opsgenie = createOpsgenieWebhookSource({ token: config.opsgenie.webhookToken });
  if (config.datadog.webhookToken) sources.datadog = createDatadogWebhookSource({ token: config.datadog.webhookToken });
  if (config.alertmanager.webhookToken) sources.alertmanager = createAlertmanagerWebhookSource({ token: config.alertmanager.webhookToken });
  return Object.values(sources);
}

/**
 * Drills fire their alerts at Warroom's webhook routes at `baseUrl` (this process, or the one the
 * CLI talks to), authenticated with the webhook secrets and tokens of `config`.
 */
export function createDrillRunner(
  config: Config,
  baseUrl: () => string,
  findIncident: FindDrillIncident,
  options: { clock?: Clock; onStarted?: Parameters<typeof createRunDrill>[0]['onStarted'] } = {},
): RunDrill {
  return createRunDrill({
    scenarios: () => loadDrillScenarios(),
    ...(options.onStarted ? { onStarted: options.onStarted } : {}),
    sender: {
      missing: (provider) => sender().missing(provider),
      fire: (scenario, run) => sender().fire(scenario, run),
    },
    findIncident,
    clock: options.clock ?? systemClock,
  });
  function sender() {
    return createWebhookDrillSender({
      baseUrl: baseUrl(),
      credentials: {
        pagerdutyWebhookSecrets: config.pagerduty.webhookSecrets,
        opsgenieWebhookToken: config.opsgenie.webhookToken,
        datadogWebhookToken: config.datadog.webhookToken,
        alertmanagerWebhookToken: config.alertmanager.webhookToken,
      },
    });
  }
}

export interface Database {
  readonly url: string;
  readonly knex: Knex;
  readonly store: IncidentStore;
  readonly embedded: EmbeddedPostgres | null;
  close(): Promise<void>;
}

/**
 * Connects to DATABASE_URL, or to the embedded PostgreSQL in DATA_DIR when it is unset (started
 * here unless another process already runs it). The server's embedded PostgreSQL runs in its own
 * process group, so a Ctrl-C reaches only Warroom, which stops the database after its drain;
 * a short-lived command (`ownProcessGroup: false`) lets it die with its group.
 */
export async function openDatabase(config: Config, log: Logger, options: { ownProcessGroup?: boolean } = {}): Promise<Database> {
  const ownProcessGroup = options.ownProcessGroup ?? true;
  const embedded = config.databaseUrl === null ? await startEmbeddedPostgres({ dataDir: config.dataDir, log, ownProcessGroup }) : null;
  const url = embedded?.url ?? config.databaseUrl ?? '';
  const knex = createKnex({ url, log });
  return {
    url,
    knex,
    store: createPostgresIncidentStore(knex),
    embedded,
    async close() {
      await knex.destroy();
      await embedded?.stop();
    },
  };
}

export interface RunningWarroom {
  readonly port: number;
  readonly database: Database;
  readonly queries: IncidentQueries;
  /** Resolves once migrations are applied and the job queue runs. */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

/** For tests: a clock to compress time, how often replicas look for overdue updates, how long migrations wait for another replica's lock. */
export interface StartOptions {
  readonly clock?: Clock;
  readonly reminderEveryMs?: number;
  /** How often the retention job runs (default: warroom.yml retention.everyMinutes). */
  readonly retentionEveryMs?: number;
  readonly migrationLockWaitMs?: number;
  /** The room worker's lease, outage pause and retry timings (shortened by the outbox tests). */
  readonly roomWorker?: Partial<RoomWorkerOptions>;
}

/** After SHUTDOWN_DELAY_SECONDS, what is left of the shutdown grace for requests, workers and periodic checks. */
const DRAIN_GRACE_MS = 10_000;

export async function startWarroom(given: Config, log: Logger, options: StartOptions = {}): Promise<RunningWarroom> {
  const clock = options.clock ?? systemClock;
  // Sandbox mode: this server plays Slack, Prometheus and PagerDuty; said first, so nobody takes it for production.
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
  const config = sandbox?.config ?? given;
  const telemetry = createTelemetry();
  const database = await openDatabase(config, log);
  telemetry.readOperationsFrom(createPostgresOperationsReader(database.knex));
  const store = database.store;
  const jobs: PgBossJobQueue = createPgBossJobQueue({ url: database.url, log, telemetry });

  const configured: DependencyName[] = [
    ...(config.slack ? (['slack'] as const) : []),
    ...(config.pagerduty.apiToken ? (['pagerduty'] as const) : []),
    ...(config.opsgenie.apiKey ? (['opsgenie'] as const) : []),
    ...(config.datadog.apiKey ? (['datadog'] as const) : []),
    ...(config.prometheus.url ? (['prometheus'] as const) : []),
  ];
  const monitor = createDependencyMonitor({ clock, configured, onChange: (name, up) => telemetry.dependencyUp(name, up) });
  // Ready only once every worker runs: a replica half-started by an outage must not take traffic.
  let startup: 'applying database migrations' | 'starting the job queue' | 'started' | 'shutting down' = 'applying database migrations';
  // Set once start-up has finished and never unset: requests are served (not refused as "starting") until the drain.
  let started = false;
  let startupFailure: string | null = null;
  const startupCheck: HealthCheck = {
    name: 'migrations',
    critical: true,
    check: () => Promise.resolve(startup === 'started' ? { state: 'ok' } : { state: 'down', detail: startupFailure ?? startup }),
  };
  const checkReadiness = createCheckReadiness([
    createPostgresHealthCheck(database.knex),
    startupCheck,
    ...(['slack', 'pagerduty', 'opsgenie', 'datadog', 'prometheus'] as const).map((name) => monitor.check(name)),
  ], { clock, log });
  const queries = createIncidentQueries(store);
  const room: RoomPolicy = { enabled: config.slack !== null };
  const postmortemOf = async (id: number) => {
    const draft = await queries.postmortem(`INC-${id}`);
    return draft.ok ? draft.value : null;
  };
  const loaded = await loadRunbooks(RUNBOOKS_DIR);
  for (const problem of loaded.problems) log.warn({ problem }, 'a runbook was skipped');
  const findRunbooks = createFindRunbooks({ runbooks: loaded.runbooks, incidents: store });
  const providers = pagingProviders(config, monitor);
  const pages = createPostgresPages(database.knex);
  const slackRoom = config.slack ? createSlackRoomParts(config, database, clock, monitor) : null;
  const findSlackUser = slackRoom ? createSlackDirectory({ chat: slackRoom.chat, clock }) : () => Promise.resolve(null);
  const onCall = createOnCallLookup({ providers, findSlackUser, settings: config.settings, log });
  const paging = createPagingService({ providers, store, pages, jobs, settings: config.settings, room, clock, log, telemetry });
  const roomWorker = slackRoom
    ? createRoomWorkerFor(config, database, log, clock, slackRoom, {
        postmortem: postmortemOf,
        findRunbooks,
        pagingStatus: createPagingStatus(pages),
        findCommander: async (incident) => (await onCall.primaryFor(incident.services))?.slackUserId ?? null,
      }, { ...ROOM_WORKER_DEFAULTS, ...options.roomWorker }, telemetry)
    : null;
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
  const breakGlass = createBreakGlass({ monitor, store, cadence, paging, breakGlassMinutes: config.settings.breakGlassMinutes, clock, log });
  const updates = createStakeholderUpdates({ store, cadence, settings: config.settings, clock, log });
  // Slack off: no room worker, nothing to wake.
  const roomWakeUp: RoomWakeUp = roomWorker ?? { wake: () => undefined };
  const declareIncident = createDeclareIncident({ store, clock, room, roomWakeUp });
  const hasProviders = Object.keys(providers).length > 0;
  const changeIncident = createChangeIncident({
    store,
    clock,
    room,
    roomWakeUp,
    telemetry,
    ...(hasProviders ? { onResolved: (incident: Incident) => jobs.send(SYNC_RESOLVE_JOB, { incidentId: incident.id }) } : {}),
  });
  const deliveries = createPostgresDeliveryStore(database.knex);
  const attachDelivery = createAttachDelivery({ alerts: createPostgresAlertStore(database.knex), clock, settings: config.settings, log, room, roomWakeUp, telemetry });
  // Several attaches at once: each waits on the database, and a storm brings many.
  const attachWorker = createAttachWorker({ deliveries, attachDelivery, telemetry, log }, { concurrency: ATTACH_WORKERS, idlePollMs: ATTACH_POLL_MS });
  const receiveDelivery = createReceiveDelivery({ deliveries, clock, attachWakeUp: attachWorker });
  const sources = webhookSources(config);
  const largeBodies = createLargeBodySlots(config.webhookLargeBodyConcurrency, (n) => telemetry.largeBodiesBuffering(n));
  const routes = [
    ...healthRoutes({ checkReadiness, telemetry, tokens: { apiToken: config.apiToken, metricsToken: config.metricsToken } }),
    // Until the schema is migrated and the workers run: 503 + Retry-After, never a 500 from a missing table.
    ...untilStarted([...webhookRoutes({ sources, receiveDelivery, largeBodies, telemetry, log }), ...incidentRoutes({ apiToken: config.apiToken, queries, declareIncident })], () => started),
    ...(sandbox ? sandboxRoutes(sandbox, { log, startedAt: clock.now().getTime() }) : []),
  ];
  const slack = createSlackApp({ slack: config.slack, routes, log, replayGuard: createPostgresReplayGuard(database.knex), started: () => started });
  // Set once the server listens: a drill posts to this very process, always on the loopback address.
  let listeningOn = 0;
  const runDrill = createDrillRunner(config, () => `http://127.0.0.1:${listeningOn}`, async (key) => {
    const open = await queries.list({ status: 'open', limit: 100 });
    return open.find((view) => view.incident.drill && view.alerts.recent.some((a) => a.key === key))?.incident ?? null;
  }, {
    clock,
    // Who started the drill, on its timeline (the incident itself was declared by the provider's alert).
    onStarted: async (incident, scenario, actor) => {
      await changeIncident(incident.id, { type: 'add_note', text: `Drill "${scenario.name}" started by ${actor}`, actor });
    },
  });
  if (slack.app) {
    registerListeners(slack.app, {
      declareIncident,
      changeIncident,
      queries,
      room: createRoomRequests({ outbox: createPostgresSlackOutbox(database.knex), store, clock }),
      updates,
      findRunbooks,
      onCall,
      paging,
      requestScope: (incidentId: number) => jobs.send(SCOPE_JOB, { incidentId }),
      stakeholderChannels: config.settings.stakeholderChannels.length,
      views: { help: helpMessage, declareModal, noteModal, roleModal, appHome, updateModal },
      services: Object.keys(config.settings.services),
      timelineEmoji: config.settings.timelineEmoji,
      runDrill,
      log,
    });
  }
  if (!slack.app) {
    log.info({}, 'Slack is off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode) to turn it on (README: "Slack app set-up")');
  }

  const http = createHttpServer(slack.requestListener, { log, telemetry });
  const port = await http.listen(config.port, config.host);
  listeningOn = port;
  log.info({ port, host: config.host, database: database.embedded ? 'embedded' : 'DATABASE_URL' }, `Warroom listening on http://${config.host}:${port}`);

  let stopping = false;
  // Reminders, scope refresh and break-glass: one round at a time each, awaited at shutdown.
  const ticker = createTicker(
    [
      { name: 'stakeholder-update reminders', run: () => updates.remindOverdue(), failureLevel: 'debug' },
      { name: 'scope refresh', run: () => scope.tick(), failureLevel: 'debug' },
      { name: 'break-glass check', run: () => breakGlass.tick(), failureLevel: 'warn' },
    ],
    options.reminderEveryMs ?? REMIND_EVERY_MS,
    log,
  );
  // Retention runs with or without Slack, at its own pace; one replica at a time (an advisory lock).
  const retention = createRetention({
    store: createPostgresRetention(database.knex),
    policy: config.settings.retention,
    clock,
    log,
    onDeleted: (table, count) => telemetry.retentionDeleted(table, count),
  });
  const housekeeping = createTicker(
    [{ name: 'retention', run: () => retention.prune(), failureLevel: 'warn' }],
    options.retentionEveryMs ?? config.settings.retention.everyMinutes * 60_000,
    log,
  );
  const retry = {
    isOutage: (err: unknown) => isDatabaseUnavailable(err) || (err instanceof Error && err.name === 'DependencyUnavailableError'),
    giveUpAt: Date.now() + config.startupRetrySeconds * 1000,
    stopped: () => stopping,
    log,
  };
  // Migrations and the workers start in the background: the server already answers /healthz and
  // /readyz (503 until ready), and every other route answers "starting" until it is done. Each
  // step is retried on its own: an outage in the middle of start-up must not leave it half done.
  const ready = (async () => {
    await retryStartupStep('migrations', () => migrateToLatest(database.knex, log, options.migrationLockWaitMs), retry);
    startup = 'starting the job queue';
    // The attach worker polls its own table and rides out outages by itself.
    if (stopping) throw new StartupStoppedError();
    attachWorker.start();
    housekeeping.start();
    await retryStartupStep('job queue', () => jobs.start(), retry);
    await retryStartupStep('paging jobs', () => jobs.work(PAGE_JOB, (data) => paging.runPage(data)), retry);
    await retryStartupStep(
      'scope jobs',
      () =>
        jobs.work(SCOPE_JOB, async (data) => {
          if (typeof data.incidentId === 'number') await scope.measure(data.incidentId);
        }),
      retry,
    );
    await retryStartupStep('acknowledgement jobs', () => jobs.work(ACK_CHECK_JOB, (data) => paging.checkAck(data)), retry);
    await retryStartupStep(
      'resolve-sync jobs',
      () => jobs.work(SYNC_RESOLVE_JOB, (data) => (typeof data.incidentId === 'number' ? paging.syncResolve(data.incidentId) : Promise.resolve())),
      retry,
    );
    if (stopping) throw new StartupStoppedError();
    if (roomWorker) {
      roomWorker.start();
      ticker.start();
    }
    // Socket Mode retries a refused connection by itself, forever: bounded by the start-up budget.
    await retryStartupStep('Slack connection', () => settleBefore(slack.start(), retry.giveUpAt, 'the Socket Mode connection'), retry);
    if (stopping) throw new StartupStoppedError();
    started = true;
    startup = 'started';
    log.info({ webhooks: sources.map((s) => s.provider) }, 'Warroom is ready');
  })();
  ready.catch((err: unknown) => {
    if (err instanceof StartupStoppedError) return;
    startupFailure = `start-up failed: ${err instanceof Error ? err.message : String(err)}`;
    log.error({ err: err instanceof Error ? err.message : String(err) }, 'start-up failed; Warroom stops (the orchestrator restarts it)');
  });

  return {
    port,
    database,
    queries,
    ready,
    async stop() {
      stopping = true;
      if (config.shutdownDelaySeconds > 0) {
        // Still serving, but not ready: load balancers take this replica out before it closes.
        startup = 'shutting down';
        log.info({ seconds: config.shutdownDelaySeconds }, 'stopping: /readyz answers 503 while requests are still served (SHUTDOWN_DELAY_SECONDS)');
        await new Promise((r) => setTimeout(r, config.shutdownDelaySeconds * 1000));
      }
      // Every step below is bounded by what is left of the grace, so a step that cannot finish (a
      // database that is down) never keeps the process from ending; the work left behind is
      // picked up by any replica when its lease or pg-boss's expiry ends.
      const deadline = Date.now() + DRAIN_GRACE_MS;
      const left = () => Math.max(0, deadline - Date.now());
      const step = async (what: string, work: () => Promise<unknown>): Promise<void> => {
        const done = await settledWithin([work().catch((err: unknown) => log.warn({ err: err instanceof Error ? err.message : String(err) }, `stopping: ${what} failed`))], left());
        if (!done) log.warn({ step: what }, `stopping: ${what} did not finish within the shutdown grace; left to its lease`);
      };
      log.info({}, 'stopping: draining in-flight requests');
      await step('draining requests', () => http.drain(left()));
      await step('periodic checks', () => ticker.stop(left()));
      await step('retention', () => housekeeping.stop(left()));
      await step('attach worker', () => attachWorker.stop());
      await step('room worker', async () => roomWorker?.stop());
      await step('Socket Mode', () => slack.stop());
      await step('job queue', () => jobs.stop(Math.max(1000, left())));
      // The database goes last, whatever happened above: its own stop is bounded too.
      await settledWithin([database.close().catch((err: unknown) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'stopping: the database did not close cleanly'))], DRAIN_GRACE_MS);
      log.info({}, 'stopped');
    },
  };
}

/** The Slack outbox and the rate-limit-aware client every Slack call goes through. */
function createSlackRoomParts(config: Config, database: Database, clock: Clock, monitor: DependencyMonitor): { outbox: SlackOutbox; chat: Chat } {
  const slack = config.slack;
  if (!slack) throw new Error('Slack is off');
  const outbox = createPostgresSlackOutbox(database.knex);
  return { outbox, chat: rateLimitedChat(monitoredChat(createSlackChat({ token: slack.botToken, apiUrl: slack.apiUrl }), monitor), outbox, clock) };
}

/** The worker that drains the Slack outbox: channel set-up, summaries, updates, reminders. */
function createRoomWorkerFor(
  config: Config,
  database: Database,
  log: Logger,
  clock: Clock,
  parts: { outbox: SlackOutbox; chat: Chat },
  extras: {
    postmortem: (incidentId: number) => Promise<string | null>;
    findRunbooks: FindRunbooks;
    pagingStatus: (incidentId: number) => Promise<string | null>;
    findCommander: (incident: Incident) => Promise<string | null>;
  },
  options: RoomWorkerOptions,
  telemetry: Telemetry,
): RoomWorker {
  const runTask = createRunRoomTask({
    ...parts,
    incidents: database.store,
    // Recording the channel or the commander must not queue a summary refresh: the set-up posts it next.
    changeIncident: createChangeIncident({ store: database.store, clock }),
    settings: config.settings,
    ...extras,
    clock,
    log,
  });
  return createRoomWorker({ outbox: parts.outbox, runTask, clock, log, telemetry }, options);
}

/** Opens the database (embedded or DATABASE_URL), migrates it, runs `work`, and closes it. */
export async function withDatabase<T>(config: Config, log: Logger, work: (db: Database, applied: string[]) => Promise<T>): Promise<T> {
  // Beside a running server this only connects to its embedded PostgreSQL and leaves it running.
  const database = await openDatabase(config, log, { ownProcessGroup: false });
  try {
    const applied = await migrateToLatest(database.knex, log);
    return await work(database, applied);
  } finally {
    await database.close();
  }
}

export function runMigrations(config: Config, log: Logger): Promise<string[]> {
  return withDatabase(config, log, (_db, applied) => Promise.resolve(applied));
}

/** The retention job on an open database (the `prune` command; the server builds its own in startWarroom). */
export function createRetentionFor(db: Database, config: Config, log: Logger, clock: Clock = systemClock): Retention {
  return createRetention({ store: createPostgresRetention(db.knex), policy: config.settings.retention, clock, log });
}
