import type { KnownBlock } from '@slack/types';
import type { Incident } from '../../core/incident.js';
import { escapeMrkdwn } from '../../core/mrkdwn.js';
import { ACTIONS } from '../ids.js';
import { scopeHeadline, scopeMeasuredNote, type Scope } from '../../core/scope.js';
import type { Severity } from '../../core/severity.js';
import { escapeWithin } from '../blocks/escape-within.js';
import { slackDate } from '../blocks/slack-date.js';

const percent = (ratio: number) => `${(ratio * 100).toFixed(1)} %`;
const LISTED = 10;

/**
 * The scope card: regional or global, which regions and services, what share is failing; updated
 * in place on every refresh. A higher severity is only suggested, with a button, never applied.
 */
export function scopeCardMessage(input: { incident: Incident; scope: Scope; reason: string | null; suggestion: Severity | null }): { text: string; blocks: KnownBlock[] } {
  const { incident, scope } = input;
  const headline = input.reason ? `Scope unknown: ${input.reason}` : scopeHeadline(scope);
  // Each share is of that region's (service's) own requests, and says so.
  const list = (items: Scope['regions']) => items.slice(0, LISTED).map((r) => `• ${escapeWithin(r.name, 100)}: ${percent(r.failingRatio)} of its requests`).join('\n') || '—';
  const note = scopeMeasuredNote(scope);
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `:bar_chart: *Scope of ${escapeMrkdwn(incident.ref)}*\n${escapeWithin(headline, 2000)}${note === null ? '' : `\n${escapeWithin(note, 800)}`}` } },
  ];
  if (!input.reason && scope.classification !== 'unknown') {
    blocks.push({
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Regions*\n${list(scope.regions)}` },
        { type: 'mrkdwn', text: `*Services*\n${list(scope.services)}` },
      ],
    });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Measured from ${scope.source === 'prometheus' ? 'Prometheus' : 'Datadog'} at ${slackDate(new Date(scope.at), 'time')}; refreshed while the incident is open.` }] });
  if (input.suggestion) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', action_id: ACTIONS.changeSeverity, style: 'danger', text: { type: 'plain_text', text: `Raise to ${input.suggestion}` }, value: `${incident.ref}:${input.suggestion}` }],
    });
  }
  return { text: `Scope of ${escapeMrkdwn(incident.ref)}: ${escapeWithin(headline, 500)}`, blocks };
}
