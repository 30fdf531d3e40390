import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn } from '../../core/mrkdwn.js';
import type { StatusPageNotice } from '../../core/statuspage.js';
import { ACTIONS } from '../ids.js';
import { escapeWithin } from '../blocks/escape-within.js';
import { plainText } from '../blocks/plain-text.js';
import { safeLink } from '../blocks/safe-link.js';
import { userMention } from '../blocks/user-mention.js';

type Notice = StatusPageNotice & { readonly ref: string };

/** The public link as a link when it is one, else escaped text, else nothing. */
const linkOf = (url: string | null): string => (url === null ? '' : ` ${safeLink(url, 'Open the status page') ?? escapeWithin(url, 500)}`);

/**
 * What became of a status-page update, in the incident channel: published (with the public link) or
 * refused (Statuspage's reason, so someone can fix the key or the component map), or the offer to
 * resolve the status-page incident now that ours is resolved.
 */
export function statusPageNoticeMessage(notice: Notice): { text: string; blocks: KnownBlock[] } {
  const ref = escapeMrkdwn(notice.ref);
  const who = userMention(notice.by);
  const byWho = who === null ? '' : ` (sent by ${who})`;
  if (notice.outcome === 'resolve_offer') {
    const text = `:globe_with_meridians: ${ref} is resolved, but its status-page incident still shows it as open.${linkOf(notice.url)}`;
    return {
      text,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text } },
        { type: 'actions', elements: [{ type: 'button', action_id: ACTIONS.resolveStatusPage, value: notice.ref, style: 'primary', text: plainText('Resolve on the status page', 75) }] },
      ],
    };
  }
  const text =
    notice.outcome === 'sent'
      ? `:globe_with_meridians: Status page updated for ${ref}: *${escapeWithin(notice.status, 40)}*${byWho}.${linkOf(notice.url)}`
      : `:warning: Statuspage refused the status-page update of ${ref}${byWho}: ${escapeWithin(notice.error ?? 'no reason given', 1000)}. Nothing was published; check STATUSPAGE_API_KEY and \`statuspage.components\`.`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
