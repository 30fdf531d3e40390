import type { FollowUp } from '../../core/followup.js';
import { escapeMrkdwn } from '../../core/mrkdwn.js';

/** Past this a tracker's URL is not linked (a message's section text has 3 000 characters for everything). */
const URL_SHOWN_MAX = 300;

/**
 * ` · <url|owner/repo#12>`: the follow-up's issue in its tracker, linked; '' before it is exported.
 * The URL comes from the tracker's answer: only an http(s) one without mrkdwn's delimiters is linked.
 */
export function trackerLink(f: Pick<FollowUp, 'trackerRef' | 'trackerUrl'>): string {
  if (f.trackerRef === null) return '';
  const ref = escapeMrkdwn(f.trackerRef.slice(0, 100));
  const url = f.trackerUrl;
  const linkable = url !== null && url.length <= URL_SHOWN_MAX && /^https?:\/\/[^\s<>|]+$/.test(url);
  return ` · ${linkable ? `<${url}|${ref}>` : ref}`;
}
