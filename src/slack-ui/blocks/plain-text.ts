import type { PlainTextElement } from '@slack/types';
import { escapeWithin } from './escape-within.js';

/**
 * A plain_text object. Slack decodes `&amp;`, `&lt;` and `&gt;` in every text object, so the text
 * is escaped here too: the same three characters, and no raw `<!channel>` in any payload we send.
 */
export function plainText(text: string, max: number): PlainTextElement {
  return { type: 'plain_text', text: escapeWithin(text, max), emoji: true };
}
