import type { KnownBlock } from '@slack/types';
import type { CheckResult } from '../../core/check-result.js';
import type { Incident } from '../../core/incident.js';
import { escapeMrkdwn } from '../../core/mrkdwn.js';
import { escapeWithin } from '../blocks/escape-within.js';
import { joinWithin } from '../blocks/join-within.js';
import { SLACK_LIMITS } from '../blocks/slack-limits.js';

/** The hypothesis checks as one checklist: what holds, what does not, what could not run. */
export function checksMessage(input: { incident: Incident; results: readonly CheckResult[] }): { text: string; blocks: KnownBlock[] } {
  const line = (r: CheckResult) => {
    const name = escapeWithin(r.name, 150);
    if (r.holds === null) return `:grey_question: ${name}: could not run (${escapeWithin(r.error ?? 'error', 200)})`;
    return r.holds ? `:red_circle: ${name}: *yes*${r.value !== null ? ` (${r.value})` : ''}` : `:white_check_mark: ${name}: no`;
  };
  const heading = `:mag: *Hypothesis checks for ${escapeMrkdwn(input.incident.ref)}*`;
  // Whole lines only: a cut line could end inside an entity (`&am`) or a mention.
  const lines = joinWithin(input.results.map(line), '\n', SLACK_LIMITS.sectionText - heading.length - 1, (n) => `…and ${n} more`);
  return {
    text: `Hypothesis checks for ${escapeMrkdwn(input.incident.ref)}`,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `${heading}\n${lines}` } }],
  };
}
