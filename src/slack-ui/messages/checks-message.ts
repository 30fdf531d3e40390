import type { KnownBlock } from '@slack/types';
import { checkMeasuredNote, type CheckResult } from '../../core/check-result.js';
import type { Incident } from '../../core/incident.js';
import { escapeMrkdwn } from '../../core/mrkdwn.js';
import { escapeWithin } from '../blocks/escape-within.js';
import { joinWithin } from '../blocks/join-within.js';
import { SLACK_LIMITS } from '../blocks/slack-limits.js';

/** The hypothesis checks as one checklist: what holds, what does not, what could not run. */
export function checksMessage(input: { incident: Incident; results: readonly CheckResult[] }): { text: string; blocks: KnownBlock[] } {
  // Which services the checks ran for: said once when every check ran for the same ones, else per line.
  const notes = input.results.map((r) => checkMeasuredNote(r.measured));
  const shared = notes.every((n) => n === notes[0]) ? (notes[0] ?? null) : undefined;
  const suffix = (i: number) => {
    const note = shared === undefined ? notes[i] : null;
    return note ? ` — _${escapeWithin(note, 300)}_` : '';
  };
  const line = (r: CheckResult, i: number) => {
    const name = escapeWithin(r.name, 150);
    if (r.holds === null) return `:grey_question: ${name}: could not run (${escapeWithin(r.error ?? 'error', 200)})${suffix(i)}`;
    return r.holds ? `:red_circle: ${name}: *yes*${r.value !== null ? ` (${r.value})` : ''}${suffix(i)}` : `:white_check_mark: ${name}: no${suffix(i)}`;
  };
  const ranFor = shared ? `\nRan ${escapeWithin(shared, 300)}.` : '';
  const heading = `:mag: *Hypothesis checks for ${escapeMrkdwn(input.incident.ref)}*${ranFor}`;
  // Whole lines only: a cut line could end inside an entity (`&am`) or a mention.
  const lines = joinWithin(input.results.map(line), '\n', SLACK_LIMITS.sectionText - heading.length - 1, (n) => `…and ${n} more`);
  return {
    text: `Hypothesis checks for ${escapeMrkdwn(input.incident.ref)}`,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `${heading}\n${lines}` } }],
  };
}
