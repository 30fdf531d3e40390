import type { WebhookSource } from '../../app/ports/webhooks.js';
import { bearerTokenAuthentication } from '../webhooks/verify-bearer.js';
import { parseAlertmanagerDelivery } from './parse.js';

/**
 * Alertmanager's `webhook_config` (version 4), authenticated with `http_config.authorization`
 * (`Authorization: Bearer <ALERTMANAGER_WEBHOOK_TOKEN>`). 16 MiB: one delivery may carry a whole
 * alert group (up to 10 000 alerts).
 */
export function createAlertmanagerWebhookSource(options: { readonly token: string | null }): WebhookSource {
  const { token } = options;
  return {
    provider: 'alertmanager',
    bodyLimitBytes: 16 * 1024 * 1024,
    ...bearerTokenAuthentication(token),
    parse: (rawBody, headers) => parseAlertmanagerDelivery(rawBody, headers),
  };
}
