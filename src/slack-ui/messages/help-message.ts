import type { KnownBlock } from '@slack/types';
import { escapeWithin } from '../blocks/escape-within.js';
import { joinWithin } from '../blocks/join-within.js';
import { SLACK_LIMITS } from '../blocks/slack-limits.js';

const GROUPS = [
  { where: 'anywhere', title: 'Anywhere' },
  { where: 'incident channel', title: 'In an incident channel' },
] as const;

/** The ephemeral `/incident help` answer. Usage strings contain `<…|…>`, so they are escaped like everything else. */
export function helpMessage(subcommands: readonly { usage: string; where: 'anywhere' | 'incident channel'; description: string }[]): {
  text: string;
  blocks: KnownBlock[];
} {
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: '*`/incident` commands*' } }];
  for (const group of GROUPS) {
    const lines = subcommands
      .filter((c) => c.where === group.where)
      .map((c) => `\`/incident ${escapeWithin(c.usage, 200)}\` — ${escapeWithin(c.description, 300)}`);
    if (lines.length === 0) continue;
    const body = joinWithin(lines, '\n', SLACK_LIMITS.sectionText - group.title.length - 10, (n) => `…and ${n} more`);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${group.title}*\n${body}` } });
  }
  const names = subcommands.map((c) => c.usage.split(' ')[0] ?? c.usage);
  return { text: escapeWithin(`/incident ${names.join(', ')}`, SLACK_LIMITS.fallbackText), blocks };
}
