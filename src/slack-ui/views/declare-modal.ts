import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { TEXT_MAX, TITLE_MAX } from '../../core/clean-text.js';
import { truncateText } from '../../core/mrkdwn.js';
import { VIEWS, INPUTS } from '../ids.js';
import { DEFAULT_SEVERITY, SEVERITIES } from '../../core/severity.js';
import { plainText } from '../blocks/plain-text.js';
import { severityEmoji } from '../blocks/severity-emoji.js';
import { SLACK_LIMITS } from '../blocks/slack-limits.js';
import { privateCheckbox } from '../blocks/private-checkbox.js';
import { typeSelect, type TypeChoice } from '../blocks/type-select.js';

/**
 * The `/incident declare` modal. Action ids inside the input blocks equal the block ids, so the
 * submission reads `values[INPUTS.x][INPUTS.x]`. private_metadata is `{"channelId":"C…"}` when the
 * command came from a channel. Service option values are the configured names, which round-trip
 * exactly; names longer than an option value may be (150) cannot be offered and are left out.
 */
export function declareModal(input: { services: readonly string[]; initialTitle?: string; channelId?: string; private?: boolean; types?: readonly TypeChoice[] }): ModalView {
  const severityOptions = SEVERITIES.map((s): PlainTextOption => ({ text: plainText(`${severityEmoji(s)} ${s}`, SLACK_LIMITS.optionText), value: s }));
  const initialSeverity = severityOptions[SEVERITIES.indexOf(DEFAULT_SEVERITY)];
  const serviceOptions = input.services
    .filter((s) => s.length > 0 && s.length <= SLACK_LIMITS.optionValue)
    .slice(0, SLACK_LIMITS.selectOptions)
    .map((s): PlainTextOption => ({ text: plainText(s, SLACK_LIMITS.optionText), value: s }));

  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: INPUTS.title,
      label: plainText('Title', 50),
      element: {
        type: 'plain_text_input',
        action_id: INPUTS.title,
        max_length: TITLE_MAX,
        placeholder: plainText('What is broken, for whom?', SLACK_LIMITS.placeholder),
        // An input value is shown as typed, never parsed as mrkdwn; escaping it would come back as "&lt;" on submit.
        ...(input.initialTitle ? { initial_value: truncateText(input.initialTitle, TITLE_MAX) } : {}),
      },
    },
    {
      type: 'input',
      block_id: INPUTS.severity,
      label: plainText('Severity', 50),
      element: {
        type: 'static_select',
        action_id: INPUTS.severity,
        options: severityOptions,
        ...(initialSeverity ? { initial_option: initialSeverity } : {}),
      },
    },
  ];
  const type = typeSelect(input.types ?? []);
  if (type !== null) blocks.push(type);
  if (serviceOptions.length > 0) {
    const services: InputBlock = {
      type: 'input',
      block_id: INPUTS.services,
      label: plainText('Services', 50),
      optional: true,
      element: { type: 'multi_static_select', action_id: INPUTS.services, placeholder: plainText('Affected services', SLACK_LIMITS.placeholder), options: serviceOptions },
    };
    blocks.push(services);
  }
  blocks.push({
    type: 'input',
    block_id: INPUTS.description,
    label: plainText('Description', 50),
    optional: true,
    element: { type: 'plain_text_input', action_id: INPUTS.description, multiline: true, max_length: TEXT_MAX },
  });
  blocks.push(privateCheckbox(input.private === true));

  return {
    type: 'modal',
    callback_id: VIEWS.declare,
    title: plainText('Declare incident', SLACK_LIMITS.modalTitle),
    submit: plainText('Declare', SLACK_LIMITS.modalTitle),
    close: plainText('Cancel', SLACK_LIMITS.modalTitle),
    blocks,
    ...(input.channelId !== undefined ? { private_metadata: JSON.stringify({ channelId: input.channelId }) } : {}),
  };
}
