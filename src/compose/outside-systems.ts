/** The outside systems Warroom talks to, each built only when its settings are present. */
import type { AlertProvider } from '../core/alert.js';
import type { DependencyMonitor, DependencyName } from '../app/health/dependency-monitor.js';
import { monitoredMetrics, monitoredPaging } from '../app/health/monitored.js';
import type { MetricsSource } from '../app/ports/metrics.js';
import type { PagingProvider, PagingProviderName } from '../app/ports/paging.js';
import type { WebhookSource } from '../app/ports/webhooks.js';
import { createAlertmanagerWebhookSource } from '../adapters/alertmanager/alertmanager-webhook-source.js';
import { createDatadogMetrics } from '../adapters/datadog/datadog-metrics.js';
import { createDatadogWebhookSource } from '../adapters/datadog/datadog-webhook-source.js';
import { createJsmPaging } from '../adapters/jsm/jsm-paging.js';
import { createJsmWebhookSource } from '../adapters/jsm/jsm-webhook-source.js';
import { createOpsgeniePaging } from '../adapters/opsgenie/opsgenie-paging.js';
import { createOpsgenieWebhookSource } from '../adapters/opsgenie/opsgenie-webhook-source.js';
import { createPagerDutyPaging } from '../adapters/pagerduty/pagerduty-paging.js';
import { createPagerDutyWebhookSource } from '../adapters/pagerduty/pagerduty-webhook-source.js';
import { createPrometheusMetrics } from '../adapters/prometheus/prometheus-metrics.js';
import type { Config } from '../config.js';

/** The dependencies whose health /readyz reports as configured (the others say `off`). */
export function configuredDependencies(config: Config): DependencyName[] {
  return [
    ...(config.slack ? (['slack'] as const) : []),
    ...(config.pagerduty.apiToken ? (['pagerduty'] as const) : []),
    ...(config.opsgenie.apiKey ? (['opsgenie'] as const) : []),
    ...(jsmCredentials(config) ? (['jsm'] as const) : []),
    ...(config.datadog.apiKey ? (['datadog'] as const) : []),
    ...(config.prometheus.url ? (['prometheus'] as const) : []),
  ];
}

/** The metrics backends that are configured; Datadog's large client is only loaded when it is. */
export async function metricsSources(config: Config, monitor: DependencyMonitor): Promise<Partial<Record<'prometheus' | 'datadog', MetricsSource>>> {
  const sources: Partial<Record<'prometheus' | 'datadog', MetricsSource>> = {};
  if (config.prometheus.url) sources.prometheus = monitoredMetrics(createPrometheusMetrics({ url: config.prometheus.url }), monitor);
  const dd = config.datadog;
  if (dd.apiKey && dd.appKey) sources.datadog = monitoredMetrics(await createDatadogMetrics({ apiKey: dd.apiKey, appKey: dd.appKey, apiUrl: dd.apiUrl }), monitor);
  return sources;
}

/** The paging providers whose API credentials are set. */
export function pagingProviders(config: Config, monitor: DependencyMonitor): Partial<Record<PagingProviderName, PagingProvider>> {
  const providers: Partial<Record<PagingProviderName, PagingProvider>> = {};
  const pd = config.pagerduty;
  if (pd.apiToken && pd.fromEmail) providers.pagerduty = monitoredPaging(createPagerDutyPaging({ token: pd.apiToken, fromEmail: pd.fromEmail, apiUrl: pd.apiUrl }), monitor);
  if (config.opsgenie.apiKey) providers.opsgenie = monitoredPaging(createOpsgeniePaging({ apiKey: config.opsgenie.apiKey, apiUrl: config.opsgenie.apiUrl }), monitor);
  const jsm = jsmCredentials(config);
  if (jsm) providers.jsm = monitoredPaging(createJsmPaging({ ...jsm, apiUrl: config.jsm.apiUrl }), monitor);
  return providers;
}

/** JSM Operations' four credentials, when all are set (config.ts refuses some without the others). */
function jsmCredentials(config: Config): { cloudId: string; apiEmail: string; apiToken: string; integrationKey: string } | null {
  const { cloudId, apiEmail, apiToken, integrationKey } = config.jsm;
  return cloudId && apiEmail && apiToken && integrationKey ? { cloudId, apiEmail, apiToken, integrationKey } : null;
}

/** The webhook of each provider whose secret or token is set; the others answer 404. */
export function webhookSources(config: Config): WebhookSource[] {
  const sources: Partial<Record<AlertProvider, WebhookSource>> = {};
  if (config.pagerduty.webhookSecrets.length > 0) sources.pagerduty = createPagerDutyWebhookSource({ secrets: config.pagerduty.webhookSecrets });
  if (config.opsgenie.webhookToken) sources.opsgenie = createOpsgenieWebhookSource({ token: config.opsgenie.webhookToken });
  if (config.jsm.webhookToken) sources.jsm = createJsmWebhookSource({ token: config.jsm.webhookToken });
  if (config.datadog.webhookToken) sources.datadog = createDatadogWebhookSource({ token: config.datadog.webhookToken });
  if (config.alertmanager.webhookToken) sources.alertmanager = createAlertmanagerWebhookSource({ token: config.alertmanager.webhookToken });
  return Object.values(sources);
}
