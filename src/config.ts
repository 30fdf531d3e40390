/**
 * The one configuration schema: every environment variable of INTERFACE §2 and the config file of
 * INTERFACE §3 (`warroom.yml`). `loadConfig` never throws; it collects every problem at once, and a
 * problem names the variable or setting and the kind of value, never the value (DESIGN §5).
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { z } from 'zod';
import type { AlertProvider } from './core/alert.js';
import { PAGING_PROVIDERS } from './app/oncall/provider-names.js';
import type { PagingProviderName } from './app/ports/paging.js';
import { ROOM_WORKER_DEFAULTS } from './app/room/room-worker.js';
import { SEVERITIES, type Severity } from './core/severity.js';
import { closestName } from './core/closest-name.js';
import { knownKeysAt } from './schema-keys.js';
import { bridgeSchema, type BridgeSettings } from './bridge-settings.js';
import { fallbackRoomSchema, roomLinkSecret, type FallbackRoomEnv, type FallbackRoomSettings } from './fallback-room-settings.js';
import { pagingCheckSchema, type PagingCheckSettings } from './paging-check-settings.js';
import { jiraTrackerSettings, type JiraEnv } from './jira-tracker-settings.js';
import { followUpsSchema, followUpTrackerEnvProblems, type FollowUpTrackerSettings, type GitHubConfig } from './followup-tracker-settings.js';
import { incidentTypeProblems, incidentTypesSchema } from './incident-types-settings.js';
import { statusPageProblems, statusPageSchema, type StatusPageFileSettings } from './statuspage-settings.js';
import type { IncidentType } from './core/incident-type.js';

// ---------------------------------------------------------------------------------------------
// Public types

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface SlackConfig {
  botToken: string;
  /** Null only in Socket Mode, which does not use it: POST /slack/events then refuses everything. */
  signingSecret: string | null;
  /** Set → Socket Mode. */
  appToken: string | null;
  /** Always ends with `/`. */
  apiUrl: string;
}

export interface ServiceConfig {
  match: {
    pagerdutyServiceIds: string[];
    opsgenieTags: string[];
    datadogTags: string[];
    alertmanagerLabels: Record<string, string>;
  };
  pagerduty: { escalationPolicyId: string | null };
  /** `escalation`: the Opsgenie escalation `/incident escalate` moves a page through (absent or null: none). */
  opsgenie: { schedule: string | null; escalation?: string | null };
  /** JSM Operations: the schedule (its id) on call for the service, and the escalation `/incident escalate` moves a page through (always filled in by the schema; optional for older callers). */
  jsm?: { schedule: string | null; escalation?: string | null };
  runbook: string | null;
  dashboards: string[];
  /** The incident type its alerts open (absent or null: the default type). */
  type?: string | null;
}

export interface ScopeQueries {
  errorRate: string;
  requestRate: string;
}

export interface ScopeSettings {
  source: 'prometheus' | 'datadog';
  labels: { region: string; service: string };
  prometheus: ScopeQueries;
  datadog: ScopeQueries;
  /** A region or service is affected above this failing ratio, in (0, 1). */
  affectedAbove: number;
  refreshMinutes: number;
}

export interface CheckConfig {
  name: string;
  prometheus?: string;
  datadog?: string;
  /** The services whose series the query carries (narrowed to the incident's); absent = every service. */
  services?: string[];
}

/** The config file (INTERFACE §3) with every default filled in. */
export interface Settings {
  channelPrefix: string;
  /** The reaction (emoji name, no colons) that captures a message on the timeline. */
  timelineEmoji: string;
  stakeholderChannels: string[];
  /** Where a private incident is announced, in words that say nothing of it (default none: no announcement). */
  privateStakeholderChannels: string[];
  /** 0 = no stakeholder-update reminders. */
  severities: Record<Severity, { updateEveryMinutes: number }>;
  grouping: { byService: boolean };
  services: Record<string, ServiceConfig>;
  scope: ScopeSettings;
  checks: CheckConfig[];
  /** Resolve an incident by itself once every one of its alerts has resolved. */
  autoResolve: boolean;
  /** Minutes between reminders to claim command while an incident has no commander; 0 = none. */
  commanderReminderMinutes: number;
  /** Slack unreachable this long while a SEV1/SEV2 incident is open → page its on-call directly. */
  breakGlassMinutes: number;
  paging: {
    /** For SEV1/SEV2: page the other provider when a page is not acknowledged within this (may be fractional). */
    ackTimeoutMinutes: number;
    /** Resolving our incident resolves the linked PagerDuty incidents / closes the linked Opsgenie and JSM alerts. */
    resolveLinked: { pagerduty: boolean; opsgenie: boolean; jsm: boolean };
    /** The providers in paging and failover order; only the configured ones are used. */
    order: PagingProviderName[];
    /** Notes written in Slack or the API are mirrored to the linked pages of these providers (default: all; only configured ones count). */
    mirrorNotes: PagingProviderName[];
    /** The paging canary (`warroom paging-check` and its optional schedule). */
    check: PagingCheckSettings;
  };
  /** Provider priority or severity (lower-cased) → SEV, per provider. */
  alertSeverity: Record<AlertProvider, Record<string, Severity>>;
  retention: RetentionSettings;
  /** The call link (issue 21). */
  bridge: BridgeSettings;
  /** Warroom's own room page (issue 23): on when WARROOM_PUBLIC_URL is set, unless `enabled: false`. */
  fallbackRoom: FallbackRoomSettings;
  /** The kinds of incident (issue 21); absent in warroom.yml: the one `default` type. */
  incidentTypes: IncidentType[];
  /** Atlassian Statuspage (issue 20): the page and the component of each service. */
  statuspage: StatusPageFileSettings;
  /** Where follow-ups are exported (issue 20). */
  followups: FollowUpTrackerSettings;
}

/** What the retention job deletes, in days after the moment that made a row useless (README "Retention"). */
export interface RetentionSettings {
  /** Processed webhook deliveries (raw body and dedupe key) this long after they were attached. */
  deliveriesDays: number;
  /** Finished Slack outbox tasks (with their chart PNGs) this long after they finished. */
  slackTasksDays: number;
  /** Scope snapshots and reminder claims of incidents resolved this long ago. */
  incidentDetailsDays: number;
  /** null = incidents are kept forever; set: resolved incidents go with everything of theirs. */
  incidentsDays: number | null;
  /** How often each replica runs the job (one replica at a time). */
  everyMinutes: number;
}

