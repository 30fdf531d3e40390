import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from '../../app/ports/runtime.js';
import type { ReplayGuard } from '../../app/ports/chat.js';

/** Slack retries an unacknowledged event for about an hour at most (immediately, 1 min, 5 min); a redelivered envelope comes sooner. */
const KEEP_SECONDS = 60 * 60;

/** What the Socket Mode receiver hands the middleware from the envelope (Bolt's customProperties). */
export function socketEnvelopeProperties(args: { envelope_id?: unknown }): Record<string, string> {
  return { socketEnvelopeId: typeof args.envelope_id === 'string' ? args.envelope_id : '' };
}

/**
 * Global Bolt middleware for Socket Mode, where nothing is signed and Slack redelivers what it
 * thinks was not acknowledged (after a reconnect: the same envelope_id; an event: the same
 * event_id with retry_attempt > 0). An event is keyed on its event_id, anything else on its
 * envelope_id, through the replay guard's table so a redelivery to another replica is caught too.
 * A duplicate is acknowledged with nothing and has no effect; when the guard cannot be reached the
 * delivery is handled, as in HTTP mode.
 */
export function socketModeDedupe(guard: ReplayGuard, log: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { context, next } = args;
    const body = args.body as { type?: unknown; event_id?: unknown };
    const eventId = body.type === 'event_callback' && typeof body.event_id === 'string' ? body.event_id : '';
    const envelopeId = typeof context.socketEnvelopeId === 'string' ? context.socketEnvelopeId : '';
    const key = eventId !== '' ? `socket-mode:event:${eventId}` : envelopeId !== '' ? `socket-mode:envelope:${envelopeId}` : '';
    if (key === '') return next();
    let fresh = true;
    try {
      fresh = await guard.firstSeen(key, new Date(Date.now() + KEEP_SECONDS * 1000));
    } catch (err) {
      log.warn({ err: err instanceof Error ? err.message : String(err) }, 'Socket Mode duplicate check unavailable; handling the delivery');
    }
    if (fresh) return next();
    log.info({ key }, 'a duplicate Socket Mode delivery was ignored');
    if ('ack' in args && typeof args.ack === 'function') await args.ack();
  };
}
