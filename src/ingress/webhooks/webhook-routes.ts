import type { ReceiveDelivery } from '../../app/receive-delivery.js';
import { DependencyUnavailableError, type Logger } from '../../app/ports/runtime.js';
import { type Telemetry, type WebhookOutcome } from '../../app/ports/telemetry.js';
import { type WebhookSource } from '../../app/ports/webhooks.js';
import { ALERT_PROVIDERS, WEBHOOK_ENABLED_BY, type AlertSignal } from '../../core/alert.js';
import { drillRunOf } from '../../core/drill.js';
import { LargeBodiesBusyError, type LargeBodySlots } from '../http/large-body-slots.js';
import { BodyTooLargeError, readBody } from '../http/read-body.js';
import { sendJson, sendJsonUnread } from '../http/respond.js';
import type { Route } from '../http/route.js';

const RETRY_AFTER_SECONDS = '5';

/**
 * POST /webhooks/<provider> (INTERFACE §4): authenticate the headers → read within the body limit
 * (a body over 1 MiB only with a free large-body slot) → authenticate the body → parse → store →
 * 202 (200 for a delivery stored before). Never a 2xx for something not stored, never a 5xx for bad
 * input, 503 when the database or the large-body slots cannot take it so that the provider retries.
 */
export function webhookRoutes(deps: { sources: readonly WebhookSource[]; receiveDelivery: ReceiveDelivery; largeBodies: LargeBodySlots; telemetry: Telemetry; log: Logger }): Route[] {
  const { telemetry, log } = deps;
  return ALERT_PROVIDERS.map((provider): Route => {
    const source = deps.sources.find((s) => s.provider === provider);
    return {
      method: 'POST',
      path: `/webhooks/${provider}`,
      handler: async (req, res) => {
        const started = performance.now();
        const answer = (status: number, outcome: WebhookOutcome, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
          sendJson(res, status, body, headers);
          telemetry.webhookAnswered(provider, outcome, (performance.now() - started) / 1000);
        };
        /** For a refusal before the body was read: the rest is left unread and the connection closed. */
        const refuseUnread = (status: number, outcome: WebhookOutcome, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
          sendJsonUnread(req, res, status, body, headers);
          telemetry.webhookAnswered(provider, outcome, (performance.now() - started) / 1000);
        };
        if (!source) {
          req.resume();
          sendJson(res, 404, { error: `${provider} webhooks are off: set ${WEBHOOK_ENABLED_BY[provider]} to turn them on` });
          return;
        }
        const unauthorized = { error: 'missing or invalid signature or token' };
        // Before a byte of the body is read: an anonymous caller cannot make Warroom buffer anything.
        if (!source.authenticateHeaders(req.headers)) return refuseUnread(401, 'unauthorized', unauthorized);
        const lease = deps.largeBodies.lease();
        try {
          const raw = await readBody(req, source.bodyLimitBytes, lease);
          if (!source.authenticate(req.headers, raw)) return answer(401, 'unauthorized', unauthorized);
          const parsed = source.parse(raw, req.headers);
          if (!parsed.ok) return answer(400, 'malformed', { error: parsed.reason });
          const outcome = await deps.receiveDelivery(provider, parsed.delivery, raw);
          if (outcome === 'stored') countAlerts(telemetry, provider, parsed.delivery.signals);
          answer(outcome === 'stored' ? 202 : 200, outcome, { status: outcome === 'stored' ? 'accepted' : 'duplicate', deliveryId: parsed.delivery.deliveryId, alerts: parsed.delivery.signals.length });
        } catch (err) {
          if (err instanceof BodyTooLargeError) return answer(413, 'too_large', { error: `body too large (limit ${err.limitBytes} bytes)` });
          if (err instanceof LargeBodiesBusyError) {
            log.warn({ provider, slots: err.slots }, 'webhook refused with 503: every large-body slot is in use (WEBHOOK_LARGE_BODY_CONCURRENCY); the sender will retry');
            return refuseUnread(503, 'busy', { error: 'too many large deliveries at once; retry later' }, { 'retry-after': RETRY_AFTER_SECONDS });
          }
          if (err instanceof DependencyUnavailableError) {
            log.warn({ provider, err: err.message }, 'webhook refused with 503: the database is unavailable; the sender will retry');
            return answer(503, 'unavailable', { error: 'cannot store the delivery now; retry later' }, { 'retry-after': RETRY_AFTER_SECONDS });
          }
          log.error({ provider, err: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined }, 'webhook failed');
          // Not stored, so not a 2xx: a 500 makes the provider retry.
          answer(500, 'error', { error: 'internal error; the delivery was not stored' });
        } finally {
          lease.release();
        }
      },
    };
  });
}

/** Drill alerts are practice, not load: they stay out of warroom_alerts_total. */
function countAlerts(telemetry: Telemetry, provider: string, signals: readonly AlertSignal[]): void {
  const byStatus = new Map<string, number>();
  for (const s of signals) if (drillRunOf(s) === null) byStatus.set(s.status ?? 'unchanged', (byStatus.get(s.status ?? 'unchanged') ?? 0) + 1);
  for (const [status, n] of byStatus) telemetry.alertsReceived(provider, status, n);
}
