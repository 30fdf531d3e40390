import type { KnownBlock } from '@slack/types';
import type { Incident } from '../../core/incident.js';
import { escapeMrkdwn } from '../../core/mrkdwn.js';
import { ACTIONS } from '../ids.js';
import { slackDate } from '../blocks/slack-date.js';
import { userMention } from '../blocks/user-mention.js';

/** "A stakeholder update is due": to the commander and the comms lead, with a button to write it. */
export function updateReminderMessage(input: { incident: Incident; cadenceMinutes: number; dueAt: Date }): { text: string; blocks: KnownBlock[] } {
  const { incident } = input;
  const people = [userMention(incident.roles.commander), userMention(incident.roles.comms)].filter((m): m is string => m !== null);
  const who = people.length > 0 ? `${[...new Set(people)].join(' ')} ` : '';
  const line = `:alarm_clock: ${who}A stakeholder update on ${escapeMrkdwn(incident.ref)} was due at ${slackDate(input.dueAt, 'time')} (every ${input.cadenceMinutes} min for ${incident.severity}).`;
  return {
    text: line,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: line },
        accessory: { type: 'button', action_id: ACTIONS.postUpdate, style: 'primary', text: { type: 'plain_text', text: 'Write update' }, value: incident.ref },
      },
    ],
  };
}
