import type { KnownBlock } from '@slack/types';
import type { Incident } from '../../core/incident.js';
import { escapeMrkdwn } from '../../core/mrkdwn.js';
import { escapeWithin } from '../blocks/escape-within.js';
import { severityEmoji } from '../blocks/severity-emoji.js';
import { slackDate } from '../blocks/slack-date.js';
import { statusEmoji } from '../blocks/status-emoji.js';
import { userMention } from '../blocks/user-mention.js';

/** A stakeholder update as posted in the stakeholder channels and the incident channel. */
export function stakeholderUpdateMessage(input: { incident: Incident; text: string; by: string; at: Date; delayed?: boolean }): { text: string; blocks: KnownBlock[] } {
  const { incident } = input;
  const ref = escapeMrkdwn(incident.ref);
  const title = escapeWithin(incident.title.replace(/\s+/g, ' '), 200);
  // `by` is a Slack user id in practice, but the builder holds Slack's limits for any input.
  const by = userMention(input.by) ?? escapeWithin(input.by.replace(/\s+/g, ' '), 200);
  // Stakeholders must never mistake a practice run for an outage.
  const drill = incident.drill ? '[DRILL] ' : '';
  return {
    text: `${drill}Update on ${ref} (${incident.severity}, ${incident.status}): ${title}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `:mega: ${drill}*Update on ${ref}* ${severityEmoji(incident.severity)} ${incident.severity} · ${statusEmoji(incident.status)} ${incident.status}\n*${title}*` } },
      { type: 'section', text: { type: 'mrkdwn', text: withCommanderMention(escapeWithin(input.text, 2900), incident.roles.commander) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Posted by ${by} at ${slackDate(input.at, 'time')}${input.delayed === true ? ' · :hourglass: delayed: written while Slack was unreachable' : ''}` }] },
    ],
  };
}

/**
 * The draft names the commander as `<@U…>`; the escaped text shows it as `&lt;@U…&gt;`. Only the
 * incident's actual commander is turned back into a mention (Warroom mentions role holders itself),
 * so typed text still cannot mention or notify anyone else.
 */
function withCommanderMention(escaped: string, commander: string | null): string {
  const mention = userMention(commander);
  return mention === null ? escaped : escaped.split(escapeMrkdwn(mention)).join(mention);
}
