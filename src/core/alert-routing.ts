import type { AlertProvider, AlertSignal } from './alert.js';
import type { Severity } from './severity.js';

/** How the config recognises a service's alerts (INTERFACE §3 `services.*.match`). */
export interface ServiceMatch {
  readonly pagerdutyServiceIds: readonly string[];
  readonly opsgenieTags: readonly string[];
  readonly datadogTags: readonly string[];
  readonly alertmanagerLabels: Readonly<Record<string, string>>;
}

/** The first configured service (in config order) whose matcher recognises the signal; null if none. */
export function matchService(signal: AlertSignal, services: Readonly<Record<string, { readonly match: ServiceMatch }>>): string | null {
  const { serviceHints: hints } = signal;
  for (const [name, { match }] of Object.entries(services)) {
    switch (signal.provider) {
      case 'pagerduty':
        if (hints.pagerdutyServiceId !== null && match.pagerdutyServiceIds.includes(hints.pagerdutyServiceId)) return name;
        break;
      // JSM Operations alerts carry the tags of the Opsgenie integrations they replace.
      case 'opsgenie':
      case 'jsm':
        if (hints.tags.some((t) => match.opsgenieTags.includes(t))) return name;
        break;
      case 'datadog':
        if (hints.tags.some((t) => match.datadogTags.includes(t))) return name;
        break;
      case 'alertmanager': {
        const wanted = Object.entries(match.alertmanagerLabels);
        if (wanted.length > 0 && wanted.every(([k, v]) => hints.labels[k] === v)) return name;
        break;
      }
    }
  }
  return null;
}

/** The SEV for a provider's priority through the configured table (case-insensitive); null if unmapped. */
export function mapSeverity(provider: AlertProvider, priority: string | null, table: Readonly<Record<AlertProvider, Readonly<Record<string, Severity>>>>): Severity | null {
  if (priority === null) return null;
  const mapping = table[provider];
  const key = priority.trim().toLowerCase();
  // Own keys only: provider text such as `constructor` or `__proto__` must not find Object's members.
  return Object.hasOwn(mapping, key) ? (mapping[key] ?? null) : null;
}

/**
 * The incident type an alert of `service` opens (issue 21): `services.<name>.type`, else the default
 * type; whatever the service matcher recognised (tags, Alertmanager labels) thus chooses the type too.
 */
export function routedIncidentType(service: string | null, services: Readonly<Record<string, { readonly type?: string | null }>>): string | null {
  if (service === null || !Object.hasOwn(services, service)) return null;
  return services[service]?.type ?? null;
}
