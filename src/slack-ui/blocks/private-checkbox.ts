import type { InputBlock, PlainTextOption } from '@slack/types';
import { INPUTS } from '../ids.js';
import { plainText } from './plain-text.js';

/** The option value the declare submission looks for among the checked boxes. */
export const PRIVATE_OPTION = 'private';

/** The declare modal's "Private" checkbox: a private channel, and the incident shown to its members only. */
export function privateCheckbox(checked: boolean): InputBlock {
  const option: PlainTextOption = {
    text: plainText('Private incident', 75),
    value: PRIVATE_OPTION,
    description: plainText('A private channel; only its members see the incident', 75),
  };
  return {
    type: 'input',
    block_id: INPUTS.private,
    label: plainText('Visibility', 50),
    optional: true,
    element: { type: 'checkboxes', action_id: INPUTS.private, options: [option], ...(checked ? { initial_options: [option] } : {}) },
  };
}
