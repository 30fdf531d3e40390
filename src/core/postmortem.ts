import { drillScorecard, scorecardLines } from './drill-scorecard.js';
import type { Incident } from './incident.js';
import type { FollowUp } from './followup.js';
import { shownTypeName } from './incident-type.js';
import { impact, keyTimes, responders } from './postmortem-facts.js';
import { impactSection, keyTimesSection } from './postmortem-measures.js';
import {
  blockSafe,
  cell,
  dateAndClockFormatter,
  displayActor,
  eventCell,
  formatTime,
  headingText,
  inline,
  isoTime,
  linkLabel,
  plural,
  safeUrl,
} from './postmortem-text.js';
import { namesIn, readableText, type PeopleNames } from './people.js';
import { statusPageSection } from './postmortem-status-page.js';
import { ROLES } from './roles.js';
import type { Scope } from './scope.js';
import type { TimelineEvent } from './timeline.js';

/** An alert of the incident, as the postmortem lists it. */
export interface PostmortemAlert {
  provider: string;
  key: string;
  title: string;
  status: 'firing' | 'acknowledged' | 'resolved';
  firstSeenAt: Date;
  lastSeenAt: Date;
  resolvedAt: Date | null;
  occurrences: number;
}

export interface PostmortemInput {
  incident: Incident;
  /** Oldest first. */
  events: readonly TimelineEvent[];
  alerts: readonly PostmortemAlert[];
  /** Oldest first; may be empty. */
  scopeSnapshots: readonly Scope[];
  charts?: readonly { title: string; url: string }[];
  /** The incident's follow-ups, oldest first: the action items. */
  followUps?: readonly FollowUp[];
}

const TO_WRITE = '_To be written._';

/**
 * The postmortem draft in Markdown, from the incident, its timeline, alerts and scope snapshots.
 * Pure and linear in the number of events: lines are collected in an array and joined once.
 * Every untrusted string stays on its own line or in its own table cell.
 */
export function renderPostmortem(input: PostmortemInput): string {
  const { incident, events } = input;
  const times = keyTimes(events);
  // People by the names captured when they acted (the latest capture of each); the mention form otherwise.
  const names = namesIn(events);
  const out: string[] = [];
  summary(out, incident, names);
  keyTimesSection(out, times);
  // Drills are scored: the same figures as the card posted when the drill resolved.
  if (incident.drill) out.push('## Drill scorecard', '', ...scorecardLines(drillScorecard(incident, events)).map((line) => `- ${line}`), '');
  impactSection(out, impact(input.scopeSnapshots), times.at.resolved);
  timelineSection(out, events, names);
  respondersSection(out, incident, events, names);
  alertsSection(out, input.alerts);
  checksSection(out, events);
  updatesSection(out, events, names);
  statusPageSection(out, events, names);
  if (input.charts && input.charts.length > 0) chartsSection(out, input.charts);
  for (const title of ['Contributing factors', 'What went well', 'What went badly']) out.push(`## ${title}`, '', TO_WRITE, '');
  actionItemsSection(out, input.followUps ?? [], names);
  return out.join('\n');
}

/** `; [owner/repo#12](url)`: where the follow-up is tracked; only an http(s) URL is linked (it comes from the tracker). */
function issueLink(f: FollowUp): string {
  if (f.trackerRef === null) return '';
  const linkable = f.trackerUrl !== null && /^https?:\/\/[^\s()<>]+$/.test(f.trackerUrl);
  return linkable ? `; [${inline(f.trackerRef)}](${f.trackerUrl})` : `; ${inline(f.trackerRef)}`;
}

/** The follow-ups as a checklist, each with its owner (by name), due date and status. */
function actionItemsSection(out: string[], followUps: readonly FollowUp[], names: PeopleNames): void {
  out.push('## Action items', '');
  if (followUps.length === 0) out.push('_None yet. Follow-ups (`/incident followup`, the summary\'s "Add follow-up", or a note starting with "action:") are listed here._');
  for (const f of followUps) {
    // The name captured with the follow-up, unless the timeline knows a later one.
    const owner = f.owner === null ? 'no owner' : `owner ${displayActor(f.owner, f.ownerName === null ? names : { [f.owner]: f.ownerName, ...names })}`;
    const due = f.dueDate === null ? '' : `, due ${f.dueDate}`;
    const status = f.status === 'done' ? `done${f.doneAt === null ? '' : ` ${formatTime(f.doneAt)}`}${f.doneBy === null ? '' : ` by ${displayActor(f.doneBy, names)}`}` : 'open';
    out.push(`- [${f.status === 'done' ? 'x' : ' '}] ${blockSafe(inline(f.title))} (${owner}${due}; ${status}${issueLink(f)})`);
  }
  out.push('');
}

