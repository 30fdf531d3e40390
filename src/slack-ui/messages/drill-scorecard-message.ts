import type { KnownBlock } from '@slack/types';
import { formatScoreTime, type DrillScorecard } from '../../core/drill-scorecard.js';
import type { Incident } from '../../core/incident.js';
import { escapeMrkdwn } from '../../core/mrkdwn.js';

/** The drill scorecard, one line per step; a step not reached is shown as such, never as 0. */
export function drillScorecardMessage(input: { incident: Incident; scorecard: DrillScorecard }): { text: string; blocks: KnownBlock[] } {
  const ref = escapeMrkdwn(input.incident.ref);
  const lines = input.scorecard.entries.map((e) => `${e.ms === null ? ':x:' : ':white_check_mark:'} ${e.label}: *${formatScoreTime(e.ms)}*`);
  return {
    text: `Drill scorecard for ${ref}: ${input.scorecard.entries.map((e) => `${e.label}: ${formatScoreTime(e.ms)}`).join('; ')}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: [`:stopwatch: *Drill scorecard for ${ref}*`, ...lines].join('\n') } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Measured from the declaration. This was a drill: it is left out of incident statistics.' }] },
    ],
  };
}
