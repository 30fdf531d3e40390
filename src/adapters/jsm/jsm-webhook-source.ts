import type { WebhookSource } from '../../app/ports/webhooks.js';
import { parseOpsgenieDelivery } from '../opsgenie/parse.js';
import { bearerTokenAuthentication } from '../webhooks/verify-bearer.js';

const ONE_MIB = 1024 * 1024;

/**
 * JSM Operations' outgoing webhook (Opsgenie's alert action data): like Opsgenie it does not sign,
 * so the configured token is required as `Authorization: Bearer <JSM_WEBHOOK_TOKEN>` (a custom
 * header of the webhook integration), checked before a byte of the body is read.
 */
export function createJsmWebhookSource(options: { token: string | null }): WebhookSource {
  return {
    provider: 'jsm',
    bodyLimitBytes: ONE_MIB,
    ...bearerTokenAuthentication(options.token),
    parse: (rawBody, headers) => parseOpsgenieDelivery(rawBody, headers, 'jsm'),
  };
}
