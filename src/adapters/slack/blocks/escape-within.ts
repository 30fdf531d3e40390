import { escapeMrkdwn, truncateText } from '../../../core/mrkdwn.js';

/**
 * Escapes untrusted text for Slack and keeps the escaped result within `max` characters.
 * Slack counts the text as sent, entities included, and escaping can grow it fivefold (`&` →
 * `&amp;`), so the raw text is cut (never an entity) until its escaped form fits.
 */
export function escapeWithin(text: string, max: number): string {
  let raw = truncateText(text, max);
  let out = escapeMrkdwn(raw);
  while (out.length > max) {
    // Each raw character dropped shortens the escaped text by at least one, so this ends quickly.
    raw = truncateText(text, raw.length - (out.length - max));
    out = escapeMrkdwn(raw);
  }
  return out;
}
