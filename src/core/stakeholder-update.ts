import type { Incident } from './incident.js';
import { scopeInPlainWords } from './scope.js';
import type { Status } from './status.js';
import type { TimelineEvent } from './timeline.js';

/** At most this many recent notes are offered to pick from (Block Kit allows 100 options in a select). */
export const PICKABLE_NOTES = 100;

/** What is being done, said plainly for people outside the room, by status. */
const DOING: Readonly<Record<Status, string>> = {
  investigating: 'the team is investigating the cause',
  identified: 'the cause is identified and the team is working on a fix',
  monitoring: 'a fix is in place and the team is watching that it holds',
  resolved: 'the incident is resolved',
};

export interface UpdateDraftInput {
  readonly incident: Incident;
  /** When the next update is due; null when the severity has no cadence. */
  readonly nextDueAt: Date | null;
}

/** An internal note the commander may add to an update: `key` names it in the modal and on submit. */
export interface NoteChoice {
  readonly key: string;
  readonly at: Date;
  readonly text: string;
}

/**
 * A plain-text draft of a stakeholder update, from the incident's state rather than its internal
 * timeline: what is affected (the measured scope, else the services), status and what is being done,
 * severity, the commander (a mention, which the Slack message renders) and when the next update
 * comes. Internal notes are never in it: the commander picks those (`withNotes`).
 */
export function draftStakeholderUpdate(input: UpdateDraftInput): string {
  const { incident } = input;
  const services = incident.services.join(', ');
  const affected = incident.scope ? scopeInPlainWords(incident.scope) : services ? `${services} (impact not measured yet)` : 'Not measured yet';
  const lines = [
    `${incident.ref} (${incident.severity}) — ${incident.title}`,
    `What is affected: ${affected}`,
    `Status: ${incident.status} — ${DOING[incident.status]}.`,
    `Severity: ${incident.severity}`,
    `Commander: ${incident.roles.commander ? `<@${incident.roles.commander}>` : 'not assigned yet'}`,
    incident.status === 'resolved' ? 'No further updates are planned.' : input.nextDueAt ? `Next update by ${hhmm(input.nextDueAt)} UTC.` : 'Next update when there is news.',
  ];
  return lines.join('\n');
}

/** The notes one may pick from: the most recent first, each with a key that survives new notes arriving. */
export function noteChoices(events: readonly TimelineEvent[]): NoteChoice[] {
  const seen = new Map<string, number>();
  const notes: NoteChoice[] = [];
  for (const e of events) {
    if (e.kind !== 'note_added') continue;
    const at = e.at.toISOString();
    const n = seen.get(at) ?? 0;
    seen.set(at, n + 1);
    notes.push({ key: `${at}#${n}`, at: e.at, text: oneLine(e.text) });
  }
  return notes.reverse().slice(0, PICKABLE_NOTES);
}

/** The update with the picked notes added at its end, oldest first. */
export function withNotes(text: string, picked: readonly NoteChoice[]): string {
  if (picked.length === 0) return text;
  const notes = [...picked].sort((a, b) => a.at.getTime() - b.at.getTime()).map((n) => `- ${hhmm(n.at)} UTC ${n.text}`);
  return `${text}\n\nNotes:\n${notes.join('\n')}`;
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
  return text.replace(/\s+/g, ' ').trim();
}
