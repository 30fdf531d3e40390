import type { KnownBlock } from '@slack/types';
import { escapeWithin } from '../blocks/escape-within.js';
import { joinWithin } from '../blocks/join-within.js';
import { SLACK_LIMITS } from '../blocks/slack-limits.js';

const GROUPS = [
  { where: 'anywhere', title: 'Anywhere' },
  { where: 'incident channel', title: 'In an incident channel' },
] as const;

/**
 * The ephemeral `/incident help` answer: each command once, as typed (`usage` is the whole command
 * line, `/incident declare [title]`), with its one-line description. Usage strings contain `<…|…>`,
 * so they are escaped like everything else.
 */
export function helpMessage(subcommands: readonly { name: string; usage: string; where: 'anywhere' | 'incident channel'; description: string }[]): {
  text: string;
  blocks: KnownBlock[];
} {
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: '*`/incident` commands*' } }];
  for (const group of GROUPS) {
    const lines = subcommands
      .filter((c) => c.where === group.where)
      .map((c) => `\`${escapeWithin(c.usage, 200)}\` — ${escapeWithin(c.description, 300)}`);
    if (lines.length === 0) continue;
    const body = joinWithin(lines, '\n', SLACK_LIMITS.sectionText - group.title.length - 10, (n) => `…and ${n} more`);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${group.title}*\n${body}` } });
  }
  return { text: escapeWithin(`/incident commands: ${subcommands.map((c) => c.name).join(', ')}`, SLACK_LIMITS.fallbackText), blocks };
}
