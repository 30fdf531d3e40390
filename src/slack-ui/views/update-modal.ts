import type { ModalView } from '@slack/types';
import { TEXT_MAX } from '../../core/clean-text.js';
import { escapeMrkdwn } from '../../core/mrkdwn.js';
import { INPUTS, VIEWS } from '../ids.js';
import { plainText } from '../blocks/plain-text.js';
import { privateMetadata } from '../blocks/private-metadata.js';
import { SLACK_LIMITS } from '../blocks/slack-limits.js';

/** The stakeholder-update modal, pre-filled with a draft; private_metadata is the incident ref. */
export function updateModal(input: { ref: string; draft: string; stakeholderChannels: number }): ModalView {
  return {
    type: 'modal',
    callback_id: VIEWS.update,
    private_metadata: privateMetadata(input.ref),
    title: plainText('Stakeholder update', SLACK_LIMITS.modalTitle),
    submit: plainText('Send', SLACK_LIMITS.modalTitle),
    close: plainText('Cancel', SLACK_LIMITS.modalTitle),
    blocks: [
      {
        type: 'input',
        block_id: INPUTS.update,
        label: plainText('Update', 50),
        // initial_value is plain text that Slack never formats: the raw draft, not escaped.
        element: { type: 'plain_text_input', action_id: INPUTS.update, multiline: true, max_length: TEXT_MAX, initial_value: input.draft.slice(0, TEXT_MAX) },
      },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `Goes to ${input.stakeholderChannels} stakeholder channel(s) and the channel of ${escapeMrkdwn(input.ref)}, and on its timeline.` }],
      },
    ],
  };
}
