import type { KnownBlock } from '@slack/types';
import type { Incident } from '../../core/incident.js';
import { escapeMrkdwn } from '../../core/mrkdwn.js';
import { formatDuration } from '../../core/postmortem-text.js';
import { scopeHeadline } from '../../core/scope.js';
import { escapeWithin } from '../blocks/escape-within.js';
import { joinWithin } from '../blocks/join-within.js';
import { oneLine } from '../blocks/one-line.js';
import { userMention } from '../blocks/user-mention.js';

const hhmm = (at: Date): string => `${at.toISOString().slice(11, 16)} UTC`;

/**
 * "Resolved", in every stakeholder channel and the incident channel: how long it lasted and what it
 * affected, as last measured (the scope the incident keeps), so nobody has to read the room to know.
 */
export function resolutionMessage(input: { incident: Incident }): { text: string; blocks: KnownBlock[] } {
  const { incident } = input;
  const drill = incident.drill ? '[DRILL] ' : '';
  const title = escapeWithin(oneLine(incident.title), 500);
  const resolvedAt = incident.resolvedAt ?? incident.updatedAt;
  const lasted = `Lasted ${formatDuration(resolvedAt.getTime() - incident.createdAt.getTime())} (declared ${hhmm(incident.createdAt)}, resolved ${hhmm(resolvedAt)}).`;
  const services = incident.services.map((s) => escapeWithin(oneLine(s), 100));
  const impact = [
    `Impact: ${incident.scope ? escapeWithin(scopeHeadline(incident.scope), 600) : 'not measured'}`,
    ...(services.length > 0 ? [`Services: ${joinWithin(services, ', ', 500, (n) => `+${n} more`)}`] : []),
  ].join(' · ');
  const commander = userMention(incident.roles.commander);
  return {
    text: `:white_check_mark: ${drill}${escapeMrkdwn(incident.ref)} resolved: ${title}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `:white_check_mark: ${drill}*${escapeMrkdwn(incident.ref)} resolved* (${incident.severity}): ${title}\n${lasted}\n${impact}` } },
      ...(commander ? [{ type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: `Commander: ${commander}` }] }] : []),
    ],
  };
}
