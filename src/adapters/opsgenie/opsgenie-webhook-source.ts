import type { WebhookSource } from '../../app/ports/webhooks.js';
import { bearerTokenAuthentication } from '../webhooks/verify-bearer.js';
import { parseOpsgenieDelivery } from './parse.js';

const ONE_MIB = 1024 * 1024;

/** Opsgenie outgoing webhook (alert action data): Opsgenie does not sign, so a configured bearer token is required. */
export function createOpsgenieWebhookSource(options: { token: string | null }): WebhookSource {
  const token = options.token;
  return {
    provider: 'opsgenie',
    bodyLimitBytes: ONE_MIB,
    ...bearerTokenAuthentication(token),
    parse: (rawBody, headers) => parseOpsgenieDelivery(rawBody, headers),
  };
}
