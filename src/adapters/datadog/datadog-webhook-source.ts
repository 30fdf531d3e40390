import type { WebhookSource } from '../../app/ports/webhooks.js';
import { bearerTokenAuthentication } from '../webhooks/verify-bearer.js';
import { parseDatadogDelivery } from './parse.js';

/** Datadog's Webhooks integration: it does not sign, so it sends `Authorization: Bearer <DATADOG_WEBHOOK_TOKEN>` as a custom header. */
export function createDatadogWebhookSource(options: { readonly token: string | null }): WebhookSource {
  const { token } = options;
  return {
    provider: 'datadog',
    bodyLimitBytes: 1024 * 1024,
    ...bearerTokenAuthentication(token),
    parse: (rawBody, headers) => parseDatadogDelivery(rawBody, headers),
  };
}
