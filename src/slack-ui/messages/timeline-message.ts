import type { KnownBlock } from '@slack/types';
import type { Incident } from '../../core/incident.js';
import type { TimelineEvent } from '../../core/timeline.js';
import { escapeWithin } from '../blocks/escape-within.js';
import { eventMrkdwn } from '../blocks/event-mrkdwn.js';
import { oneLine } from '../blocks/one-line.js';
import { plainText } from '../blocks/plain-text.js';
import { SLACK_LIMITS } from '../blocks/slack-limits.js';
import { timelineKindEmoji } from '../blocks/timeline-kind-emoji.js';
import { userMention } from '../blocks/user-mention.js';
import { utcParts } from '../blocks/utc-parts.js';

const TEXT_MAX = 500;
const ACTOR_MAX = 60;
/** What the event lines may use of the message, leaving room for the header and the "left out" note. */
const BUDGET = SLACK_LIMITS.messageTextTotal - 1000;
/** A day line (`*2026-11-23*` and its newline) may precede any event; reserve it for each one. */
const DAY_LINE = '*0000-00-00*\n'.length;

/**
 * The timeline as the channel sees it, oldest first (events come in the order they happened).
 * When it does not fit one message, the newest events are kept and a note says how many earlier
 * ones were left out. Times are UTC, the only zone so far.
 */
export function timelineMessage(input: { incident: Incident; events: readonly TimelineEvent[]; timeZone?: 'UTC' }): {
  text: string;
  blocks: KnownBlock[];
} {
  const { incident, events } = input;
  const kept: { date: string; line: string }[] = [];
  let used = 0;
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    if (!event) continue;
    const { date, time } = utcParts(event.at);
    const actor = userMention(event.actor) ?? `*${escapeWithin(oneLine(event.actor), ACTOR_MAX)}*`;
    const line = `\`${time}\` ${timelineKindEmoji(event.kind)} ${actor}: ${eventMrkdwn(event, TEXT_MAX)}`;
    const cost = DAY_LINE + line.length + 1;
    if (used + cost > BUDGET) break;
    used += cost;
    kept.push({ date, line });
  }
  kept.reverse();
  const left = events.length - kept.length;

  const blocks: KnownBlock[] = [{ type: 'header', text: plainText(`Timeline · ${incident.ref}: ${oneLine(incident.title)}`, SLACK_LIMITS.headerText) }];
  const note = left > 0 ? `${left} earlier ${left === 1 ? 'event' : 'events'} left out; the postmortem draft has them all. ` : '';
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${note}Times in UTC.` }] });

  let chunk: string[] = [];
  let chunkLength = 0;
  let day: string | null = null;
  const flush = (): void => {
    if (chunk.length > 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: chunk.join('\n') } });
    chunk = [];
    chunkLength = 0;
  };
  for (const { date, line } of kept) {
    const lines = date === day ? [line] : [`*${date}*`, line];
    day = date;
    const length = lines.reduce((n, l) => n + l.length + 1, 0);
    if (chunkLength + length > SLACK_LIMITS.sectionText) flush();
    chunk.push(...lines);
    chunkLength += length;
  }
  flush();
  if (events.length === 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: 'No events yet.' } });

  const count = `${events.length} ${events.length === 1 ? 'event' : 'events'}`;
  return { text: `Timeline of ${incident.ref}: ${count}`, blocks };
}
