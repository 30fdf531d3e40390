import type { KnownBlock } from '@slack/types';
import type { FollowUp } from '../../core/followup.js';
import { escapeMrkdwn } from '../../core/mrkdwn.js';
import { escapeWithin } from '../blocks/escape-within.js';
import { plainText } from '../blocks/plain-text.js';
import { SLACK_LIMITS } from '../blocks/slack-limits.js';
import { trackerLink } from '../blocks/tracker-link.js';
import { userMention } from '../blocks/user-mention.js';
import { ACTIONS } from '../ids.js';

/** Follow-ups shown at most: one section each, under a message's 50 blocks with room for the head and the rest. */
export const FOLLOW_UPS_SHOWN_MAX = 40;
// Each title is cut to this many characters once escaped, so the shown ones stay under the message's total text.
const TITLE_SHOWN_MAX = 180;
// A title and its tracker link share this: a long link shortens the title shown, never the message's total.
const TITLE_AND_LINK_MAX = 260;

function line(f: FollowUp): string {
  const owner = f.owner === null ? 'no owner' : (userMention(f.owner) ?? 'no owner');
  const due = f.dueDate === null ? '' : ` · due ${f.dueDate}`;
  const link = trackerLink(f);
  return `*${escapeWithin(f.title, Math.min(TITLE_SHOWN_MAX, TITLE_AND_LINK_MAX - link.length))}*\n${owner}${due}${link}`;
}

/**
 * The ephemeral `/incident followups` answer: each open follow-up with its owner (a mention) and a
 * "Done" button. Any number fits one message: past FOLLOW_UPS_SHOWN_MAX the rest is counted ("and N more").
 */
export function followUpsMessage(ref: string, open: readonly FollowUp[]): { text: string; blocks: KnownBlock[] } {
  const head = open.length === 0 ? `No open follow-ups in *${escapeMrkdwn(ref)}*. Add one with \`/incident followup <text> [@owner]\`.` : `*Open follow-ups of ${escapeMrkdwn(ref)}* (${open.length})`;
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: head } }];
  for (const f of open.slice(0, FOLLOW_UPS_SHOWN_MAX)) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: line(f) },
      accessory: { type: 'button', action_id: ACTIONS.completeFollowUp, text: plainText('Done', SLACK_LIMITS.buttonText), value: String(f.id) },
    });
  }
  const more = open.length - FOLLOW_UPS_SHOWN_MAX;
  if (more > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `and ${more} more (oldest shown first; all in the postmortem and \`GET /api/incidents/${escapeMrkdwn(ref)}/followups\`)` }] });
  return { text: escapeWithin(`${ref}: ${open.length} open follow-up${open.length === 1 ? '' : 's'}`, SLACK_LIMITS.fallbackText), blocks };
}
