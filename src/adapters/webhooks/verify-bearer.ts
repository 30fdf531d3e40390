import { createHash, timingSafeEqual } from 'node:crypto';
import type { Headers, WebhookSource } from '../../app/ports/webhooks.js';

/**
 * Checks `Authorization: Bearer <token>`: Opsgenie, Datadog and Alertmanager do not sign their
 * deliveries, they send a configured header. Both sides are hashed first so the comparison takes
 * the same time whatever the lengths; an unset or empty expected token refuses everything.
 */
export function verifyBearerToken(headers: Headers, expected: string | null): boolean {
  if (expected === null || expected.length === 0) return false;
  const header = headers['authorization'];
  // Node never folds Authorization into an array; one here means a forged or duplicated header.
  if (typeof header !== 'string') return false;
  // The scheme is case-insensitive (RFC 9110 §11.1); the token itself is compared exactly.
  const token = /^Bearer[ \t]+(.*?)[ \t]*$/i.exec(header)?.[1];
  if (token === undefined || token.length === 0) return false;
  return timingSafeEqual(digest(token), digest(expected));
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * The authentication of a provider that sends a configured bearer token (Opsgenie, Datadog,
 * Alertmanager, Jira Service Management): the token is in the headers, so the whole check happens
 * before the body is read, and the body adds nothing to it.
 */
export function bearerTokenAuthentication(expected: string | null): Pick<WebhookSource, 'authenticateHeaders' | 'authenticate'> {
  return {
    authenticateHeaders: (headers) => verifyBearerToken(headers, expected),
    authenticate: (headers) => verifyBearerToken(headers, expected),
  };
}
