/**
 * Slack's own escaping for untrusted text in mrkdwn (DESIGN §5). `&` goes first so that an
 * existing entity is escaped again ("&lt;" shows as "&lt;", not "<") and the `<` and `>` we add
 * cannot be undone; without `<` and `>` no `<!channel>`, `<@U…>` or `<url|label>` can be formed.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const ELLIPSIS = '…';

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/**
 * Cuts `text` to at most `max` UTF-16 code units (JavaScript's `length`, never below Slack's
 * character count), ellipsis included, without splitting a surrogate pair. Truncate before
 * escaping, so that an entity such as `&amp;` is never cut in half.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const limit = Math.floor(max);
  if (!(limit >= 1)) return '';
  let end = limit - ELLIPSIS.length;
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end--;
  return text.slice(0, end) + ELLIPSIS;
}
