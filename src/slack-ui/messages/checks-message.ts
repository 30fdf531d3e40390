import type { KnownBlock } from '@slack/types';
import type { CheckResult } from '../../core/check-result.js';
import type { Incident } from '../../core/incident.js';
import { escapeMrkdwn } from '../../core/mrkdwn.js';
import { escapeWithin } from '../blocks/escape-within.js';

/** The hypothesis checks as one checklist: what holds, what does not, what could not run. */
export function checksMessage(input: { incident: Incident; results: readonly CheckResult[] }): { text: string; blocks: KnownBlock[] } {
  const line = (r: CheckResult) => {
    const name = escapeWithin(r.name, 150);
    if (r.holds === null) return `:grey_question: ${name}: could not run (${escapeWithin(r.error ?? 'error', 200)})`;
    return r.holds ? `:red_circle: ${name}: *yes*${r.value !== null ? ` (${r.value})` : ''}` : `:white_check_mark: ${name}: no`;
  };
  const lines = input.results.slice(0, 40).map(line);
  return {
    text: `Hypothesis checks for ${escapeMrkdwn(input.incident.ref)}`,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: [`:mag: *Hypothesis checks for ${escapeMrkdwn(input.incident.ref)}*`, ...lines].join('\n').slice(0, 2900) } }],
  };
}
