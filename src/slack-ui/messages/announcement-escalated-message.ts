import type { KnownBlock } from '@slack/types';
import type { Incident } from '../../core/incident.js';
import type { Severity } from '../../core/severity.js';
import { escapeMrkdwn } from '../../core/mrkdwn.js';
import { severityEmoji } from '../blocks/severity-emoji.js';

/** The short line in a stakeholder announcement's thread when the incident is raised to a worse severity. */
export function announcementEscalatedMessage(input: { incident: Incident; from: Severity; to: Severity; at: Date }): { text: string; blocks: KnownBlock[] } {
  const { incident } = input;
  const drill = incident.drill ? '[DRILL] ' : '';
  const line = `${severityEmoji(input.to)} ${drill}${escapeMrkdwn(incident.ref)} raised to *${input.to}* (was ${input.from}) at ${input.at.toISOString().slice(11, 16)} UTC.`;
  return { text: line, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: line } }] };
}
