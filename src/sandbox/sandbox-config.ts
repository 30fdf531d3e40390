/**
 * Turns a sandbox-mode Config into a runnable one: fresh random secrets for Slack, PagerDuty,
 * Datadog and Alertmanager (nobody outside this process needs them), every outside system pointed
 * at the same server's `/sandbox/…` routes, and, without a config file, a checkout service whose
 * alerts, on-call and metrics the sandbox plays. The port must be known before anything listens
 * (the Slack client is built with its URL), so port 0 is replaced by a free port first.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { Config, ServiceConfig, Settings } from '../config.js';
import type { IncidentType } from '../core/incident-type.js';
import { ROLES } from '../core/roles.js';
import type { SandboxPerson } from './sandbox-pagerduty.js';
import { SANDBOX_ESCALATION_POLICY_ID, SANDBOX_PAGERDUTY_SERVICE_ID, type SampleAlertSecrets } from './sample-alerts.js';
import { SANDBOX_CHECKS } from './synthetic-prometheus.js';

export interface SandboxSecrets extends SampleAlertSecrets {
  readonly signingSecret: string;
  readonly botToken: string;
  readonly pagerdutyApiToken: string;
}

export interface SandboxSetup {
  /** The Config Warroom runs with: Slack, PagerDuty, Prometheus and the webhooks all on. */
  readonly config: Config;
  readonly secrets: SandboxSecrets;
  /** Where this very server answers, e.g. `http://127.0.0.1:3000`. */
  readonly selfUrl: string;
  readonly people: readonly SandboxPerson[];
}

/** The two people on call (PagerDuty) who are also Slack users with the same email. */
export const SANDBOX_PEOPLE: readonly SandboxPerson[] = [
  { pagerdutyId: 'PSBXALI', slackId: 'U0ALICE01', name: 'Alice Moreau', email: 'alice@sandbox.warroom.invalid' },
  { pagerdutyId: 'PSBXBOB', slackId: 'U0BOB0002', name: 'Bob Okafor', email: 'bob@sandbox.warroom.invalid' },
];
/** The channel the sandbox seeds for stakeholder updates. */
export const SANDBOX_STAKEHOLDER_CHANNEL = 'C0UPDATES';

const secret = (prefix = ''): string => `${prefix}${randomBytes(24).toString('hex')}`;

function service(match: Partial<ServiceConfig['match']>, escalationPolicyId: string | null): ServiceConfig {
  return {
    match: { pagerdutyServiceIds: [], opsgenieTags: [], datadogTags: [], alertmanagerLabels: {}, ...match },
    pagerduty: { escalationPolicyId },
    opsgenie: { schedule: null },
    runbook: null,
    dashboards: [],
  };
}

/**
 * The two example incident types of warroom.example.yml, so a sandbox user can declare a typed
 * incident (`/incident declare … --type security`, or the modal's Type select). Platform is the
 * default and keeps the global prefix, so an untyped incident opens the room it always did.
 */
export const SANDBOX_INCIDENT_TYPES: readonly IncidentType[] = [
  {
    name: 'security',
    description: 'Breaches, leaked secrets, suspicious access',
    channelPrefix: 'sec',
    private: true,
    stakeholderChannels: null,
    roles: ['commander', 'comms', 'security-lead'],
    updateCadence: { SEV1: 15, SEV2: 30 },
    services: [],
    runbooks: [],
    default: false,
  },
  { name: 'platform', description: 'Outages of shared infrastructure', channelPrefix: null, private: false, stakeholderChannels: null, roles: ROLES, updateCadence: {}, services: [], runbooks: [], default: true },
];

/** The settings of a sandbox started without a config file: three services, checkout on call, two incident types. */
function sandboxSettings(defaults: Settings): Settings {
  return {
    ...defaults,
    stakeholderChannels: [SANDBOX_STAKEHOLDER_CHANNEL],
    services: {
      checkout: service(
        { pagerdutyServiceIds: [SANDBOX_PAGERDUTY_SERVICE_ID], datadogTags: ['service:checkout'], alertmanagerLabels: { service: 'checkout' } },
        SANDBOX_ESCALATION_POLICY_ID,
      ),
      search: service({ datadogTags: ['service:search'], alertmanagerLabels: { service: 'search' } }, null),
      payments: service({ datadogTags: ['service:payments'], alertmanagerLabels: { service: 'payments' } }, null),
    },
    scope: { ...defaults.scope, source: 'prometheus' },
    checks: SANDBOX_CHECKS.map((c) => ({ name: c.name, prometheus: c.prometheus })),
    incidentTypes: [...SANDBOX_INCIDENT_TYPES],
  };
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** The address this process reaches itself on: loopback unless HOST names one interface. */
function selfHost(host: string): string {
  if (['0.0.0.0', '::', '', 'localhost'].includes(host)) return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

export async function setUpSandbox(config: Config): Promise<SandboxSetup> {
  const port = config.port === 0 ? await freePort(config.host) : config.port;
  const selfUrl = `http://${selfHost(config.host)}:${port}`;
  const secrets: SandboxSecrets = {
    signingSecret: secret(),
    botToken: secret('xoxb-sandbox-'),
    pagerdutyApiToken: secret(),
    pagerdutyWebhookSecret: secret(),
    datadogWebhookToken: secret(),
    alertmanagerWebhookToken: secret(),
  };
  return {
    selfUrl,
    secrets,
    people: SANDBOX_PEOPLE,
    config: {
      ...config,
      port,
      slack: { botToken: secrets.botToken, signingSecret: secrets.signingSecret, appToken: null, apiUrl: `${selfUrl}/sandbox/api/` },
      pagerduty: { apiToken: secrets.pagerdutyApiToken, fromEmail: SANDBOX_PEOPLE[0]?.email ?? null, webhookSecrets: [secrets.pagerdutyWebhookSecret], apiUrl: `${selfUrl}/sandbox/pagerduty` },
      datadog: { ...config.datadog, apiKey: null, appKey: null, webhookToken: secrets.datadogWebhookToken },
      alertmanager: { webhookToken: secrets.alertmanagerWebhookToken },
      prometheus: { url: `${selfUrl}/sandbox/prometheus` },
      settings: config.configFile === null ? sandboxSettings(config.settings) : config.settings,
    },
  };
}
