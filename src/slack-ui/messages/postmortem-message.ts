import type { KnownBlock } from '@slack/types';
import type { Incident } from '../../core/incident.js';
import { escapeMrkdwn } from '../../core/mrkdwn.js';
import type { MessagePart } from '../../core/room-message.js';
import { SLACK_LIMITS } from '../blocks/slack-limits.js';

/**
 * The postmortem draft (or one part of it) in a `markdown` block: the very text of the API and the
 * CLI. A payload takes 12 000 characters of markdown in all, so a longer draft is posted in parts
 * (postmortemParts); a part that is still too long is cut, never refused.
 */
export function postmortemMessage(input: { incident: Incident; markdown: string; part?: MessagePart }): { text: string; blocks: KnownBlock[] } {
  const { part } = input;
  const continued = part && part.of > 1 ? ` (part ${part.index} of ${part.of})` : '';
  const max = SLACK_LIMITS.markdownTotal;
  const text = input.markdown.length > max ? `${input.markdown.slice(0, max - 1)}…` : input.markdown;
  return {
    text: `Postmortem draft for ${escapeMrkdwn(input.incident.ref)}${continued}`,
    blocks: text.length > 0 ? [{ type: 'markdown', text } as unknown as KnownBlock] : [],
  };
}

/** The draft cut at line ends into parts of at most 12 000 characters (a longer line is cut with "…"). */
export function postmortemChunks(markdown: string): string[] {
  const max = SLACK_LIMITS.markdownTotal;
  const chunks: string[] = [];
  let current: string | null = null;
  for (const raw of markdown.split('\n')) {
    const line = raw.length > max ? `${raw.slice(0, max - 1)}…` : raw;
    if (current !== null && current.length + 1 + line.length > max) {
      chunks.push(current);
      current = null;
    }
    current = current === null ? line : `${current}\n${line}`;
  }
  if (current !== null) chunks.push(current);
  return chunks;
}
