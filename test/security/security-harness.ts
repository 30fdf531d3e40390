/**
 * One Warroom for a security test file: every route on (Slack over HTTP, the four webhooks, the
 * API), a Slack Web API fake, a real PostgreSQL. Requests are signed exactly as each sender does.
 */
import { startWarroom, type RunningWarroom } from '../../src/main.js';
import type { Config } from '../../src/config.js';
import type { Logger } from '../../src/app/ports/runtime.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-api-fake.js';
import { request, type Answer } from '../helpers/http.js';
import { alertmanagerDelivery, datadogRecommended, opsgenieAction, pagerDutyEvent, pagerDutySignature } from '../helpers/provider-payloads.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { slackSignature } from '../helpers/slack-requests.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { testConfig } from '../helpers/test-config.js';

export type Provider = 'pagerduty' | 'opsgenie' | 'datadog' | 'alertmanager';
export const PROVIDERS: readonly Provider[] = ['pagerduty', 'opsgenie', 'datadog', 'alertmanager'];
export const ALICE = 'U0ALICE01';
export const BOB = 'U0BOB0002';

export interface Secrets {
  readonly slackSigningSecret: string;
  readonly pagerdutySecret: string;
  readonly hookToken: string;
  readonly apiToken: string;
}

export const DEFAULT_SECRETS: Secrets = {
  slackSigningSecret: 'security-suite-signing-secret',
  pagerdutySecret: 'security-suite-pd-secret',
  hookToken: 'security-suite-hook-token',
  apiToken: 'security-suite-api-token',
};

export interface Harness {
  readonly db: TestDatabase;
  readonly fake: SlackFake;
  readonly warroom: RunningWarroom;
  readonly base: string;
  readonly secrets: Secrets;
  /** POST /webhooks/<provider>, authenticated as the provider does. */
  webhook(provider: Provider, body: string | Buffer, headers?: Record<string, string>): Promise<Answer>;
  /** The headers that authenticate `body` for `provider`. */
  webhookAuth(provider: Provider, body: string | Buffer): Record<string, string>;
  /** POST /slack/events signed with the signing secret at `timestamp` (seconds; default now). */
  slack(body: string, contentType: string, options?: { timestamp?: number; headers?: Record<string, string> }): Promise<Answer>;
  api(path: string, init?: RequestInit): Promise<Answer>;
  count(table: string): Promise<number>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  readonly secrets?: Secrets;
  /** Extra environment variables (e.g. provider API URLs). */
  readonly env?: Record<string, string>;
  readonly log?: Logger;
  readonly configure?: (config: Config) => Config;
  /** False: Slack off (no room work), for tests that only exercise the webhooks. */
  readonly slack?: boolean;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const secrets = options.secrets ?? DEFAULT_SECRETS;
  const db = await createTestDatabase();
  const fake = await startSlackFake({ knownUsers: [{ id: ALICE, name: 'alice' }, { id: BOB, name: 'bob' }] });
  const config = testConfig({
    DATABASE_URL: db.url,
    WARROOM_API_TOKEN: secrets.apiToken,
    ...(options.slack === false ? {} : { SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: secrets.slackSigningSecret, SLACK_API_URL: fake.url }),
    PAGERDUTY_WEBHOOK_SECRETS: secrets.pagerdutySecret,
    OPSGENIE_WEBHOOK_TOKEN: secrets.hookToken,
    DATADOG_WEBHOOK_TOKEN: secrets.hookToken,
    ALERTMANAGER_WEBHOOK_TOKEN: secrets.hookToken,
    ...options.env,
  });
  const configured = { ...config, port: 0, host: '127.0.0.1', settings: { ...config.settings, stakeholderChannels: [] } };
  const warroom = await startWarroom(options.configure ? options.configure(configured) : configured, options.log ?? silentLogger());
  await warroom.ready;
  const base = `http://127.0.0.1:${warroom.port}`;

  const webhookAuth = (provider: Provider, body: string | Buffer): Record<string, string> =>
    provider === 'pagerduty'
      ? { 'x-pagerduty-signature': pagerDutySignature(body, secrets.pagerdutySecret) }
      : { authorization: `Bearer ${secrets.hookToken}` };

  return {
    db,
    fake,
    warroom,
    base,
    secrets,
    webhookAuth,
    webhook: (provider, body, headers = {}) =>
      request(base, `/webhooks/${provider}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...webhookAuth(provider, body), ...headers } }),
    slack: (body, contentType, o = {}) => {
      const ts = o.timestamp ?? Math.floor(Date.now() / 1000);
      return request(base, '/slack/events', {
        method: 'POST',
        body,
        headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': slackSignature(secrets.slackSigningSecret, ts, body), ...o.headers },
      });
    },
    api: (path, init = {}) => request(base, path, { ...init, token: secrets.apiToken }),
    count: async (table) => Number((await db.knex(table).count<{ n: string }[]>({ n: '*' }))[0]?.n),
    async stop() {
      await warroom.stop();
      await fake.close();
      await db.close();
    },
  };
}

let commandSeq = 0;

/** A slash command body as Slack sends it (form-encoded). */
export function commandBody(text: string, o: { user?: string; channel?: string } = {}): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'TFAKE',
    team_domain: 'acme',
    channel_id: o.channel ?? 'CGENERAL',
    channel_name: 'general',
    user_id: o.user ?? ALICE,
    user_name: 'alice',
    command: '/incident',
    text,
    api_app_id: 'AWARROOM',
    response_url: 'http://127.0.0.1:9/commands/unused',
    trigger_id: `trigger-security-${++commandSeq}`,
  }).toString();
}

/** An interaction (block_actions, view_submission …) body as Slack sends it. */
export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

let eventSeq = 0;

/** An Events API body as Slack sends it. */
export function eventBody(event: Record<string, unknown>): string {
  return JSON.stringify({ token: 'legacy', team_id: 'TFAKE', api_app_id: 'AWARROOM', type: 'event_callback', event_id: `EvSec${++eventSeq}`, event_time: Math.floor(Date.now() / 1000), event });
}

export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';

/** A valid delivery of each provider, with an id and alert title the test controls. */
export function validDelivery(provider: Provider, id: string, title = 'Checkout errors'): string {
  switch (provider) {
    case 'pagerduty':
      return JSON.stringify(pagerDutyEvent({ eventId: id, type: 'incident.triggered', incidentId: `P${id}`, title }));
    case 'opsgenie':
      return opsgenieAction({ action: 'Create', alertId: id, message: title, updatedAtNs: '1763892000000000000' });
    case 'datadog':
      return JSON.stringify(datadogRecommended({ alertId: id, cycleKey: `cycle-${id}`, transition: 'Triggered', title, eventId: id }));
    case 'alertmanager':
      return JSON.stringify(alertmanagerDelivery({ groupKey: `group-${id}`, alerts: [{ fingerprint: id, status: 'firing', labels: { alertname: title, service: 'checkout' }, summary: title }] }));
  }
}
