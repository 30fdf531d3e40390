import type { SectionBlock } from '@slack/types';
import { ACTIONS } from '../ids.js';
import { escapeWithin } from './escape-within.js';
import { oneLine } from './one-line.js';
import { plainText } from './plain-text.js';
import { SLACK_LIMITS } from './slack-limits.js';

const LABEL_MAX = 200;

/**
 * The incident's call link as a line with a "Join the call" button. A button carries a URL of up
 * to 3 000 characters (a link in mrkdwn text would use up the section's text); a link that is no
 * http(s) URL within that is shown as text only, never dropped.
 */
export function callBlock(url: string, ref: string): SectionBlock {
  const label = escapeWithin(oneLine(hostAndPath(url)), LABEL_MAX);
  const text = { type: 'mrkdwn' as const, text: `:telephone_receiver: *Call:* ${label}` };
  if (url.length > SLACK_LIMITS.url || !/^https?:\/\//i.test(url)) return { type: 'section', text };
  return {
    type: 'section',
    text,
    accessory: { type: 'button', action_id: ACTIONS.joinCall, text: plainText('Join the call', SLACK_LIMITS.buttonText), url, value: ref },
  };
}

/** Host and path say which room it is; a query string (a meeting password) stays out of the text. */
function hostAndPath(url: string): string {
  try {
    const u = new URL(url);
    return u.host + (u.pathname === '/' ? '' : u.pathname);
  } catch {
    return url;
  }
}
