import type { KnownBlock } from '@slack/types';
import type { Incident } from '../../core/incident.js';
import { escapeMrkdwn } from '../../core/mrkdwn.js';
import type { TimelineEvent } from '../../core/timeline.js';
import { SLACK_LIMITS } from '../blocks/slack-limits.js';
import { utcParts } from '../blocks/utc-parts.js';
import { timelineLine } from './timeline-message.js';

/** Lines shown; the rest is counted (the whole timeline is one `/incident timeline` away). */
const MAX_LINES = 40;
/** A section's text stays under Slack's 3000 characters. */
const SECTION_MAX = 2900;
/** What the lines may use of the message's total block text, leaving room for the header and the "more" line. */
const LINES_BUDGET = SLACK_LIMITS.messageTextTotal - 1000;

/** "While Slack was unreachable (14:02–14:41 UTC): …": what people did meanwhile, once, in the incident channel. */
export function outageDigestMessage(input: { incident: Incident; from: Date; to: Date; events: readonly TimelineEvent[] }): { text: string; blocks: KnownBlock[] } {
  const head = `While Slack was unreachable (${utcParts(input.from).minute}–${utcParts(input.to).minute} UTC)`;
  const lines: string[] = [];
  let used = 0;
  for (const event of input.events.slice(0, MAX_LINES)) {
    const { line } = timelineLine(event);
    if (used + line.length + 1 > LINES_BUDGET) break;
    lines.push(line);
    used += line.length + 1;
  }
  const more = input.events.length - lines.length;
  if (more > 0) lines.push(`…and ${more} more: \`/incident timeline\` shows them all.`);
  const sections: string[] = [];
  for (const line of lines) {
    const last = sections.length - 1;
    if (last >= 0 && (sections[last] ?? '').length + line.length + 1 <= SECTION_MAX) sections[last] = `${sections[last] ?? ''}\n${line}`;
    else sections.push(line.slice(0, SECTION_MAX));
  }
  return {
    text: `${head}: ${input.events.length} ${input.events.length === 1 ? 'thing was' : 'things were'} done on ${escapeMrkdwn(input.incident.ref)} (in Warroom's fallback room)`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `:satellite_antenna: *${head}:* what was done on ${escapeMrkdwn(input.incident.ref)} in Warroom's fallback room` } },
      ...sections.map((text): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } })),
    ],
  };
}