export interface Config {
  port: number;
  /** 127.0.0.1 by default in sandbox mode, 0.0.0.0 otherwise. */
  host: string;
  /**
   * Sandbox mode (WARROOM_SANDBOX, default `auto`: on when no Slack credential is set): the server
   * itself plays Slack, Prometheus and PagerDuty, and `slack` stays null until the sandbox fills it in.
   */
  sandbox: boolean;
  /**
   * Why `WARROOM_SANDBOX=auto` did not start the sandbox although no Slack credential is set (an
   * external database, a non-loopback HOST): the unauthenticated sandbox must not serve real data
   * or other machines unless asked for with `on`. null when the sandbox runs or was not wanted.
   */
  sandboxRefused: string | null;
  /** null → embedded Postgres in `dataDir`. */
  databaseUrl: string | null;
  /** Absolute. */
  dataDir: string;
  /** Absolute path of the YAML file read; null when running on defaults. */
  configFile: string | null;
  /** null → `/api` answers 401. */
  apiToken: string | null;
  /** null → no /api caller sees private incidents; set → this bearer token sees them, apiToken does not. */
  apiPrivateToken: string | null;
  /** null → `/metrics` is open (Prometheus convention); set → it answers only to this bearer token. */
  metricsToken: string | null;
  logLevel: LogLevel;
  /** null → Slack off. */
  slack: SlackConfig | null;
  /** Base URLs below carry no trailing slash (except Slack's, which Bolt's WebClient wants). */
  pagerduty: { apiToken: string | null; fromEmail: string | null; webhookSecrets: string[]; apiUrl: string };
  opsgenie: { apiKey: string | null; apiUrl: string; webhookToken: string | null };
  /** Jira Service Management Operations: REST (cloud id, email + API token) and integration (key) credentials; all four or none. */
  jsm: { cloudId: string | null; apiEmail: string | null; apiToken: string | null; integrationKey: string | null; apiUrl: string; webhookToken: string | null };
  datadog: { apiKey: string | null; appKey: string | null; site: string; apiUrl: string; webhookToken: string | null };
  /** Atlassian Statuspage's REST API; status-page updates are on when the key and `statuspage.pageId` are set. */
  statuspage: { apiKey: string | null; apiUrl: string };
  alertmanager: { webhookToken: string | null };
  prometheus: { url: string | null };
  /** GitHub Issues, the follow-up tracker (WARROOM_GITHUB_TOKEN, GITHUB_API_URL, GITHUB_WEBHOOK_SECRET). */
  github: GitHubConfig;
  /** Jira Cloud's variables, read with `followups.jira` by jiraTrackerSettings when `followups.tracker` is jira. */
  jira: JiraEnv;
  /** On SIGTERM: seconds answering /readyz 503 while still serving, so load balancers move away first. */
  shutdownDelaySeconds: number;
  /** How many webhook bodies over 1 MiB are buffered at once; more get 503 + Retry-After. */
  webhookLargeBodyConcurrency: number;
  /** How many Slack outbox tasks (of different incidents) the room worker runs side by side in this replica. */
  roomWorkerSlots: number;
  /** How long a start-up step that fails for another reason than a database outage is retried before the process exits 1. */
  startupRetrySeconds: number;
  /** WARROOM_PUBLIC_URL and the room links' signing key (issue 23). */
  fallbackRoom: FallbackRoomEnv;
  settings: Settings;
}

export interface ConfigProblem {
  /** The variable (`PORT`) or the setting (`warroom.yml: severities.SEV1.updateEveryMinutes`). */
  name: string;
  /** What kind of value was found (`missing`, `text (3 chars)`, `list (2 items)`…), never the value. */
  valueClass: string;
  message: string;
}

export type LoadConfigResult = { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] };

export interface LoadConfigOptions {
  /** Relative paths (DATA_DIR, WARROOM_CONFIG, ./warroom.yml) resolve against it; default process.cwd(). */
  cwd?: string;
  /** Returns the file's text, or null when it does not exist. */
  readFile?: (path: string) => string | null;
}

/** Every variable of INTERFACE §2, in its order (problems are listed in this order). */
export const CONFIG_ENV_NAMES = [
  'PORT', 'HOST', 'DATABASE_URL', 'DATA_DIR', 'WARROOM_CONFIG', 'WARROOM_API_TOKEN', 'WARROOM_METRICS_TOKEN', 'LOG_LEVEL',
  'WARROOM_API_PRIVATE_TOKEN',
  'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'SLACK_API_URL',
  'PAGERDUTY_API_TOKEN', 'PAGERDUTY_FROM_EMAIL', 'PAGERDUTY_WEBHOOK_SECRETS', 'PAGERDUTY_API_URL',
  'OPSGENIE_API_KEY', 'OPSGENIE_API_URL', 'OPSGENIE_WEBHOOK_TOKEN',
  'JSM_CLOUD_ID', 'JSM_API_EMAIL', 'JSM_API_TOKEN', 'JSM_INTEGRATION_KEY', 'JSM_API_URL', 'JSM_WEBHOOK_TOKEN',
  'DATADOG_API_KEY', 'DATADOG_APP_KEY', 'DATADOG_SITE', 'DATADOG_API_URL', 'DATADOG_WEBHOOK_TOKEN',
  'ALERTMANAGER_WEBHOOK_TOKEN', 'PROMETHEUS_URL', 'SHUTDOWN_DELAY_SECONDS', 'STARTUP_RETRY_SECONDS', 'WARROOM_SANDBOX',
  'WEBHOOK_LARGE_BODY_CONCURRENCY', 'ROOM_WORKER_SLOTS',
  'STATUSPAGE_API_KEY', 'STATUSPAGE_API_URL',
  'WARROOM_GITHUB_TOKEN', 'GITHUB_API_URL', 'GITHUB_WEBHOOK_SECRET',
  'JIRA_API_URL', 'JIRA_API_EMAIL', 'JIRA_API_TOKEN', 'JIRA_WEBHOOK_SECRET',
  'WARROOM_PUBLIC_URL', 'WARROOM_ROOM_LINK_SECRET',
] as const;
type EnvName = (typeof CONFIG_ENV_NAMES)[number];

/** Variables whose values must never reach logs. DATABASE_URL is here because it carries a password. */
export const SECRET_ENV_NAMES: readonly string[] = [
  'DATABASE_URL', 'WARROOM_API_TOKEN', 'WARROOM_METRICS_TOKEN', 'WARROOM_API_PRIVATE_TOKEN',
  'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN',
  'PAGERDUTY_API_TOKEN', 'PAGERDUTY_WEBHOOK_SECRETS',
  'OPSGENIE_API_KEY', 'OPSGENIE_WEBHOOK_TOKEN',
  'JSM_API_TOKEN', 'JSM_INTEGRATION_KEY', 'JSM_WEBHOOK_TOKEN',
  'DATADOG_API_KEY', 'DATADOG_APP_KEY', 'DATADOG_WEBHOOK_TOKEN',
  'ALERTMANAGER_WEBHOOK_TOKEN',
  'STATUSPAGE_API_KEY',
  'WARROOM_GITHUB_TOKEN', 'GITHUB_WEBHOOK_SECRET',
  'JIRA_API_TOKEN', 'JIRA_WEBHOOK_SECRET',
  'WARROOM_ROOM_LINK_SECRET',
];

