import type { InputBlock, PlainTextOption } from '@slack/types';
import { INPUTS } from '../ids.js';
import { plainText } from './plain-text.js';
import { SLACK_LIMITS } from './slack-limits.js';

/** What the declare modal needs of a configured incident type. */
export interface TypeChoice {
  readonly name: string;
  readonly description: string;
  readonly default: boolean;
}

/**
 * The declare modal's incident-type select (issue 21), offered only when there is a choice (more
 * than one type). The config allows at most 100 types, Slack's limit for a static_select; the slice
 * keeps the payload valid whatever a caller passes. Option values are the type names (slugs, ≤ 40).
 */
export function typeSelect(types: readonly TypeChoice[]): InputBlock | null {
  if (types.length < 2) return null;
  const options = types.slice(0, SLACK_LIMITS.selectOptions).map(
    (t): PlainTextOption => ({
      text: plainText(t.description === '' ? t.name : `${t.name}: ${t.description}`, SLACK_LIMITS.optionText),
      value: t.name.slice(0, SLACK_LIMITS.optionValue),
    }),
  );
  const initial = options[Math.max(0, types.findIndex((t) => t.default))];
  return {
    type: 'input',
    block_id: INPUTS.type,
    label: plainText('Type', 50),
    element: { type: 'static_select', action_id: INPUTS.type, options, ...(initial ? { initial_option: initial } : {}) },
  };
}
