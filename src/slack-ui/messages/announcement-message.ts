import type { KnownBlock } from '@slack/types';
import type { Incident } from '../../core/incident.js';
import { channelMention } from '../blocks/channel-mention.js';
import { escapeWithin } from '../blocks/escape-within.js';
import { joinWithin } from '../blocks/join-within.js';
import { oneLine } from '../blocks/one-line.js';
import { severityEmoji } from '../blocks/severity-emoji.js';
import { userMention } from '../blocks/user-mention.js';

/** Posted in stakeholder channels when an incident opens, then edited on every change: what, how bad, and where to follow it. */
export function announcementMessage(input: { incident: Incident; channelId: string | null; channelName: string | null }): {
  text: string;
  blocks: KnownBlock[];
} {
  const { incident } = input;
  const channel = channelMention(input.channelId) ?? (input.channelName ? `#${escapeWithin(oneLine(input.channelName), 80)}` : null);
  const drill = incident.drill ? ' [DRILL]' : '';
  // The announcement is kept current in place (refresh_announcements), so a resolved one must look resolved.
  const emoji = incident.status === 'resolved' ? ':white_check_mark:' : ':rotating_light:';
  const line = `${emoji}${drill} ${incident.ref} ${incident.severity}: ${escapeWithin(oneLine(incident.title), 500)}${channel ? ` — join ${channel}` : ''}`;

  const services = incident.services.map((s) => escapeWithin(oneLine(s), 100));
  const facts = [
    `${severityEmoji(incident.severity)} ${incident.severity}`,
    `Status: ${incident.status}`,
    `Commander: ${userMention(incident.roles.commander) ?? 'unassigned'}`,
    ...(services.length > 0 ? [`Services: ${joinWithin(services, ', ', 500, (n) => `+${n} more`)}`] : []),
  ];
  return {
    text: line,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: line } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: facts.join(' · ') }] },
    ],
  };
}