export const MASK = '****';

// ---------------------------------------------------------------------------------------------
// The schema. Messages never interpolate the input: they are shown next to the variable's name.

const DEFAULT_PROMETHEUS_QUERIES: ScopeQueries = {
  errorRate: 'sum by (region, service) (rate(http_requests_total{code=~"5.."}[5m]))',
  requestRate: 'sum by (region, service) (rate(http_requests_total[5m]))',
};
const DEFAULT_DATADOG_QUERIES: ScopeQueries = {
  errorRate: 'sum:trace.http.request.errors{*} by {region,service}.as_rate()',
  requestRate: 'sum:trace.http.request.hits{*} by {region,service}.as_rate()',
};

function isUrl(value: string, protocols: readonly string[]): boolean {
  try {
    const url = new URL(value);
    return protocols.includes(url.protocol) && (url.protocol.startsWith('postgres') || url.hostname !== '');
  } catch {
    return false;
  }
}
const HTTP = ['http:', 'https:'] as const;
const withoutTrailingSlash = (url: string): string => url.replace(/\/+$/, '');
const withTrailingSlash = (url: string): string => (url.endsWith('/') ? url : `${url}/`);

const httpUrl = z.string().refine((v) => isUrl(v, HTTP), 'must be an http:// or https:// URL');
const baseUrl = (fallback: string) => httpUrl.default(fallback).transform(withoutTrailingSlash);
const secret = z.string().optional();

const PORT_MESSAGE = 'must be an integer from 1 to 65535';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JSM_CREDENTIALS = ['JSM_CLOUD_ID', 'JSM_API_EMAIL', 'JSM_API_TOKEN', 'JSM_INTEGRATION_KEY'] as const;

/** JSM Operations pages with the integration key and reads on-call with the REST credentials: half of them is a mistake. */
function requireJsmTogether(env: Partial<Record<(typeof JSM_CREDENTIALS)[number], unknown>>, require: (name: EnvName, when: EnvName, why?: string) => void): void {
  const set = JSM_CREDENTIALS.find((name) => env[name] !== undefined);
  if (set === undefined) return;
  for (const name of JSM_CREDENTIALS) {
    if (env[name] === undefined) require(name, set, ' (JSM Operations needs JSM_CLOUD_ID, JSM_API_EMAIL, JSM_API_TOKEN and JSM_INTEGRATION_KEY together)');
  }
}
const HOST_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

export const SANDBOX_MODES = ['auto', 'on', 'off'] as const;
const SLACK_CREDENTIALS = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN'] as const;

type SandboxEnv = { WARROOM_SANDBOX: (typeof SANDBOX_MODES)[number]; DATABASE_URL?: string | undefined; HOST?: string | undefined } & Partial<
  Record<(typeof SLACK_CREDENTIALS)[number], string | undefined>
>;

/** Loopback only: 127.0.0.0/8, ::1 and localhost. */
function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Why `auto` keeps the sandbox off though no Slack credential is set; null when nothing stands in its way. */
function sandboxRefusal(env: SandboxEnv): string | null {
  if (env.WARROOM_SANDBOX !== 'auto' || SLACK_CREDENTIALS.some((name) => env[name] !== undefined)) return null;
  if (env.DATABASE_URL !== undefined) return 'DATABASE_URL is set (the sandbox would serve that database\'s data without authentication)';
  if (env.HOST !== undefined && !isLoopback(env.HOST)) return 'HOST is not a loopback address (the sandbox would be reachable from other machines without authentication)';
  return null;
}

/** `auto` turns the sandbox on when no Slack credential is set at all, on the embedded database and a loopback address. */
function isSandbox(env: SandboxEnv): boolean {
  if (env.WARROOM_SANDBOX !== 'auto') return env.WARROOM_SANDBOX === 'on';
  return SLACK_CREDENTIALS.every((name) => env[name] === undefined) && sandboxRefusal(env) === null;
}

