import type { ModalView } from '@slack/types';
import { FOLLOW_UP_TITLE_MAX } from '../../core/followup.js';
import { escapeMrkdwn } from '../../core/mrkdwn.js';
import { INPUTS, VIEWS } from '../ids.js';
import { plainText } from '../blocks/plain-text.js';
import { privateMetadata } from '../blocks/private-metadata.js';
import { SLACK_LIMITS } from '../blocks/slack-limits.js';

/** "Add follow-up" from the summary message: a title, an owner (optional) and a due date (optional); private_metadata is the incident ref. */
export function followUpModal(ref: string): ModalView {
  return {
    type: 'modal',
    callback_id: VIEWS.followUp,
    private_metadata: privateMetadata(ref),
    title: plainText('Add follow-up', SLACK_LIMITS.modalTitle),
    submit: plainText('Add', SLACK_LIMITS.modalTitle),
    close: plainText('Cancel', SLACK_LIMITS.modalTitle),
    blocks: [
      {
        type: 'input',
        block_id: INPUTS.followUpTitle,
        label: plainText('What needs doing', 50),
        element: { type: 'plain_text_input', action_id: INPUTS.followUpTitle, max_length: FOLLOW_UP_TITLE_MAX },
      },
      {
        type: 'input',
        block_id: INPUTS.followUpOwner,
        optional: true,
        label: plainText('Owner', 50),
        element: { type: 'users_select', action_id: INPUTS.followUpOwner, placeholder: plainText('Who will do it', SLACK_LIMITS.placeholder) },
      },
      {
        type: 'input',
        block_id: INPUTS.followUpDue,
        optional: true,
        label: plainText('Due date', 50),
        element: { type: 'datepicker', action_id: INPUTS.followUpDue, placeholder: plainText('Pick a day', SLACK_LIMITS.placeholder) },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `A follow-up of ${escapeMrkdwn(ref)}, listed by \`/incident followups\` and in the postmortem.` }] },
    ],
  };
}
