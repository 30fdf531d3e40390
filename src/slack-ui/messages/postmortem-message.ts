import type { KnownBlock } from '@slack/types';
import type { Incident } from '../../core/incident.js';
import { escapeMrkdwn } from '../../core/mrkdwn.js';

/** Slack's markdown block takes standard Markdown up to 12 000 characters. */
export const MARKDOWN_BLOCK_MAX = 12_000;

/**
 * The postmortem draft in a `markdown` block: the very text of the API and the CLI. A draft too
 * long for one block is posted in several, cut at line ends, so the text stays the same.
 */
export function postmortemMessage(input: { incident: Incident; markdown: string }): { text: string; blocks: KnownBlock[] } {
  const parts: string[] = [];
  let current = '';
  for (const line of input.markdown.split('\n')) {
    const next = current.length === 0 ? line : `${current}\n${line}`;
    if (next.length > MARKDOWN_BLOCK_MAX && current.length > 0) {
      parts.push(current);
      current = line.slice(0, MARKDOWN_BLOCK_MAX);
    } else current = next.slice(0, MARKDOWN_BLOCK_MAX);
  }
  if (current.length > 0) parts.push(current);
  return {
    text: `Postmortem draft for ${escapeMrkdwn(input.incident.ref)}`,
    blocks: parts.slice(0, 45).map((text) => ({ type: 'markdown', text }) as unknown as KnownBlock),
  };
}
