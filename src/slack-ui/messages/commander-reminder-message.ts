import type { KnownBlock } from '@slack/types';
import type { Incident } from '../../core/incident.js';
import { escapeMrkdwn } from '../../core/mrkdwn.js';
import { ACTIONS } from '../ids.js';

/** "Nobody is in command": repeated every commanderReminderMinutes until someone claims it. */
export function commanderReminderMessage(input: { incident: Incident }): { text: string; blocks: KnownBlock[] } {
  const line = `:warning: ${escapeMrkdwn(input.incident.ref)} still has no incident commander. Whoever is leading the response, claim command.`;
  return {
    text: line,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: line },
        accessory: { type: 'button', action_id: ACTIONS.claimCommand, style: 'primary', text: { type: 'plain_text', text: 'Claim command' }, value: input.incident.ref },
      },
    ],
  };
}
