import type { KnownBlock } from '@slack/types';
import type { Incident } from '../../core/incident.js';
import type { MessagePart } from '../../core/room-message.js';
import type { TimelineEvent } from '../../core/timeline.js';
import { escapeWithin } from '../blocks/escape-within.js';
import { eventMrkdwn } from '../blocks/event-mrkdwn.js';
import { oneLine } from '../blocks/one-line.js';
import { plainText } from '../blocks/plain-text.js';
import { SLACK_LIMITS } from '../blocks/slack-limits.js';
import { timelineKindEmoji } from '../blocks/timeline-kind-emoji.js';
import { userMention } from '../blocks/user-mention.js';
import { slackDate } from '../blocks/slack-date.js';
import { utcParts } from '../blocks/utc-parts.js';

const TEXT_MAX = 500;
const ACTOR_MAX = 60;
/** What the event lines may use of the message, leaving room for the header and the "left out" note. */
export const TIMELINE_BUDGET = SLACK_LIMITS.messageTextTotal - 1000;
/** A day line (`*<!date^…|2026-11-23 (UTC)>*` and its newline) may precede any event; reserve it for each one. */
const DAY_LINE = `*${slackDate(new Date('9999-12-31T23:59:59Z'), 'day')}*\n`.length;

/** One event as the channel reads it, with its day and what it costs of the message's budget. */
export function timelineLine(event: TimelineEvent): { date: string; line: string; cost: number } {
  const { date } = utcParts(event.at);
  const actor = userMention(event.actor) ?? `*${escapeWithin(oneLine(event.actor), ACTOR_MAX)}*`;
  const line = `${slackDate(event.at, 'timeSecs')} ${timelineKindEmoji(event.kind)} ${actor}: ${eventMrkdwn(event, TEXT_MAX)}`;
  return { date, line, cost: DAY_LINE + line.length + 1 };
}

/**
 * The timeline as the channel sees it, oldest first (events come in the order they happened).
 * When it does not fit one message, the newest events are kept and a note says how many earlier
 * ones were left out. Times show in each reader's own time zone (Slack's date formatting); events
 * are grouped by UTC day, each group headed by its first event's date.
 */
export function timelineMessage(input: { incident: Incident; events: readonly TimelineEvent[]; part?: MessagePart }): {
  text: string;
  blocks: KnownBlock[];
} {
  const { incident, events } = input;
  const kept: { date: string; at: Date; line: string }[] = [];
  let used = 0;
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    if (!event) continue;
    const { date, line, cost } = timelineLine(event);
    if (used + cost > TIMELINE_BUDGET) break;
    used += cost;
    kept.push({ date, at: event.at, line });
  }
  kept.reverse();
  const left = events.length - kept.length;

  const { part } = input;
  const continued = part && part.of > 1 ? ` (${part.index} of ${part.of})` : '';
  const blocks: KnownBlock[] = [{ type: 'header', text: plainText(`Timeline · ${incident.ref}${continued}: ${oneLine(incident.title)}`, SLACK_LIMITS.headerText) }];
  const note = left > 0 ? `${left} earlier ${left === 1 ? 'event' : 'events'} left out; the postmortem draft has them all. ` : '';
  const next = part && part.index < part.of ? ' Continued in the next message.' : '';
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${note}Times in your time zone.${next}` }] });

  let chunk: string[] = [];
  let chunkLength = 0;
  let day: string | null = null;
  const flush = (): void => {
    if (chunk.length > 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: chunk.join('\n') } });
    chunk = [];
    chunkLength = 0;
  };
  for (const { date, at, line } of kept) {
    const lines = date === day ? [line] : [`*${slackDate(at, 'day')}*`, line];
    day = date;
    const length = lines.reduce((n, l) => n + l.length + 1, 0);
    if (chunkLength + length > SLACK_LIMITS.sectionText) flush();
    chunk.push(...lines);
    chunkLength += length;
  }
  flush();
  if (events.length === 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: 'No events yet.' } });

  const count = `${events.length} ${events.length === 1 ? 'event' : 'events'}`;
  return { text: `Timeline of ${incident.ref}${continued}: ${count}`, blocks };
}