function summary(out: string[], incident: Incident, names: PeopleNames): void {
  const services = incident.services.length > 0 ? incident.services.map(inline).join(', ') : 'none recorded';
  const affecting = incident.services.length > 0 ? `affecting ${services}` : 'with no service recorded';
  const state = incident.status === 'resolved' ? 'It is resolved.' : `It is still open (${incident.status}).`;
  const drill = incident.drill ? 'This was a drill, not a real outage.' : 'This was not a drill.';
  out.push(`# ${inline(incident.ref)}: ${headingText(incident.title)}`, '');
  out.push('_Draft written by Warroom from the incident timeline. Edit before sharing. Times are in UTC._', '');
  out.push('## Summary', '');
  out.push(`${inline(incident.ref)} is a ${incident.severity} incident ${affecting}. ${state} ${drill}`, '');
  out.push(`- Severity: ${incident.severity}`);
  out.push(`- Status: ${incident.status}`);
  out.push(`- Services: ${services}`);
  const type = shownTypeName(incident);
  if (type !== null) out.push(`- Type: ${inline(type)}`);
  out.push(`- Declared: ${isoTime(incident.createdAt)} by ${displayActor(incident.declaredBy, names)}`);
  if (incident.channelName !== null) out.push(`- Channel: #${inline(incident.channelName)}`);
  if (incident.description !== null && incident.description.trim() !== '') out.push(`- Description: ${inline(incident.description)}`);
  out.push('');
}

function timelineSection(out: string[], events: readonly TimelineEvent[], names: PeopleNames): void {
  out.push('## Timeline', '');
  if (events.length === 0) {
    out.push('No events recorded.', '');
    return;
  }
  out.push('| Date | Time (UTC) | Kind | Actor | Text | Link |', '|---|---|---|---|---|---|');
  const actors = new Map<string, string>();
  const dateAndClock = dateAndClockFormatter();
  for (const e of events) {
    let actor = actors.get(e.actor);
    if (actor === undefined) {
      actor = displayActor(e.actor, names).replace(/\|/g, '\\|');
      actors.set(e.actor, actor);
    }
    const [day, clock] = dateAndClock(e.at);
    const url = safeUrl(e.data['permalink']);
    out.push(`| ${day} | ${clock} | ${cell(e.kind)} | ${actor} | ${eventCell(e, names)} | ${url === null ? '' : `[permalink](${url})`} |`);
  }
  out.push('');
}

function respondersSection(out: string[], incident: Incident, events: readonly TimelineEvent[], names: PeopleNames): void {
  out.push('## Responders and roles', '');
  for (const role of ROLES) {
    const holder = incident.roles[role];
    out.push(`- ${role.charAt(0).toUpperCase()}${role.slice(1)}: ${holder === null ? 'unassigned' : displayActor(holder, names)}`);
  }
  out.push('', '### Who acted', '');
  const people = responders(events);
  if (people.length === 0) out.push('No Slack user appears on the timeline.');
  // A name starts the list item: escaped so that it cannot open a heading or a nested block.
  for (const { user, entries } of people) out.push(`- ${blockSafe(displayActor(user, names))}: ${plural(entries, 'timeline entry', 'timeline entries')}`);
  out.push('');
}

function alertsSection(out: string[], alerts: readonly PostmortemAlert[]): void {
  out.push('## Alerts', '');
  if (alerts.length === 0) {
    out.push('No alerts recorded.', '');
    return;
  }
  out.push('| Provider | Key | Title | Status | First seen | Last seen | Resolved | Occurrences |', '|---|---|---|---|---|---|---|---|');
  for (const a of alerts) {
    const resolved = a.resolvedAt === null ? 'not resolved' : formatTime(a.resolvedAt);
    const occurrences = Number.isFinite(a.occurrences) ? String(a.occurrences) : '?';
    out.push(`| ${cell(a.provider)} | ${cell(a.key)} | ${cell(a.title)} | ${cell(a.status)} | ${formatTime(a.firstSeenAt)} | ${formatTime(a.lastSeenAt)} | ${resolved} | ${occurrences} |`);
  }
  out.push('');
}

/** A `data` field shown as text: strings, numbers and booleans; anything else is left out. */
function field(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function checksSection(out: string[], events: readonly TimelineEvent[]): void {
  out.push('## Hypothesis checks', '');
  let any = false;
  for (const e of events) {
    if (e.kind !== 'check_result') continue;
    any = true;
    const name = field(e.data['name']);
    const outcome = field(e.data['outcome']);
    const text = e.text.trim() === '' ? null : e.text;
    const result = outcome === null ? (text ?? 'no result recorded') : text === null || text === outcome ? outcome : `${outcome} — ${text}`;
    out.push(`- ${formatTime(e.at)} — ${name === null ? '' : `${inline(name)}: `}${inline(result)}`);
  }
  if (!any) out.push('None ran.');
  out.push('');
}

function updatesSection(out: string[], events: readonly TimelineEvent[], names: PeopleNames): void {
  out.push('## Stakeholder updates', '');
  let any = false;
  for (const e of events) {
    if (e.kind !== 'stakeholder_update') continue;
    any = true;
    out.push(`- ${formatTime(e.at)} (${displayActor(e.actor, names)}): ${inline(readableText(e, names))}`);
  }
  if (!any) out.push('None posted.');
  out.push('');
}

function chartsSection(out: string[], charts: readonly { title: string; url: string }[]): void {
  out.push('## Charts', '');
  for (const chart of charts) {
    const url = safeUrl(chart.url);
    out.push(url === null ? `- ${blockSafe(inline(chart.title))} (link left out: not an http(s) URL)` : `- [${linkLabel(chart.title)}](${url})`);
  }
  out.push('');
}
