import type { KnownBlock } from '@slack/types';
import type { PagingCheckLine } from '../../core/room-message.js';
import { escapeWithin } from '../blocks/escape-within.js';
import { oneLine } from '../blocks/one-line.js';
import { slackDate } from '../blocks/slack-date.js';

/** More providers than any configuration has; a bound so the section stays far inside 3000 characters. */
const LINES_SHOWN = 10;
const OUTCOME_WORDS: Record<PagingCheckLine['outcome'], string> = {
  acknowledged: 'acknowledged',
  timeout: 'not acknowledged in time',
  failed: 'failed',
};

function line(result: PagingCheckLine): string {
  const icon = result.outcome === 'acknowledged' ? ':white_check_mark:' : ':x:';
  const seconds = Number.isFinite(result.seconds) ? `${Math.max(0, result.seconds).toFixed(1)} s` : '';
  const error = result.error ? `: ${escapeWithin(oneLine(result.error), 200)}` : '';
  return `${icon} *${escapeWithin(oneLine(result.provider), 40)}* ${OUTCOME_WORDS[result.outcome]} (${seconds})${error}`;
}

/** A paging canary round that failed: which providers did not reach a person, and why, in the ops channel. */
export function pagingCheckFailedMessage(input: { at: Date; results: readonly PagingCheckLine[] }): { text: string; blocks: KnownBlock[] } {
  const failed = input.results.filter((r) => r.outcome !== 'acknowledged');
  const names = failed.slice(0, LINES_SHOWN).map((r) => escapeWithin(oneLine(r.provider), 40));
  const shown = input.results.slice(0, LINES_SHOWN).map(line);
  if (input.results.length > shown.length) shown.push(`…and ${input.results.length - shown.length} more`);
  const headline = `:rotating_light: Paging check failed for ${names.join(', ') || 'no provider'}`;
  return {
    text: `${headline}: a test page did not reach a person`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: [`*${headline}*`, ...shown].join('\n') } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Warroom paging check of ${slackDate(input.at)}; \`npx warroom paging-check\` runs it again.` }] },
    ],
  };
}
