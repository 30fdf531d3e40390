import { escapeMrkdwn } from '../../core/mrkdwn.js';

const ELLIPSIS = '…';

/** What one UTF-16 unit weighs once escaped. */
const weight = (code: number): number => (code === 0x26 ? 5 : code === 0x3c || code === 0x3e ? 4 : 1);

/**
 * Escapes untrusted text for Slack and keeps the escaped result within `max` characters.
 * Slack counts the text as sent, entities included, and escaping can grow it fivefold (`&` →
 * `&amp;`), so the raw text is cut before escaping (an entity is never cut in half), at the
 * longest prefix whose escaped form and an ellipsis fit, and never inside a surrogate pair.
 */
export function escapeWithin(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  let budget = Math.floor(max) - ELLIPSIS.length;
  if (budget < 0) return '';
  let end = 0;
  while (end < text.length) {
    const w = weight(text.charCodeAt(end));
    if (w > budget) break;
    budget -= w;
    end++;
  }
  const code = text.charCodeAt(end - 1);
  if (end > 0 && code >= 0xd800 && code <= 0xdbff) end--;
  return escapeMrkdwn(text.slice(0, end)) + ELLIPSIS;
}
