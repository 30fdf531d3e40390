import type { ModalView } from '@slack/types';
import { TEXT_MAX } from '../../core/clean-text.js';
import { escapeMrkdwn } from '../../core/mrkdwn.js';
import { INPUTS, VIEWS } from '../ids.js';
import { plainText } from '../blocks/plain-text.js';
import { privateMetadata } from '../blocks/private-metadata.js';
import { SLACK_LIMITS } from '../blocks/slack-limits.js';

/** "Add note" from the summary message: one multiline input; private_metadata is the incident ref. */
export function noteModal(ref: string): ModalView {
  return {
    type: 'modal',
    callback_id: VIEWS.note,
    private_metadata: privateMetadata(ref),
    title: plainText('Add note', SLACK_LIMITS.modalTitle),
    submit: plainText('Add', SLACK_LIMITS.modalTitle),
    close: plainText('Cancel', SLACK_LIMITS.modalTitle),
    blocks: [
      {
        type: 'input',
        block_id: INPUTS.note,
        label: plainText('Note', 50),
        element: { type: 'plain_text_input', action_id: INPUTS.note, multiline: true, max_length: TEXT_MAX },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Goes on the timeline of ${escapeMrkdwn(ref)}.` }] },
    ],
  };
}
