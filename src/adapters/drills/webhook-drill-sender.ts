import type { DrillAlertSender } from '../../app/ports/drills.js';
import { WEBHOOK_ENABLED_BY, type AlertProvider } from '../../core/alert.js';
import { pagerDutySignature } from '../pagerduty/sign.js';
import { drillDeliveries } from './drill-payloads.js';

export interface DrillCredentials {
  readonly pagerdutyWebhookSecrets: readonly string[];
  readonly opsgenieWebhookToken: string | null;
  /** JSM Operations' webhook token; absent = JSM drills are off. */
  readonly jsmWebhookToken?: string | null;
  readonly datadogWebhookToken: string | null;
  readonly alertmanagerWebhookToken: string | null;
}

const TIMEOUT_MS = 10_000;

/**
 * Sends a drill's alerts to Warroom's own `/webhooks/<provider>` routes, authenticated exactly as
 * each provider does (PagerDuty: v1 HMAC signature with the first configured secret; the others:
 * their bearer token), so a drill is stored, deduplicated and attached like any alert.
 * `baseUrl` is Warroom itself (127.0.0.1): drills never send traffic anywhere else.
 */
export function createWebhookDrillSender(options: { baseUrl: string; credentials: DrillCredentials; now?: () => Date }): DrillAlertSender {
  const { credentials } = options;
  const now = options.now ?? (() => new Date());

  function headersFor(provider: AlertProvider, body: string): Record<string, string> | null {
    const bearer = (token: string | null) => (token ? { authorization: `Bearer ${token}` } : null);
    switch (provider) {
      case 'pagerduty': {
        const secret = credentials.pagerdutyWebhookSecrets[0];
        return secret ? { 'x-pagerduty-signature': pagerDutySignature(body, secret) } : null;
      }
      case 'opsgenie':
        return bearer(credentials.opsgenieWebhookToken);
      case 'datadog':
        return bearer(credentials.datadogWebhookToken);
      case 'alertmanager':
        return bearer(credentials.alertmanagerWebhookToken);
      case 'jsm':
        return bearer(credentials.jsmWebhookToken ?? null);
    }
  }

  return {
    missing: (provider) => (headersFor(provider, '') === null ? WEBHOOK_ENABLED_BY[provider] : null),
    async fire(scenario, run) {
      for (const body of drillDeliveries(scenario.provider, scenario, run, now())) {
        const auth = headersFor(scenario.provider, body);
        if (auth === null) throw new Error(`${scenario.provider} webhooks are off: set ${WEBHOOK_ENABLED_BY[scenario.provider]}`);
        const url = new URL(`webhooks/${scenario.provider}`, options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
        let response: Response;
        try {
          response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...auth }, signal: AbortSignal.timeout(TIMEOUT_MS) });
        } catch (err) {
          throw new Error(`could not reach Warroom at ${options.baseUrl} (${err instanceof Error ? err.message : String(err)})`);
        }
        const answer = await response.text();
        if (response.status !== 202 && response.status !== 200) throw new Error(`Warroom answered ${response.status} on /webhooks/${scenario.provider}: ${answer.slice(0, 300)}`);
      }
    },
  };
}
