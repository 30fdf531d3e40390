import type { ProviderPerson } from '../../core/provider-person.js';
import type { TimelineEvent } from '../../core/timeline.js';
import type { PagingProviderName } from '../ports/paging.js';
import { PROVIDER_NAMES } from './provider-names.js';

/**
 * The one timeline event of a page's acknowledgement, whether the ack poll or the provider's
 * webhook saw it first: "Acknowledged by Alice via PagerDuty" ("PagerDuty page acknowledged" when
 * the provider names nobody). The name is the provider's, so the text reads the same in Slack and
 * outside it; the provider's user id stays out of the text.
 */
export function pageAcknowledgedEvent(provider: PagingProviderName, reference: string, by: ProviderPerson | null | undefined, at: Date): TimelineEvent {
  const name = PROVIDER_NAMES[provider];
  return {
    at,
    kind: 'page_acknowledged',
    actor: provider,
    text: by ? `Acknowledged by ${by.name} via ${name}` : `${name} page acknowledged`,
    data: { provider, reference, ...(by ? { acknowledgedBy: by.name } : {}) },
  };
}
