import type { PagingProviderName } from '../ports/paging.js';

/** Every paging provider, in the default `paging.order`. */
export const PAGING_PROVIDERS = ['pagerduty', 'opsgenie', 'jsm'] as const satisfies readonly PagingProviderName[];

/** Whether a name (an alert's provider, a job's field) is one of the paging providers. */
export function isPagingProvider(name: unknown): name is PagingProviderName {
  return typeof name === 'string' && (PAGING_PROVIDERS as readonly string[]).includes(name);
}

/** How people name the paging providers, in timeline text. */
export const PROVIDER_NAMES: Readonly<Record<PagingProviderName, string>> = { pagerduty: 'PagerDuty', opsgenie: 'Opsgenie', jsm: 'JSM' };
