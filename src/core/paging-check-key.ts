import type { AlertSignal } from './alert.js';

/**
 * The dedup key (PagerDuty incident_key, Opsgenie alias) of a paging canary's test page. The
 * provider sends Warroom the webhooks of that page like any other (created, acknowledged, noted,
 * resolved); the key is how Warroom knows them for its own test and declares no incident from them.
 */
const PAGING_CHECK_KEY_PREFIX = 'warroom-paging-check-';

/** A new key each round: the provider must not fold this page into the previous round's. */
export function pagingCheckKey(provider: string, startedAt: Date): string {
  return `${PAGING_CHECK_KEY_PREFIX}${provider}-${startedAt.getTime()}`;
}

/** Whether a provider's alert is the paging canary's own test page. */
export function isPagingCheckSignal(signal: Pick<AlertSignal, 'dedupKey'>): boolean {
  return signal.dedupKey?.startsWith(PAGING_CHECK_KEY_PREFIX) === true;
}
