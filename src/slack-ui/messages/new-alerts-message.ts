import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn } from '../../core/mrkdwn.js';
import { escapeWithin } from '../blocks/escape-within.js';
import { oneLine } from '../blocks/one-line.js';

const TITLES_SHOWN = 10;

/** "N new alerts": at most one a minute per incident during a storm, instead of a message per alert. */
export function newAlertsMessage(input: { ref: string; count: number; titles: readonly string[] }): { text: string; blocks: KnownBlock[] } {
  const shown = input.titles.slice(0, TITLES_SHOWN);
  const count = Number.isFinite(input.count) && input.count > 0 ? Math.max(Math.floor(input.count), input.titles.length) : input.titles.length;
  const noun = count === 1 ? 'alert' : 'alerts';
  const ref = escapeMrkdwn(input.ref);
  const lines = shown.map((t) => `• ${escapeWithin(oneLine(t), 200)}`);
  if (count > shown.length) lines.push(`…and ${count - shown.length} more`);
  return {
    text: `:bell: ${count} new ${noun} in ${ref}`,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: [`:bell: *${count} new ${noun}* in ${ref}`, ...lines].join('\n') } }],
  };
}