const envSchema = z
  .object({
    PORT: z
      .string()
      .regex(/^\d{1,5}$/, PORT_MESSAGE)
      .transform(Number)
      .refine((n) => n >= 1 && n <= 65535, PORT_MESSAGE)
      .default(3000),
    HOST: z.string().optional(),
    DATABASE_URL: z
      .string()
      .refine((v) => isUrl(v, ['postgres:', 'postgresql:']), 'must be a postgres:// or postgresql:// URL')
      .optional(),
    DATA_DIR: z.string().default('./.data'),
    WARROOM_CONFIG: z.string().optional(),
    WARROOM_API_TOKEN: secret,
    WARROOM_METRICS_TOKEN: secret,
    WARROOM_API_PRIVATE_TOKEN: secret,
    LOG_LEVEL: z
      .string()
      .transform((v) => v.toLowerCase())
      .pipe(z.enum(LOG_LEVELS, `must be one of ${LOG_LEVELS.join(', ')}`))
      .default('info'),
    SLACK_BOT_TOKEN: secret,
    SLACK_SIGNING_SECRET: secret,
    SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'must be an app-level token (xapp-…), not the bot token').optional(),
    SLACK_API_URL: httpUrl.default('https://slack.com/api/').transform(withTrailingSlash),
    PAGERDUTY_API_TOKEN: secret,
    PAGERDUTY_FROM_EMAIL: z.string().regex(EMAIL, 'must be an email address').optional(),
    PAGERDUTY_WEBHOOK_SECRETS: z
      .string()
      .transform((v) => v.split(',').map((s) => s.trim()).filter((s) => s !== ''))
      .refine((list) => list.length > 0, 'must list at least one secret (comma-separated)')
      .default(() => []),
    PAGERDUTY_API_URL: baseUrl('https://api.pagerduty.com'),
    OPSGENIE_API_KEY: secret,
    OPSGENIE_API_URL: baseUrl('https://api.opsgenie.com'),
    OPSGENIE_WEBHOOK_TOKEN: secret,
    JSM_CLOUD_ID: z.string().regex(UUID, "must be the site's cloud id, a UUID (https://<site>.atlassian.net/_edge/tenant_info)").optional(),
    JSM_API_EMAIL: z.string().regex(EMAIL, 'must be the email address of the Atlassian account that owns JSM_API_TOKEN').optional(),
    JSM_API_TOKEN: secret,
    JSM_INTEGRATION_KEY: secret,
    JSM_API_URL: baseUrl('https://api.atlassian.com'),
    JSM_WEBHOOK_TOKEN: secret,
    DATADOG_API_KEY: secret,
    DATADOG_APP_KEY: secret,
    DATADOG_SITE: z
      .string()
      .transform((v) => v.toLowerCase())
      .pipe(z.string().regex(HOST_NAME, 'must be a Datadog site host name such as datadoghq.com or datadoghq.eu'))
      .default('datadoghq.com'),
    DATADOG_API_URL: httpUrl.transform(withoutTrailingSlash).optional(),
    DATADOG_WEBHOOK_TOKEN: secret,
    ALERTMANAGER_WEBHOOK_TOKEN: secret,
    PROMETHEUS_URL: httpUrl.transform(withoutTrailingSlash).optional(),
    SHUTDOWN_DELAY_SECONDS: z
      .string()
      .regex(/^\d{1,3}$/, 'must be a whole number of seconds from 0 to 300')
      .transform(Number)
      .refine((n) => n <= 300, 'must be a whole number of seconds from 0 to 300')
      .default(0),
    STARTUP_RETRY_SECONDS: z
      .string()
      .regex(/^\d{1,4}$/, 'must be a whole number of seconds from 1 to 3600')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 3600, 'must be a whole number of seconds from 1 to 3600')
      .default(300),
    WARROOM_SANDBOX: z
      .string()
      .transform((v) => v.toLowerCase())
      .pipe(z.enum(SANDBOX_MODES, `must be one of ${SANDBOX_MODES.join(', ')}`))
      .default('auto'),
    STATUSPAGE_API_KEY: secret,
    STATUSPAGE_API_URL: baseUrl('https://api.statuspage.io/v1'),
    WEBHOOK_LARGE_BODY_CONCURRENCY: z
      .string()
      .regex(/^\d{1,3}$/, 'must be a whole number from 1 to 256')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 256, 'must be a whole number from 1 to 256')
      .default(4),
    WARROOM_GITHUB_TOKEN: secret,
    GITHUB_API_URL: baseUrl('https://api.github.com'),
    GITHUB_WEBHOOK_SECRET: secret,
    // Checked by jiraTrackerSettings when followups.tracker is jira (each problem names its variable).
    JIRA_API_URL: z.string().optional(),
    JIRA_API_EMAIL: z.string().optional(),
    JIRA_API_TOKEN: secret,
    JIRA_WEBHOOK_SECRET: secret,
    ROOM_WORKER_SLOTS: z
      .string()
      .regex(/^\d{1,2}$/, 'must be a whole number from 1 to 32')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 32, 'must be a whole number from 1 to 32')
      .default(ROOM_WORKER_DEFAULTS.slots),
    WARROOM_PUBLIC_URL: httpUrl.transform(withoutTrailingSlash).optional(),
    WARROOM_ROOM_LINK_SECRET: z.string().min(32, 'must be at least 32 characters (for example `openssl rand -base64 32`)').optional(),
  })
  .superRefine(
    (env, ctx) => {
      const require = (name: EnvName, when: EnvName, why = ''): void => {
        ctx.addIssue({ code: 'custom', path: [name], message: `required when ${when} is set${why}` });
      };
      const bot = env.SLACK_BOT_TOKEN !== undefined;
      const signing = env.SLACK_SIGNING_SECRET !== undefined;
      const socketMode = env.SLACK_APP_TOKEN !== undefined;
      if (!bot && (signing || socketMode)) {
        require('SLACK_BOT_TOKEN', signing ? 'SLACK_SIGNING_SECRET' : 'SLACK_APP_TOKEN');
      }
      // Socket Mode's envelopes come over the app token's WebSocket, unsigned: only HTTP mode needs the secret.
      if (bot && !signing && !socketMode) {
        require('SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', ' (Socket Mode, with SLACK_APP_TOKEN, does not need it)');
      }
      if (env.PAGERDUTY_API_TOKEN !== undefined && env.PAGERDUTY_FROM_EMAIL === undefined) {
        require('PAGERDUTY_FROM_EMAIL', 'PAGERDUTY_API_TOKEN', ' (PagerDuty needs it as the From header of writes)');
      }
      requireJsmTogether(env, require);
      // The same value twice would show private incidents to every /api caller.
      if (env.WARROOM_API_PRIVATE_TOKEN !== undefined && env.WARROOM_API_PRIVATE_TOKEN === env.WARROOM_API_TOKEN) {
        ctx.addIssue({ code: 'custom', path: ['WARROOM_API_PRIVATE_TOKEN'], message: 'must differ from WARROOM_API_TOKEN (it is the token that also sees private incidents)' });
      }
      if (env.WARROOM_SANDBOX === 'on') {
        const set = SLACK_CREDENTIALS.find((name) => env[name] !== undefined);
        if (set !== undefined) ctx.addIssue({ code: 'custom', path: ['WARROOM_SANDBOX'], message: `must not be on while ${set} is set (the sandbox plays Slack itself)` });
      }
      const apiKey = env.DATADOG_API_KEY !== undefined;
      const appKey = env.DATADOG_APP_KEY !== undefined;
      if (apiKey !== appKey) {
        const [missing, set] = apiKey ? (['DATADOG_APP_KEY', 'DATADOG_API_KEY'] as const) : (['DATADOG_API_KEY', 'DATADOG_APP_KEY'] as const);
        require(missing, set, ' (Datadog metric queries need both keys)');
      }
    },
    // Pairs are checked even when another variable is invalid, so every problem shows at once.
    { when: () => true },
  );

