import type { IncidentAlerts } from './alert.js';
import type { Incident } from './incident.js';
import type { TimelineEvent, TimelineKind } from './timeline.js';

/** What changed since the last update is drawn from these kinds (alerts are summarised by counts). */
const CHANGES: ReadonlySet<TimelineKind> = new Set(['status_changed', 'severity_changed', 'role_assigned', 'note_added', 'incident_resolved', 'incident_reopened', 'check_result', 'page_sent']);

export interface UpdateDraftInput {
  readonly incident: Incident;
  readonly alerts: IncidentAlerts;
  readonly scopeHeadline: string | null;
  /** Timeline events after the last stakeholder update (or since declaration). */
  readonly since: readonly TimelineEvent[];
  readonly lastUpdateAt: Date | null;
  /** When the next update is due; null when the severity has no cadence. */
  readonly nextDueAt: Date | null;
}

/**
 * A plain-text draft of a stakeholder update from what Warroom already knows. The commander edits
 * it in the modal before it is sent, so it states facts and leaves the judgement to them.
 */
export function draftStakeholderUpdate(input: UpdateDraftInput): string {
  const { incident, alerts } = input;
  const lines: string[] = [];
  lines.push(`${incident.ref} (${incident.severity}) — ${incident.title}`);
  lines.push(`Status: ${incident.status}${incident.services.length > 0 ? ` · Services: ${incident.services.join(', ')}` : ''}`);
  if (input.scopeHeadline) lines.push(`Scope: ${input.scopeHeadline}`);
  const total = alerts.counts.firing + alerts.counts.acknowledged + alerts.counts.resolved;
  if (total > 0) lines.push(`Alerts: ${alerts.counts.firing} firing, ${alerts.counts.acknowledged} acknowledged, ${alerts.counts.resolved} resolved`);
  const changes = input.since.filter((e) => CHANGES.has(e.kind)).slice(-8);
  lines.push('');
  lines.push(input.lastUpdateAt ? `Since the last update (${hhmm(input.lastUpdateAt)} UTC):` : 'So far:');
  if (changes.length === 0) lines.push('- No change; the team is still investigating.');
  for (const e of changes) lines.push(`- ${hhmm(e.at)} ${oneLine(e.text)}`);
  lines.push('');
  lines.push(input.nextDueAt && incident.status !== 'resolved' ? `Next update by ${hhmm(input.nextDueAt)} UTC.` : incident.status === 'resolved' ? 'This incident is resolved.' : 'Next update when there is news.');
  return lines.join('\n');
}

/** When the next update is due: the last one (or the declaration) plus the cadence; null without one. */
export function nextUpdateDue(lastUpdateOrDeclaredAt: Date, cadenceMinutes: number): Date | null {
  return cadenceMinutes > 0 ? new Date(lastUpdateOrDeclaredAt.getTime() + cadenceMinutes * 60_000) : null;
}

/**
 * The start of the overdue period `now` falls in, or null when nothing is due yet. One reminder
 * per period: the period start is the reminder's identity.
 */
export function overduePeriod(dueAt: Date | null, cadenceMinutes: number, now: Date): Date | null {
  if (dueAt === null || cadenceMinutes <= 0 || now < dueAt) return null;
  const period = cadenceMinutes * 60_000;
  const k = Math.floor((now.getTime() - dueAt.getTime()) / period);
  return new Date(dueAt.getTime() + k * period);
}

function hhmm(at: Date): string {
  return at.toISOString().slice(11, 16);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}
