import type { ModalView, PlainTextOption } from '@slack/types';
import { INPUTS, VIEWS } from '../ids.js';
import { isRole, ROLES, type Role } from '../../core/roles.js';
import { plainText } from '../blocks/plain-text.js';
import { privateMetadata } from '../blocks/private-metadata.js';
import { SLACK_LIMITS } from '../blocks/slack-limits.js';

const LABELS: Readonly<Record<Role, string>> = { commander: 'Incident commander', comms: 'Comms lead', scribe: 'Scribe', ops: 'Ops lead' };

/**
 * "Assign role" from the summary message: which role, and who; private_metadata is the incident ref.
 * `roles`: those of the incident's type (issue 21), its own (`security-lead`) shown by their name.
 */
export function roleModal(ref: string, roles: readonly string[] = ROLES): ModalView {
  const options = roles
    .slice(0, SLACK_LIMITS.selectOptions)
    .map((role): PlainTextOption => ({ text: plainText(isRole(role) ? LABELS[role] : role, SLACK_LIMITS.optionText), value: role.slice(0, SLACK_LIMITS.optionValue) }));
  return {
    type: 'modal',
    callback_id: VIEWS.role,
    private_metadata: privateMetadata(ref),
    title: plainText(`Assign role`, SLACK_LIMITS.modalTitle),
    submit: plainText('Assign', SLACK_LIMITS.modalTitle),
    close: plainText('Cancel', SLACK_LIMITS.modalTitle),
    blocks: [
      {
        type: 'input',
        block_id: INPUTS.role,
        label: plainText('Role', 50),
        element: { type: 'static_select', action_id: INPUTS.role, options, ...(options[0] ? { initial_option: options[0] } : {}) },
      },
      {
        type: 'input',
        block_id: INPUTS.user,
        label: plainText('Person', 50),
        element: { type: 'users_select', action_id: INPUTS.user, placeholder: plainText('Choose someone', SLACK_LIMITS.placeholder) },
      },
    ],
  };
}