const text = (message: string) => z.string(message).trim().min(1, message);
const channelList = () =>
  z
    .array(
      z.string('must be a channel ID or #name').regex(/^(?:[CG][A-Z0-9]{2,}|#[a-z0-9_-]{1,80})$/, 'must be a channel ID (C…) or a #name'),
      'must be a list of channel IDs or #names',
    )
    .default(() => []);
// JSM escalations belong to a team: both ids name one.
const JSM_ESCALATION = 'must be "<team id>/<escalation id>" of a JSM Operations escalation';
const textList = (message: string) => z.array(text(message), message).default(() => []);
const minutes = (message: string) => z.int(message).min(0, message);
const severity = (updateEveryMinutes: number) =>
  z
    .strictObject(
      { updateEveryMinutes: minutes('must be a whole number of minutes, 0 or more (0 = no reminders)').default(updateEveryMinutes) },
      'must be a mapping such as { updateEveryMinutes: 30 }',
    )
    .prefault({});
const queries = (defaults: ScopeQueries) =>
  z
    .strictObject(
      {
        errorRate: text('must be a non-empty query').default(defaults.errorRate),
        requestRate: text('must be a non-empty query').default(defaults.requestRate),
      },
      'must be a mapping with errorRate and requestRate',
    )
    .prefault({});
const MAPPING = 'must be a mapping';
const days = (fallback: number) => z.int('must be a whole number of days, 1 or more').min(1, 'must be a whole number of days, 1 or more').default(fallback);

const serviceSchema = z
  .strictObject(
    {
      match: z
        .strictObject(
          {
            pagerdutyServiceIds: textList('must be a list of PagerDuty service IDs'),
            opsgenieTags: textList('must be a list of Opsgenie tags'),
            datadogTags: textList('must be a list of Datadog tags such as "service:checkout"'),
            alertmanagerLabels: z
              .record(z.string(), z.string('label values must be text (quote numbers: "500")'), 'must be a mapping of label: value')
              .default(() => ({})),
          },
          MAPPING,
        )
        .prefault({}),
      pagerduty: z.strictObject({ escalationPolicyId: text('must be a PagerDuty escalation policy ID').optional() }, MAPPING).prefault({}),
      opsgenie: z
        .strictObject({ schedule: text('must be an Opsgenie schedule name').optional(), escalation: text('must be an Opsgenie escalation name').optional() }, MAPPING)
        .prefault({}),
      jsm: z.strictObject({ schedule: text('must be a JSM Operations schedule id').optional(), escalation: text(JSM_ESCALATION).regex(/^[^/\s]+\/[^/\s]+$/, JSM_ESCALATION).optional() }, MAPPING).prefault({}),
      runbook: text('must be the path of a runbook').optional(),
      dashboards: z
        .array(httpUrl, 'must be a list of http(s) URLs')
        .default(() => []),
      type: z.string('must be an incident type name').optional(),
    },
    'must be a mapping with match, pagerduty, opsgenie, jsm, runbook, dashboards and type',
  )
  .transform(
    (s): ServiceConfig => ({
      match: s.match,
      pagerduty: { escalationPolicyId: s.pagerduty.escalationPolicyId ?? null },
      opsgenie: { schedule: s.opsgenie.schedule ?? null, ...(s.opsgenie.escalation === undefined ? {} : { escalation: s.opsgenie.escalation }) },
      jsm: { schedule: s.jsm.schedule ?? null, ...(s.jsm.escalation === undefined ? {} : { escalation: s.jsm.escalation }) },
      runbook: s.runbook ?? null,
      dashboards: s.dashboards,
      ...(s.type === undefined ? {} : { type: s.type }),
    }),
  );

const checkSchema = z
  .strictObject(
    {
      name: text('must be a non-empty name'),
      prometheus: text('must be a non-empty PromQL query').optional(),
      datadog: text('must be a non-empty Datadog query').optional(),
      services: z.array(z.string('must be a service name'), 'must be a list of service names').optional(),
    },
    'must be a mapping such as { name: …, prometheus: … }',
  )
  .superRefine((check, ctx) => {
    if (check.prometheus === undefined && check.datadog === undefined) {
      ctx.addIssue({ code: 'custom', message: 'needs a prometheus or a datadog query' });
    }
  })
  .transform(
    (c): CheckConfig => ({
      name: c.name,
      ...(c.prometheus !== undefined ? { prometheus: c.prometheus } : {}),
      ...(c.datadog !== undefined ? { datadog: c.datadog } : {}),
      ...(c.services !== undefined ? { services: c.services } : {}),
    }),
  );

/** A provider's priority → SEV table; keys are matched case-insensitively, so they are stored lower-cased. */
function severityMap(defaults: Record<string, Severity>) {
  return z
    .record(z.string().min(1, 'priority names must not be empty'), z.enum(SEVERITIES, 'must be SEV1, SEV2, SEV3 or SEV4'), 'must be a mapping of priority: SEVn')
    .transform((m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k.toLowerCase(), v])) as Record<string, Severity>)
    .default(() => defaults);
}

