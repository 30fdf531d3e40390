/**
 * Slack's request signing (api.slack.com/authentication/verifying-requests-from-slack): `v0=` and
 * the hex HMAC-SHA256 of `v0:<timestamp>:<body>` with the app's signing secret. The one signer of
 * the project: the sandbox's simulated Slack deliveries, the tests' Slack requests and the
 * benchmarks' slash commands all sign with it.
 */
import { createHmac } from 'node:crypto';

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** The two headers Slack sends with a body, signed now (or at `timestamp`, epoch seconds). */
export function slackSignedHeaders(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): { 'x-slack-request-timestamp': string; 'x-slack-signature': string } {
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': slackSignature(secret, timestamp, body) };
}
