import type { PagingProviderName } from '../ports/paging.js';

/** How people name the paging providers, in timeline text. */
export const PROVIDER_NAMES: Readonly<Record<PagingProviderName, string>> = { pagerduty: 'PagerDuty', opsgenie: 'Opsgenie' };