const settingsSchema = z.strictObject(
  {
    channelPrefix: z
      .string('must be text')
      .regex(/^[a-z0-9][a-z0-9_-]{0,19}$/, 'must be 1 to 20 characters of a-z, 0-9, - and _, starting with a letter or digit')
      .default('inc'),
    timelineEmoji: z
      .string('must be an emoji name')
      .transform((e) => e.replace(/^:|:$/g, ''))
      .pipe(z.string().regex(/^[a-z0-9_+'-]{1,100}$/, 'must be an emoji name such as pushpin'))
      .default('pushpin'),
    stakeholderChannels: channelList(),
    privateStakeholderChannels: channelList(),
    severities: z
      .strictObject({ SEV1: severity(30), SEV2: severity(60), SEV3: severity(0), SEV4: severity(0) }, 'must be a mapping of SEV1…SEV4')
      .prefault({}),
    grouping: z.strictObject({ byService: z.boolean('must be true or false').default(true) }, MAPPING).prefault({}),
    services: z
      .record(
        z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/, 'service names are 1 to 80 letters, digits, -, _ or .'),
        serviceSchema,
        'must be a mapping of service name: settings',
      )
      .default(() => ({})),
    scope: z
      .strictObject(
        {
          source: z.enum(['prometheus', 'datadog'], 'must be prometheus or datadog').default('prometheus'),
          labels: z
            .strictObject({ region: text('must be a label name').default('region'), service: text('must be a label name').default('service') }, MAPPING)
            .prefault({}),
          prometheus: queries(DEFAULT_PROMETHEUS_QUERIES),
          datadog: queries(DEFAULT_DATADOG_QUERIES),
          affectedAbove: z.number('must be a number between 0 and 1 (exclusive)').gt(0, 'must be a number between 0 and 1 (exclusive)').lt(1, 'must be a number between 0 and 1 (exclusive)').default(0.01),
          refreshMinutes: z.int('must be a whole number of minutes from 1 to 1440').min(1, 'must be a whole number of minutes from 1 to 1440').max(1440, 'must be a whole number of minutes from 1 to 1440').default(5),
        },
        MAPPING,
      )
      .prefault({}),
    checks: z
      .array(checkSchema, 'must be a list of checks')
      .superRefine((checks, ctx) => {
        const seen = new Set<string>();
        checks.forEach((check, i) => {
          if (seen.has(check.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: 'another check already has this name' });
          seen.add(check.name);
        });
      })
      .default(() => []),
    autoResolve: z.boolean('must be true or false').default(false),
    breakGlassMinutes: z.number('must be a number of minutes').gt(0, 'must be more than 0 minutes').max(1440, 'must be at most 1440').default(3),
    commanderReminderMinutes: z.number('must be a number of minutes').min(0, 'must be 0 (off) or more minutes').max(1440, 'must be at most 1440').default(5),
    paging: z
      .strictObject(
        {
          ackTimeoutMinutes: z.number('must be a number of minutes').gt(0, 'must be more than 0 minutes').max(1440, 'must be at most 1440').default(5),
          resolveLinked: z
            .strictObject(
              { pagerduty: z.boolean('must be true or false').default(true), opsgenie: z.boolean('must be true or false').default(true), jsm: z.boolean('must be true or false').default(true) },
              'must be a mapping of pagerduty/opsgenie/jsm: true|false',
            )
            .prefault({}),
          order: z
            .array(z.enum(PAGING_PROVIDERS, `must be one of ${PAGING_PROVIDERS.join(', ')}`), `must be a list of paging providers (${PAGING_PROVIDERS.join(', ')})`)
            .min(1, `must name at least one of ${PAGING_PROVIDERS.join(', ')}`)
            .refine((order) => new Set(order).size === order.length, 'must name each provider once')
            .default(() => [...PAGING_PROVIDERS]),
          mirrorNotes: z
            .array(z.enum(PAGING_PROVIDERS, `must name paging providers: ${PAGING_PROVIDERS.join(', ')}`), `must be a list of paging providers (${PAGING_PROVIDERS.join(', ')})`)
            .default(() => [...PAGING_PROVIDERS]),
          check: pagingCheckSchema,
        },
        'must be a mapping of paging settings',
      )
      .prefault({}),
    alertSeverity: z
      .strictObject(
        {
          pagerduty: severityMap({ p1: 'SEV1', p2: 'SEV2', p3: 'SEV3', p4: 'SEV4', p5: 'SEV4', high: 'SEV2', low: 'SEV3' }),
          opsgenie: severityMap({ p1: 'SEV1', p2: 'SEV2', p3: 'SEV3', p4: 'SEV4', p5: 'SEV4' }),
          jsm: severityMap({ p1: 'SEV1', p2: 'SEV2', p3: 'SEV3', p4: 'SEV4', p5: 'SEV4' }),
          datadog: severityMap({ p1: 'SEV1', p2: 'SEV2', p3: 'SEV3', p4: 'SEV4', p5: 'SEV4' }),
          alertmanager: severityMap({ critical: 'SEV2', error: 'SEV2', warning: 'SEV3', info: 'SEV4' }),
        },
        'must be a mapping of provider: { priority: SEVn }',
      )
      .prefault({}),
    retention: z
      .strictObject(
        {
          deliveriesDays: days(14),
          slackTasksDays: days(7),
          incidentDetailsDays: days(90),
          incidentsDays: z.int('must be a whole number of days, 1 or more (absent = keep incidents)').min(1, 'must be a whole number of days, 1 or more (absent = keep incidents)').nullable().default(null),
          everyMinutes: z.int('must be a whole number of minutes from 1 to 1440').min(1, 'must be a whole number of minutes from 1 to 1440').max(1440, 'must be a whole number of minutes from 1 to 1440').default(60),
        },
        'must be a mapping of retention settings',
      )
      .prefault({}),
    bridge: bridgeSchema,
    fallbackRoom: fallbackRoomSchema,
    incidentTypes: incidentTypesSchema,
    statuspage: statusPageSchema,
    followups: followUpsSchema,
  },
  'must be a mapping of settings',
);

const githubOf = (env: z.output<typeof envSchema>): GitHubConfig => ({ token: env.WARROOM_GITHUB_TOKEN ?? null, apiUrl: env.GITHUB_API_URL, webhookSecret: env.GITHUB_WEBHOOK_SECRET ?? null });

/** The JIRA_* variables that are set (checked with `followups.jira` by jiraTrackerSettings when Jira is the tracker). */
const jiraEnvOf = (env: z.output<typeof envSchema>): JiraEnv =>
  Object.fromEntries(Object.entries({ JIRA_API_URL: env.JIRA_API_URL, JIRA_API_EMAIL: env.JIRA_API_EMAIL, JIRA_API_TOKEN: env.JIRA_API_TOKEN, JIRA_WEBHOOK_SECRET: env.JIRA_WEBHOOK_SECRET }).filter(([, v]) => v !== undefined));

/** The one schema: environment + config file → Config. */
export const configSchema = z
  .object({
    cwd: z.string(),
    configFile: z.string().nullable(),
    env: envSchema,
    file: settingsSchema,
  })
  .superRefine(({ env, file }, ctx) => {
    // A check's services are configured ones, or a typo would silently keep it from ever narrowing.
    const configured = Object.keys(file.services);
    file.checks.forEach((check, i) =>
      check.services?.forEach((service, j) => {
        if (!configured.includes(service)) ctx.addIssue({ code: 'custom', path: ['file', 'checks', i, 'services', j], message: `is not a configured service (configured: ${configured.join(', ') || 'none'})` });
      }),
    );
    for (const { path, message } of incidentTypeProblems(file)) ctx.addIssue({ code: 'custom', path: ['file', ...path], message });
    for (const { path, message } of statusPageProblems(file)) ctx.addIssue({ code: 'custom', path: ['file', ...path], message });
    for (const { name, message } of followUpTrackerEnvProblems(file.followups.tracker, githubOf(env))) ctx.addIssue({ code: 'custom', path: ['env', name], message });
    const jira = file.followups.tracker === 'jira' ? jiraTrackerSettings(file.followups.jira ?? undefined, jiraEnvOf(env)) : null;
    // A problem names a variable (JIRA_API_TOKEN) or a key of the file (followups.jira.projectKey).
    for (const { name, message } of jira?.ok === false ? jira.problems : []) ctx.addIssue({ code: 'custom', path: name.startsWith('followups.') ? ['file', ...name.split('.')] : ['env', name], message });
  })
  .transform(
    ({ cwd, configFile, env, file }): Config => ({
      port: env.PORT,
      // A sandbox has no authentication worth the name: it stays on this machine unless asked.
      host: env.HOST ?? (isSandbox(env) ? '127.0.0.1' : '0.0.0.0'),
      sandbox: isSandbox(env),
      sandboxRefused: sandboxRefusal(env),
      databaseUrl: env.DATABASE_URL ?? null,
      dataDir: resolve(cwd, env.DATA_DIR),
      configFile,
      apiToken: env.WARROOM_API_TOKEN ?? null,
      apiPrivateToken: env.WARROOM_API_PRIVATE_TOKEN ?? null,
      metricsToken: env.WARROOM_METRICS_TOKEN ?? null,
      logLevel: env.LOG_LEVEL,
      slack:
        env.SLACK_BOT_TOKEN !== undefined && (env.SLACK_SIGNING_SECRET !== undefined || env.SLACK_APP_TOKEN !== undefined)
          ? { botToken: env.SLACK_BOT_TOKEN, signingSecret: env.SLACK_SIGNING_SECRET ?? null, appToken: env.SLACK_APP_TOKEN ?? null, apiUrl: env.SLACK_API_URL }
          : null,
      pagerduty: {
        apiToken: env.PAGERDUTY_API_TOKEN ?? null,
        fromEmail: env.PAGERDUTY_FROM_EMAIL ?? null,
        webhookSecrets: env.PAGERDUTY_WEBHOOK_SECRETS,
        apiUrl: env.PAGERDUTY_API_URL,
      },
      opsgenie: { apiKey: env.OPSGENIE_API_KEY ?? null, apiUrl: env.OPSGENIE_API_URL, webhookToken: env.OPSGENIE_WEBHOOK_TOKEN ?? null },
      jsm: {
        cloudId: env.JSM_CLOUD_ID ?? null,
        apiEmail: env.JSM_API_EMAIL ?? null,
        apiToken: env.JSM_API_TOKEN ?? null,
        integrationKey: env.JSM_INTEGRATION_KEY ?? null,
        apiUrl: env.JSM_API_URL,
        webhookToken: env.JSM_WEBHOOK_TOKEN ?? null,
      },
      datadog: {
        apiKey: env.DATADOG_API_KEY ?? null,
        appKey: env.DATADOG_APP_KEY ?? null,
        site: env.DATADOG_SITE,
        apiUrl: env.DATADOG_API_URL ?? `https://api.${env.DATADOG_SITE}`,
        webhookToken: env.DATADOG_WEBHOOK_TOKEN ?? null,
      },
      statuspage: { apiKey: env.STATUSPAGE_API_KEY ?? null, apiUrl: env.STATUSPAGE_API_URL },
      alertmanager: { webhookToken: env.ALERTMANAGER_WEBHOOK_TOKEN ?? null },
      prometheus: { url: env.PROMETHEUS_URL ?? null },
      github: githubOf(env),
      jira: jiraEnvOf(env),
      shutdownDelaySeconds: env.SHUTDOWN_DELAY_SECONDS,
      webhookLargeBodyConcurrency: env.WEBHOOK_LARGE_BODY_CONCURRENCY,
      roomWorkerSlots: env.ROOM_WORKER_SLOTS,
      startupRetrySeconds: env.STARTUP_RETRY_SECONDS,
      fallbackRoom: { publicUrl: env.WARROOM_PUBLIC_URL ?? null, linkSecret: roomLinkSecret(env.WARROOM_ROOM_LINK_SECRET, env.WARROOM_API_TOKEN) },
      settings: file,
    }),
  );

// ---------------------------------------------------------------------------------------------
// Loading

type Path = readonly PropertyKey[];

interface ConfigFile {
  path: string;
  /** How problems name it: the path relative to cwd (`warroom.yml`), or absolute when outside. */
  label: string;
  data: unknown;
  lineOf: (path: Path) => number | null;
}

export function loadConfig(env: Record<string, string | undefined>, options: LoadConfigOptions = {}): LoadConfigResult {
  try {
    return load(env, options);
  } catch (err) {
    // Only the error's class: its message might quote a value.
    const kind = err instanceof Error ? err.name : typeof err;
    return { ok: false, problems: [{ name: 'configuration', valueClass: 'unknown', message: `could not be loaded (${kind})` }] };
  }
}

function load(rawEnv: Record<string, string | undefined>, options: LoadConfigOptions): LoadConfigResult {
  const cwd = resolve(options.cwd ?? process.cwd());
  const readFile = options.readFile ?? readFileOrNull;
  const problems: ConfigProblem[] = [];

  // Empty (or blank) variables count as unset; values are trimmed (a stray newline in a secret file).
  const env: Partial<Record<EnvName, string>> = {};
  for (const name of CONFIG_ENV_NAMES) {
    const value = rawEnv[name]?.trim();
    if (value) env[name] = value;
  }

  const explicit = env.WARROOM_CONFIG;
  const path = resolve(cwd, explicit ?? 'warroom.yml');
  const rel = relative(cwd, path);
  const label = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
  let file: ConfigFile | null = null;
  let source: string | null = null;
  try {
    source = readFile(path);
    if (source === null && explicit !== undefined) {
      problems.push({ name: 'WARROOM_CONFIG', valueClass: envValueClass(rawEnv.WARROOM_CONFIG), message: `no such file: ${path}` });
    }
  } catch (err) {
    const code = errorCode(err);
    problems.push({
      name: explicit !== undefined ? 'WARROOM_CONFIG' : label,
      valueClass: explicit !== undefined ? envValueClass(rawEnv.WARROOM_CONFIG) : 'file',
      message: `the config file ${path} cannot be read${code ? ` (${code})` : ''}`,
    });
  }
  if (source !== null) {
    const parsed = parseYaml(source, label);
    problems.push(...parsed.problems);
    if (parsed.problems.length === 0) file = { path, label, data: parsed.data ?? {}, lineOf: parsed.lineOf };
  }

  const result = configSchema.safeParse({
    cwd,
    configFile: source !== null ? path : null,
    env,
    file: file?.data ?? {},
  });
  if (!result.success) {
    for (const issue of result.error.issues) problems.push(...issueToProblems(issue, rawEnv, file));
  }
  if (problems.length > 0) return { ok: false, problems: sortProblems(problems) };
  if (!result.success) throw new Error('unreachable: schema failed without problems');
  return { ok: true, config: result.data };
}

function readFileOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return null;
    throw err;
  }
}

