import { escapeMrkdwn } from '../../core/mrkdwn.js';
import { mention, peopleOf, splitPeople } from '../../core/people.js';
import type { TimelineEvent } from '../../core/timeline.js';
import { escapeWithin } from './escape-within.js';
import { oneLine } from './one-line.js';

/**
 * A timeline event's text as one line of mrkdwn within `max` characters: each person the event
 * names (`peopleOf`) as a mention, which Slack shows by name; everything else escaped, so a mention
 * typed into a note or an alert stays text. Cut with "…" like escapeWithin.
 */
export function eventMrkdwn(event: Pick<TimelineEvent, 'actor' | 'data' | 'text'>, max: number): string {
  const text = oneLine(event.text);
  const pieces = splitPeople(text, peopleOf(event));
  if (pieces.length === 1) return escapeWithin(text, max);
  let out = '';
  for (const [i, piece] of pieces.entries()) {
    const room = max - out.length;
    if ('text' in piece) {
      const escaped = escapeMrkdwn(piece.text);
      if (escaped.length > room) return out + escapeWithin(piece.text, room);
      out += escaped;
      continue;
    }
    const person = mention(piece.person);
    // Room for the "…" too when more follows: a mention is never cut in half.
    if (person.length + (i === pieces.length - 1 ? 0 : 1) > room) return room >= 1 ? `${out}…` : out;
    out += person;
  }
  return out;
}
