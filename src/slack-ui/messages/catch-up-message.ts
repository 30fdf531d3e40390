import type { KnownBlock } from '@slack/types';
import type { CatchUp, CatchUpChange } from '../../core/catch-up.js';
import { ROLES } from '../../core/roles.js';
import { scopeHeadline } from '../../core/scope.js';
import { escapeWithin } from '../blocks/escape-within.js';
import { joinWithin } from '../blocks/join-within.js';
import { oneLine } from '../blocks/one-line.js';
import { slackDate } from '../blocks/slack-date.js';
import { SLACK_LIMITS } from '../blocks/slack-limits.js';
import { userMention } from '../blocks/user-mention.js';

/** Eight lines at most, so the catch-up reads at a glance; each within its share of one section's text. */
export const CATCH_UP_MAX_LINES = 8;
const LINE_MAX = Math.floor((SLACK_LIMITS.sectionText - CATCH_UP_MAX_LINES) / CATCH_UP_MAX_LINES);
const TITLE_MAX = 150;

const percent = (ratio: number): string => `${(ratio * 100).toFixed(1)}%`;
const person = (id: string): string => userMention(id) ?? escapeWithin(id, 40);
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/**
 * `A → B (10:05) → C (10:20)`: the latest changes that fit in `max`, the earlier ones counted, so
 * thousands of changes still make one line that ends with the state now.
 */
function changesLine(from: string | null, changes: readonly CatchUpChange<string>[], max: number): string {
  const start = from === null ? '' : `${escapeWithin(from, 20)} `;
  const kept: string[] = [];
  let length = start.length;
  // From the newest back, rendering only what fits: a line holds a handful of thousands.
  for (let i = changes.length - 1; i >= 0; i--) {
    const change = changes[i];
    if (change === undefined) break;
    const step = `→ ${escapeWithin(change.to, 20)} (${slackDate(change.at, 'time')})`;
    const earlier = i > 0 ? `(${i} earlier) `.length : 0;
    if (length + step.length + 1 + earlier > max) break;
    kept.unshift(step);
    length += step.length + 1;
  }
  const hidden = changes.length - kept.length;
  return `${hidden > 0 ? `(${hidden} earlier) ` : start}${kept.join(' ')}`.trim();
}

function headerLine(c: CatchUp): string {
  const { incident } = c;
  const title = escapeWithin(oneLine(incident.title), TITLE_MAX);
  return `:rewind: *Catch-up · ${incident.ref}*: ${title} · started ${slackDate(c.startedAt)} · now *${incident.severity}*, *${incident.status}*`;
}

function scopeLine(c: CatchUp): string {
  if (c.scopeNow === null && c.scopePeak === null) return '*Scope* not measured yet';
  const now = c.scopeNow === null ? 'not measured' : escapeWithin(oneLine(scopeHeadline(c.scopeNow)), LINE_MAX - 120);
  const peak = c.scopePeak === null ? '' : `; peak ${percent(c.scopePeak.ratio)} failing (${slackDate(c.scopePeak.at)}, ${escapeWithin(c.scopePeak.classification, 20)})`;
  return `*Scope* now: ${now}${peak}`;
}

function rolesLine(c: CatchUp): string {
  return `*Roles* ${ROLES.map((role) => {
    const holder = c.incident.roles[role];
    return `${role} ${holder === null ? '_nobody_' : person(holder)}`;
  }).join(', ')}`;
}

function updatesLine(c: CatchUp): string {
  const due = c.nextUpdateDue === null ? '' : `; next due ${slackDate(c.nextUpdateDue)}`;
  if (c.lastUpdate === null) return `*Stakeholder updates* none sent yet${due}`;
  return `*Stakeholder updates* last sent ${slackDate(c.lastUpdate.at, 'ago')} by ${person(c.lastUpdate.by)}${due}`;
}

function followUpsLine(c: CatchUp): string {
  const head = `*Open follow-ups* (${c.followUps.length}): `;
  if (c.followUps.length === 0) return '*Open follow-ups* none (`/incident followup`, or a note starting with "action:")';
  // Each shown item takes at least two characters and a separator: escape no more than can fit.
  const shown = c.followUps.slice(0, LINE_MAX).map((item) => escapeWithin(oneLine(item), 100));
  return head + joinWithin(shown, ' · ', LINE_MAX - head.length, (n) => `+${n} more`, c.followUps.length - shown.length);
}

function sinceLine(since: NonNullable<CatchUp['since']>): string {
  return `*Since you joined* (${slackDate(since.at)}): ${plural(since.entries, 'timeline entry', 'timeline entries')}, ${plural(since.changes, 'severity or status change')}`;
}

/** The catch-up's lines, at most eight, each within its share of a section's 3000 characters. */
export function catchUpLines(c: CatchUp): string[] {
  const lines = [
    headerLine(c),
    `*Severity* ${c.severity.changes.length === 0 ? `${c.incident.severity}, unchanged` : changesLine(c.severity.from, c.severity.changes, LINE_MAX - 12)}`,
    `*Status* ${c.status.changes.length === 0 ? `${c.incident.status}, unchanged` : changesLine(c.status.from, c.status.changes, LINE_MAX - 12)}`,
    scopeLine(c),
    rolesLine(c),
    updatesLine(c),
    followUpsLine(c),
    ...(c.since === null ? [] : [sinceLine(c.since)]),
  ];
  return lines.slice(0, CATCH_UP_MAX_LINES);
}

/** The ephemeral answer to `/incident catchup` and to a person joining the channel. */
export function catchUpMessage(c: CatchUp): { text: string; blocks: KnownBlock[] } {
  const text = catchUpLines(c).join('\n');
  return { text: `Catch-up on ${c.incident.ref}`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