function errorCode(err: unknown): string | null {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') return err.code;
  return null;
}

function parseYaml(source: string, label: string): { data: unknown; problems: ConfigProblem[]; lineOf: (path: Path) => number | null } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems = doc.errors.map((error): ConfigProblem => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    const reason = error.message.split('\n')[0] ?? 'syntax error';
    return { name: label, valueClass: 'invalid YAML', message: `line ${line}, column ${col}: ${reason}` };
  });
  const lineOf = (path: Path): number | null => {
    const lineAt = (node: unknown): number | null => {
      const range = (node as { range?: [number, number, number] } | null)?.range;
      return range ? lineCounter.linePos(range[0]).line : null;
    };
    let node: unknown = doc.contents;
    let line = lineAt(node);
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) break;
        line = lineAt(pair.key) ?? line;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
        line = lineAt(node) ?? line;
      } else {
        break;
      }
    }
    return line;
  };
  return { data: problems.length === 0 ? doc.toJS() : null, problems, lineOf };
}

function issueToProblems(issue: z.core.$ZodIssue, rawEnv: Record<string, string | undefined>, file: ConfigFile | null): ConfigProblem[] {
  const [root, ...path] = issue.path;
  if (root === 'env') {
    const name = String(path[0] ?? 'environment');
    return [{ name, valueClass: envValueClass(rawEnv[name]), message: issue.message }];
  }
  if (root !== 'file') return [{ name: 'configuration', valueClass: 'unknown', message: issue.message }];

  const label = file?.label ?? 'warroom.yml';
  const data = file?.data;
  const at = (p: Path, message: string): ConfigProblem => {
    const line = file?.lineOf(p) ?? null;
    return {
      name: p.length > 0 ? `${label}: ${formatPath(p)}` : label,
      valueClass: yamlValueClass(valueAt(data, p)),
      message: line !== null ? `${message} (line ${line})` : message,
    };
  };
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(path);
    return issue.keys.map((key) => at([...path, key], unknownKeyMessage(key, known)));
  }
  if (issue.code === 'invalid_key') return [at(path, issue.issues[0]?.message ?? 'invalid name')];
  return [at(path, issue.message)];
}

