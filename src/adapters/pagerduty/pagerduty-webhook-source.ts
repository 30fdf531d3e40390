import type { WebhookSource } from '../../app/ports/webhooks.js';
import { parsePagerDutyDelivery } from './parse.js';
import { hasPagerDutySignature, verifyPagerDutySignature } from './verify.js';

const ONE_MIB = 1024 * 1024;

/** PagerDuty V3 webhooks: `X-PagerDuty-Signature` over the raw body, checked against every configured secret. */
export function createPagerDutyWebhookSource(options: { secrets: readonly string[] }): WebhookSource {
  const secrets = [...options.secrets];
  return {
    provider: 'pagerduty',
    bodyLimitBytes: ONE_MIB,
    // The signature covers the body, so only its presence and shape can be checked before reading it.
    authenticateHeaders: (headers) => secrets.some((s) => s.length > 0) && hasPagerDutySignature(headers['x-pagerduty-signature']),
    authenticate: (headers, rawBody) => verifyPagerDutySignature(rawBody, headers['x-pagerduty-signature'], secrets),
    parse: (rawBody, headers) => parsePagerDutyDelivery(rawBody, headers),
  };
}
