import { escapeMrkdwn } from '../../core/mrkdwn.js';
import { escapeWithin } from './escape-within.js';

const MAX_URL = 1000;

/**
 * `<url|label>` for an http(s) URL, the label escaped; null when the URL is not one, so the caller
 * shows it as escaped text instead. The URL is re-serialised by the URL parser (which
 * percent-encodes spaces, quotes and angle brackets), `|` is encoded so it cannot end the URL
 * early, and `&` is escaped as Slack expects inside `<…>`.
 */
export function safeLink(url: string, label: string, maxLabel = 80): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  const href = escapeMrkdwn(parsed.href.replace(/\|/g, '%7C'));
  if (href.length > MAX_URL || /\s/.test(href)) return null;
  return `<${href}|${escapeWithin(label, maxLabel)}>`;
}
