import { createHmac } from 'node:crypto';

/**
 * PagerDuty's webhook signature: HMAC-SHA256 of the raw body keyed with the secret as UTF-8. The
 * one implementation: the verifier checks with it, and whatever sends as PagerDuty (drills, the
 * sandbox's sample alerts, the tests) signs with it, so the two sides cannot drift apart.
 */
export function pagerDutyHmac(secret: string, body: string | Buffer): Buffer {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(body).digest();
}

/** `X-PagerDuty-Signature` as PagerDuty sends it: `v1=<hex>` per secret, comma-separated. */
export function pagerDutySignature(body: string | Buffer, ...secrets: string[]): string {
  return secrets.map((secret) => `v1=${pagerDutyHmac(secret, body).toString('hex')}`).join(',');
}

