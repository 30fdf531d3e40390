import type { KnownBlock } from '@slack/types';
import type { Incident } from '../../core/incident.js';
import { channelMention } from '../blocks/channel-mention.js';
import { escapeWithin } from '../blocks/escape-within.js';
import { listPage, moreNote, worstFirst } from '../blocks/list-page.js';
import { oneLine } from '../blocks/one-line.js';
import { roomGoneNote } from '../blocks/room-gone-note.js';
import { severityEmoji } from '../blocks/severity-emoji.js';

/** A title keeps its first 300 characters here: twenty of them stay well inside one message. */
const TITLE_MAX = 300;

/** The ephemeral `/incident list [--page N]` answer: one page of open incidents, worst first, and how to see the rest. */
export function incidentListMessage(input: { incidents: readonly Incident[]; page: number }): { text: string; blocks: KnownBlock[] } {
  if (input.incidents.length === 0) {
    const none = 'No open incidents. :sunny:';
    return { text: none, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: none } }] };
  }
  const listed = listPage(worstFirst(input.incidents.map((incident) => ({ incident }))), input.page);
  const total = input.incidents.length;
  const heading = `*Open incidents (${total})*${listed.pages > 1 ? ` · page ${listed.page} of ${listed.pages}` : ''}`;
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: heading } }];
  for (const { incident: i } of listed.items) {
    // Where the room is, or what became of it when it is gone (with the command that opens a new one).
    const place = roomGoneNote(i) ?? channelMention(i.channelId);
    const line = `${severityEmoji(i.severity)} *${i.ref}*${i.drill ? ' [DRILL]' : ''} ${i.severity} · ${i.status} · ${escapeWithin(oneLine(i.title), TITLE_MAX)}${place ? ` · ${place}` : ''}`;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: line } });
  }
  const more = moreNote(listed);
  if (more) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: more }] });
  // The notification names the refs of this page, which is what a reader looks for first.
  const refs = listed.items.map(({ incident }) => incident.ref).join(', ');
  return { text: `Open incidents: ${total}${listed.pages > 1 ? ` (page ${listed.page} of ${listed.pages})` : ''}: ${refs}`, blocks };
}
