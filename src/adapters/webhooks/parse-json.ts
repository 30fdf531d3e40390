import { isSafeNumber, parse } from 'lossless-json';

export type JsonResult = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * Parses an untrusted webhook body. Integers beyond 2^53 (Opsgenie's 19-digit nanosecond
 * timestamps) stay exact as strings instead of being rounded; `__proto__` keys become plain own
 * properties; invalid UTF-8 becomes U+FFFD; nesting too deep to parse is an error, not a crash.
 */
export function parseWebhookJson(raw: Buffer): JsonResult {
  const text = raw.toString('utf8');
  if (text.trim().length === 0) return { ok: false, reason: 'the body is empty' };
  try {
    return { ok: true, value: parse(text, null, (value) => (isSafeNumber(value) ? Number(value) : value)) };
  } catch (err) {
    if (err instanceof RangeError) return { ok: false, reason: 'the JSON is nested too deeply' };
    return { ok: false, reason: `the body is not valid JSON (${err instanceof Error ? err.message.slice(0, 120) : 'parse error'})` };
  }
}
