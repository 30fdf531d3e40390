import type { FollowUp } from '../../core/followup.js';
import { escapeWithin } from './escape-within.js';

/** Past this a tracker's URL is not linked: 40 follow-ups, each with its link, share a message's 13 000 characters. */
const URL_SHOWN_MAX = 150;
const REF_SHOWN_MAX = 40;

/**
 * ` · <url|owner/repo#12>`: the follow-up's issue in its tracker, linked; '' before it is exported.
 * At most 200 characters.
 * The URL comes from the tracker's answer: only an http(s) one without mrkdwn's delimiters is linked.
 */
export function trackerLink(f: Pick<FollowUp, 'trackerRef' | 'trackerUrl'>): string {
  if (f.trackerRef === null) return '';
  const ref = escapeWithin(f.trackerRef, REF_SHOWN_MAX);
  const url = f.trackerUrl;
  const linkable = url !== null && url.length <= URL_SHOWN_MAX && /^https?:\/\/[^\s<>|]+$/.test(url);
  return ` · ${linkable ? `<${url}|${ref}>` : ref}`;
}
