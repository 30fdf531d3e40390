import { createHash } from 'node:crypto';
import type { AnyMiddlewareArgs, BufferedIncomingMessage, Middleware } from '@slack/bolt';
import type { Logger, ReplayGuard } from '../../app/ports.js';

/** Slack refuses nothing older than 5 minutes (Bolt checks it); a minute more covers clock skew between replicas. */
const KEEP_SECONDS = 5 * 60 + 60;

/** What the receiver hands the middleware from the verified request (Bolt's customProperties). */
export function replayProperties(req: BufferedIncomingMessage): Record<string, string> {
  const header = (name: string) => {
    const value = req.headers[name];
    return typeof value === 'string' ? value : '';
  };
  return { requestSignature: header('x-slack-signature'), requestTimestamp: header('x-slack-request-timestamp') };
}

/**
 * Global Bolt middleware: a request whose signature was seen before is a replay of a captured
 * request (Slack's own retries are re-signed and carry X-Slack-Retry-Num). It is acknowledged
 * (200, so a sender sees nothing to retry) and has no effect. When the guard cannot be reached
 * the request is handled: refusing every command during a database outage would be worse.
 */
export function replayCheck(guard: ReplayGuard, log: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { context, next } = args;
    const signature = typeof context.requestSignature === 'string' ? context.requestSignature : '';
    if (signature.length === 0) return next();
    const timestamp = Number(context.requestTimestamp);
    const signedAtMs = Number.isFinite(timestamp) ? timestamp * 1000 : Date.now();
    const key = createHash('sha256').update(signature).digest('hex');
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
