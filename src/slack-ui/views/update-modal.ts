import type { InputBlock, KnownBlock, ModalView } from '@slack/types';
import { TEXT_MAX } from '../../core/clean-text.js';
import { escapeMrkdwn } from '../../core/mrkdwn.js';
import type { NoteChoice } from '../../core/stakeholder-update.js';
import { INPUTS, VIEWS } from '../ids.js';
import { plainText } from '../blocks/plain-text.js';
import { privateMetadata } from '../blocks/private-metadata.js';
import { SLACK_LIMITS } from '../blocks/slack-limits.js';

/**
 * The stakeholder-update modal, pre-filled with the whole draft; private_metadata is the incident
 * ref. Internal notes are never in the draft: the commander may pick recent ones, added at the end.
 */
export function updateModal(input: { ref: string; draft: string; stakeholderChannels: number; notes?: readonly NoteChoice[] }): ModalView {
  const notes = (input.notes ?? []).slice(0, SLACK_LIMITS.selectOptions);
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
      ...(notes.length > 0 ? [notesPicker(notes)] : []),
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `Goes to ${input.stakeholderChannels} stakeholder channel(s) and the channel of ${escapeMrkdwn(input.ref)}, and on its timeline.` }],
      },
    ] satisfies KnownBlock[],
  };
}

/** Recent internal notes, newest first; those picked are added under "Notes" at the end of the update. */
function notesPicker(notes: readonly NoteChoice[]): InputBlock {
  return {
    type: 'input',
    block_id: INPUTS.updateNotes,
    optional: true,
    label: plainText('Add internal notes (only those you pick)', 50),
    element: {
      type: 'multi_static_select',
      action_id: INPUTS.updateNotes,
      placeholder: plainText('None', SLACK_LIMITS.placeholder),
      options: notes.map((n) => ({ text: plainText(`${n.at.toISOString().slice(11, 16)} ${n.text}`, SLACK_LIMITS.optionText), value: n.key.slice(0, SLACK_LIMITS.optionValue) })),
    },
  };
}