function sortProblems(problems: ConfigProblem[]): ConfigProblem[] {
  const rank = (p: ConfigProblem): number => {
    const i = (CONFIG_ENV_NAMES as readonly string[]).indexOf(p.name);
    return i === -1 ? CONFIG_ENV_NAMES.length : i;
  };
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i)
    .map(({ p }) => p);
}

function formatPath(path: Path): string {
  return path
    .map((segment, i) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const key = String(segment);
      if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) return i === 0 ? key : `.${key}`;
      return `[${JSON.stringify(key)}]`;
    })
    .join('');
}

function valueAt(data: unknown, path: Path): unknown {
  let value = data;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

function envValueClass(value: string | undefined): string {
  if (value === undefined) return 'missing';
  const trimmed = value.trim();
  if (trimmed === '') return 'empty';
  if (/^[-+]?\d+(\.\d+)?$/.test(trimmed)) return 'number';
  return `text (${plural(value.length, 'char')})`;
}

function yamlValueClass(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'empty';
  if (typeof value === 'string') return value === '' ? 'empty' : `text (${plural(value.length, 'char')})`;
  if (Array.isArray(value)) return `list (${plural(value.length, 'item')})`;
  if (typeof value === 'object') return 'object';
  return typeof value; // number, boolean, bigint
}

/** The keys a strict object of the settings schema accepts at `path` (for "did you mean"). */
function knownKeys(path: Path): string[] {
  return knownKeysAt(settingsSchema, path);
}

function unknownKeyMessage(key: string, known: string[]): string {
  const close = closestName(key, known);
  if (close !== undefined) return `unknown setting; did you mean ${close}?`;
  return known.length > 0 ? `unknown setting; expected one of ${known.join(', ')}` : 'unknown setting';
}

// ---------------------------------------------------------------------------------------------
// Presenting

export function formatProblems(problems: ConfigProblem[]): string {
  const count = problems.length === 0 ? 'no problems' : plural(problems.length, 'problem');
  const lines = problems.map((p) => `  - ${p.name} (${p.valueClass.replace(/^(.*?) \((.*)\)$/, '$1, $2')}): ${p.message}`);
  return [
    `Warroom cannot start: the configuration has ${count}.`,
    ...lines,
    'Fix them in the environment or in the config file; `npx warroom config check` re-checks.',
  ].join('\n');
}

const mask = (value: string | null): string | null => (value === null ? null : MASK);

/** Masks the password of a URL (userinfo or `password=` parameter), keeping the rest readable. */
function maskUrl(value: string | null): string | null {
  if (value === null) return null;
  try {
    const url = new URL(value);
    let changed = false;
    if (url.password !== '') {
      url.password = MASK;
      changed = true;
    }
    for (const key of [...url.searchParams.keys()]) {
      if (/pass(word)?$/i.test(key)) {
        url.searchParams.set(key, MASK);
        changed = true;
      }
    }
    return changed ? url.toString() : value;
  } catch {
    return MASK;
  }
}

/** The resolved config as plain JSON with every secret masked (unset stays null). */
export function describeConfig(config: Config): Record<string, unknown> {
  const { slack, pagerduty, opsgenie, jsm, datadog, github, jira } = config;
  return {
    port: config.port,
    host: config.host,
    sandbox: config.sandbox,
    sandboxRefused: config.sandboxRefused,
    databaseUrl: maskUrl(config.databaseUrl),
    dataDir: config.dataDir,
    configFile: config.configFile,
    apiToken: mask(config.apiToken),
    apiPrivateToken: mask(config.apiPrivateToken),
    metricsToken: mask(config.metricsToken),
    logLevel: config.logLevel,
    slack: slack && { botToken: MASK, signingSecret: mask(slack.signingSecret), appToken: mask(slack.appToken), apiUrl: maskUrl(slack.apiUrl) },
    pagerduty: {
      apiToken: mask(pagerduty.apiToken),
      fromEmail: pagerduty.fromEmail,
      webhookSecrets: pagerduty.webhookSecrets.map(() => MASK),
      apiUrl: maskUrl(pagerduty.apiUrl),
    },
    opsgenie: { apiKey: mask(opsgenie.apiKey), apiUrl: maskUrl(opsgenie.apiUrl), webhookToken: mask(opsgenie.webhookToken) },
    jsm: { ...jsm, apiToken: mask(jsm.apiToken), integrationKey: mask(jsm.integrationKey), apiUrl: maskUrl(jsm.apiUrl), webhookToken: mask(jsm.webhookToken) },
    datadog: {
      apiKey: mask(datadog.apiKey),
      appKey: mask(datadog.appKey),
      site: datadog.site,
      apiUrl: maskUrl(datadog.apiUrl),
      webhookToken: mask(datadog.webhookToken),
    },
    statuspage: { apiKey: mask(config.statuspage.apiKey), apiUrl: maskUrl(config.statuspage.apiUrl) },
    alertmanager: { webhookToken: mask(config.alertmanager.webhookToken) },
    prometheus: { url: maskUrl(config.prometheus.url) },
    github: { token: mask(github.token), apiUrl: maskUrl(github.apiUrl), webhookSecret: mask(github.webhookSecret) },
    // Unchecked until `followups.tracker` is jira, so an unset variable shows as null like the others.
    jira: {
      apiUrl: maskUrl(jira.JIRA_API_URL ?? null),
      apiEmail: jira.JIRA_API_EMAIL ?? null,
      apiToken: mask(jira.JIRA_API_TOKEN ?? null),
      webhookSecret: mask(jira.JIRA_WEBHOOK_SECRET ?? null),
    },
    shutdownDelaySeconds: config.shutdownDelaySeconds,
    webhookLargeBodyConcurrency: config.webhookLargeBodyConcurrency,
    roomWorkerSlots: config.roomWorkerSlots,
    startupRetrySeconds: config.startupRetrySeconds,
    fallbackRoom: { publicUrl: config.fallbackRoom.publicUrl, linkSecret: mask(config.fallbackRoom.linkSecret) },
    settings: structuredClone(config.settings),
  };
}
