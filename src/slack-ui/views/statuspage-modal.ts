import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { escapeMrkdwn } from '../../core/mrkdwn.js';
import { COMPONENT_STATUSES, PUBLIC_BODY_MAX, PUBLIC_NAME_MAX, PUBLIC_STATUSES, type PublicComponent, type StatusPageUpdate } from '../../core/statuspage.js';
import { INPUTS, VIEWS } from '../ids.js';
import { plainText } from '../blocks/plain-text.js';
import { privateMetadata } from '../blocks/private-metadata.js';
import { SLACK_LIMITS } from '../blocks/slack-limits.js';

/** Title, status, message and the context line leave this many of a view's 100 blocks to the components. */
export const STATUSPAGE_MODAL_COMPONENTS_MAX = SLACK_LIMITS.viewBlocks - 5;

/** `degraded_performance` → "Degraded performance". */
const words = (value: string): string => `${value.charAt(0).toUpperCase()}${value.slice(1).replace(/_/g, ' ')}`;
const option = (value: string): PlainTextOption => ({ text: plainText(words(value), SLACK_LIMITS.optionText), value });

function componentSelect(component: PublicComponent): InputBlock {
  return {
    type: 'input',
    block_id: `${INPUTS.statusPageComponent}${component.componentId}`.slice(0, SLACK_LIMITS.id),
    label: plainText(`Status of ${component.services.join(', ')}`, 150),
    element: { type: 'static_select', action_id: INPUTS.statusPageComponent, options: COMPONENT_STATUSES.map(option), initial_option: option(component.status) },
  };
}

/**
 * The status-page modal, pre-filled with what customers would read (core/statuspage.ts): a public
 * title, the status, the message, and a status per affected component. Nothing is published until
 * the person presses Publish; private_metadata is the incident ref.
 */
export function statusPageModal(input: { ref: string; draft: StatusPageUpdate }): ModalView {
  const { draft } = input;
  const components = draft.components.slice(0, STATUSPAGE_MODAL_COMPONENTS_MAX);
  const left = draft.components.length - components.length;
  return {
    type: 'modal',
    callback_id: VIEWS.statusPage,
    private_metadata: privateMetadata(input.ref),
    title: plainText('Status page update', SLACK_LIMITS.modalTitle),
    submit: plainText('Publish', SLACK_LIMITS.modalTitle),
    close: plainText('Cancel', SLACK_LIMITS.modalTitle),
    blocks: [
      {
        type: 'input',
        block_id: INPUTS.statusPageName,
        label: plainText('Public title', 50),
        element: { type: 'plain_text_input', action_id: INPUTS.statusPageName, max_length: PUBLIC_NAME_MAX, initial_value: draft.name.slice(0, PUBLIC_NAME_MAX) },
      },
      {
        type: 'input',
        block_id: INPUTS.statusPageStatus,
        label: plainText('Status', 50),
        element: { type: 'static_select', action_id: INPUTS.statusPageStatus, options: PUBLIC_STATUSES.map(option), initial_option: option(draft.status) },
      },
      {
        type: 'input',
        block_id: INPUTS.statusPageBody,
        label: plainText('Message to customers', 50),
        element: { type: 'plain_text_input', action_id: INPUTS.statusPageBody, multiline: true, max_length: PUBLIC_BODY_MAX, initial_value: draft.body.slice(0, PUBLIC_BODY_MAX) },
      },
      ...components.map(componentSelect),
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `Published on the public status page when you press Publish, and recorded on the timeline of ${escapeMrkdwn(input.ref)}.${components.length === 0 ? ' No affected component: none of its services is in `statuspage.components`.' : ''}${left > 0 ? ` ${left} more component(s) keep their status.` : ''}`,
          },
        ],
      },
    ] satisfies KnownBlock[],
  };
}
