import type { Clock } from '../app/ports/runtime.js';
import { createRunDrill, type FindDrillIncident, type RunDrill } from '../app/drills/run-drill.js';
import { loadDrillScenarios } from '../adapters/drills/file-scenarios.js';
import { createWebhookDrillSender } from '../adapters/drills/webhook-drill-sender.js';
import type { Config } from '../config.js';
import { systemClock } from './system-clock.js';

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
        jsmWebhookToken: config.jsm.webhookToken,
        datadogWebhookToken: config.datadog.webhookToken,
        alertmanagerWebhookToken: config.alertmanager.webhookToken,
      },
    });
  }
}
