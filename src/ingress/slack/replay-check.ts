import { createHash } from 'node:crypto';
import type { AnyMiddlewareArgs, BufferedIncomingMessage, Middleware } from '@slack/bolt';
import type { Logger } from '../../app/ports/runtime.js';
import type { ReplayGuard } from '../../app/ports/chat.js';

/** Slack refuses nothing older than 5 minutes (Bolt checks it); a minute more covers clock skew between replicas. */
const KEEP_SECONDS = 5 * 60 + 60;

/**
 * What the receiver hands the middleware from the verified request (Bolt's customProperties): what
 * Slack signed (`v0:<timestamp>:<body>`), not the signature header, whose spelling an attacker can
 * vary without breaking Bolt's check (it reads `signature.split('=')` and ignores the rest).
 */
export function replayProperties(req: BufferedIncomingMessage): Record<string, string> {
  const value = req.headers['x-slack-request-timestamp'];
  const requestTimestamp = typeof value === 'string' ? value : '';
  const signed = createHash('sha256').update(`v0:${requestTimestamp}:`).update(req.rawBody).digest('hex');
  return { requestTimestamp, signedContent: signed };
}

/**
 * Global Bolt middleware: a request whose signed content was seen before is a replay of a captured
 * request (Slack's own retries are re-signed and carry X-Slack-Retry-Num). It is acknowledged
 * (200, so a sender sees nothing to retry) and has no effect. When the guard cannot be reached
 * the request is handled: refusing every command during a database outage would be worse.
 */
export function replayCheck(guard: ReplayGuard, log: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { context, next } = args;
    const key = typeof context.signedContent === 'string' ? context.signedContent : '';
    if (key.length === 0) return next();
    const timestamp = Number(context.requestTimestamp);
    const signedAtMs = Number.isFinite(timestamp) ? timestamp * 1000 : Date.now();
    let fresh = true;
    try {
      fresh = await guard.firstSeen(key, new Date(Math.max(signedAtMs, Date.now()) + KEEP_SECONDS * 1000));
    } catch (err) {
      log.warn({ err: err instanceof Error ? err.message : String(err) }, 'Slack replay check unavailable; handling the request');
    }
    if (fresh) return next();
    log.info({ type: (args.body as { type?: unknown }).type ?? 'slash_command', signedAt: new Date(signedAtMs).toISOString() }, 'a replayed Slack request was ignored');
    if ('ack' in args && typeof args.ack === 'function') await args.ack();
  };
}
