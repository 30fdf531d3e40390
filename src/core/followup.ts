/**
 * Follow-ups (issue 20): the action items of an incident as records of their own, with an owner,
 * an optional due date and a status. The timeline is their history: a `followup_added` event
 * creates one and a `followup_done` event closes it; the stores keep the records in step with those
 * events in the same transaction, so every way in (a command, the modal, an `action:` note) writes
 * the same way.
 */
import { cleanTitle, codePointLength } from './clean-text.js';
import { personRef } from './people.js';
import { isSlackUserId } from './slack-user-id.js';
import type { TimelineEvent } from './timeline.js';

export const FOLLOW_UP_TITLE_MAX = 255;
export const FOLLOW_UP_STATUSES = ['open', 'done'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** Where a follow-up came from, kept for the record (a later step exports them to a tracker). */
export type FollowUpSource = 'command' | 'modal' | 'note' | 'api';

export interface FollowUp {
  readonly id: number;
  readonly incidentId: number;
  readonly title: string;
  /** A Slack user id, or null when nobody owns it yet. */
  readonly owner: string | null;
  /** The owner's name as captured when the follow-up was created; null when unknown. */
  readonly ownerName: string | null;
  /** A calendar day, `YYYY-MM-DD`, or null. */
  readonly dueDate: string | null;
  readonly status: FollowUpStatus;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly doneBy: string | null;
  readonly doneAt: Date | null;
  /** The issue tracker it was exported to (`github`, `jira`); null until a tracker is configured and it is exported. */
  readonly tracker: string | null;
  readonly trackerRef: string | null;
  readonly trackerUrl: string | null;
}

/** What a `followup_added` event records: everything the record is made of. */
export interface NewFollowUp {
  readonly title: string;
  readonly owner: string | null;
  readonly dueDate: string | null;
  readonly source: FollowUpSource;
}

/** One line of at most FOLLOW_UP_TITLE_MAX code points (longer text is cut with an ellipsis); null when empty. */
export function followUpTitle(input: string): string | null {
  const title = cleanTitle(input);
  if (title === '') return null;
  if (codePointLength(title) <= FOLLOW_UP_TITLE_MAX) return title;
  return `${[...title].slice(0, FOLLOW_UP_TITLE_MAX - 1).join('')}…`;
}

/** `YYYY-MM-DD` naming a real calendar day (Slack's datepicker sends this form). */
export function isDueDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
}

const ACTION_PREFIX = /^\s*action:\s*/i;

/** The follow-up a note asks for: a note starting with `action:` (any case), without the prefix; null otherwise. */
export function actionItemOf(noteText: string): string | null {
  if (!ACTION_PREFIX.test(noteText)) return null;
  return followUpTitle(noteText.replace(ACTION_PREFIX, ''));
}

/** The event that creates a follow-up. The owner is the event's `user`, so their name is captured with it. */
export function followUpAddedEvent(followUp: NewFollowUp, actor: string, at: Date): TimelineEvent {
  const owner = followUp.owner === null ? '' : `, owner ${personRef(followUp.owner)}`;
  const due = followUp.dueDate === null ? '' : `, due ${followUp.dueDate}`;
  return {
    at,
    kind: 'followup_added',
    actor,
    text: `Follow-up: ${followUp.title}${owner}${due}`,
    data: { title: followUp.title, user: followUp.owner, dueDate: followUp.dueDate, source: followUp.source },
  };
}

/** The event that marks a follow-up done; its actor is who did. */
export function followUpDoneEvent(followUp: Pick<FollowUp, 'id' | 'title'>, actor: string, at: Date): TimelineEvent {
  return { at, kind: 'followup_done', actor, text: `Follow-up done: ${followUp.title}`, data: { followUpId: followUp.id, title: followUp.title } };
}

/** How people name a tracker. */
const TRACKER_NAMES: Readonly<Record<string, string>> = { github: 'GitHub', jira: 'Jira' };
export const trackerDisplayName = (tracker: string): string => TRACKER_NAMES[tracker] ?? tracker;

/** Where a follow-up went in its tracker. */
export interface ExportedIssue {
  readonly tracker: string;
  readonly ref: string;
  readonly url: string;
}

/** The event that records a follow-up's issue in the tracker; the store saves the link with it. */
export function followUpExportedEvent(followUp: Pick<FollowUp, 'id' | 'title'>, issue: ExportedIssue, at: Date): TimelineEvent {
  return {
    at,
    kind: 'followup_exported',
    actor: 'warroom',
    text: `Follow-up exported to ${trackerDisplayName(issue.tracker)} as ${issue.ref}: ${followUp.title} (${issue.url})`,
    data: { followUpId: followUp.id, title: followUp.title, tracker: issue.tracker, ref: issue.ref, url: issue.url },
  };
}

/** The issue a `followup_exported` event records; null when it names none. */
export function trackerIssueOfExported(e: TimelineEvent): ExportedIssue | null {
  const { tracker, ref, url } = e.data;
  return typeof tracker === 'string' && typeof ref === 'string' && typeof url === 'string' ? { tracker, ref, url } : null;
}

/**
 * What the tracker's word on a follow-up's issue does to the follow-up: done there marks an open one
 * done; only a move from done to not done there reopens a done one. A Jira issue moved between two
 * not-done statuses (To Do → In Progress) is reported "not done" too, and must leave a follow-up
 * marked done in Slack alone.
 */
export function trackerReportEffect(followUp: Pick<FollowUp, 'status'>, report: { wasDone: boolean; done: boolean }): 'done' | 'reopen' | null {
  if (report.done) return followUp.status === 'open' ? 'done' : null;
  return report.wasDone && followUp.status === 'done' ? 'reopen' : null;
}

/**
 * The follow-up's issue was closed (done) or reopened in the tracker: the event names who did it
 * there, by the tracker's own name for them (not a Slack user), and the tracker is its actor.
 */
export function followUpTrackerStateEvent(followUp: Pick<FollowUp, 'id' | 'title'>, change: { tracker: string; done: boolean; by: string | null }, at: Date): TimelineEvent {
  const where = trackerDisplayName(change.tracker);
  const how = `${change.done ? 'closed' : 'reopened'} in ${where}${change.by === null ? '' : ` by ${change.by}`}`;
  return {
    at,
    kind: change.done ? 'followup_done' : 'followup_reopened',
    actor: change.tracker,
    text: `Follow-up ${change.done ? 'done' : 'reopened'}: ${followUp.title} (${how})`,
    data: { followUpId: followUp.id, title: followUp.title, tracker: change.tracker, by: change.by },
  };
}

/** The record a `followup_added` event creates (before the store gives it an id). */
export function followUpOfEvent(incidentId: number, e: TimelineEvent): Omit<FollowUp, 'id'> {
  const owner = typeof e.data['user'] === 'string' && isSlackUserId(e.data['user']) ? e.data['user'] : null;
  const due = e.data['dueDate'];
  return {
    incidentId,
    title: typeof e.data['title'] === 'string' ? e.data['title'] : e.text,
    owner,
    ownerName: owner === null ? null : (e.names?.[owner] ?? null),
    dueDate: typeof due === 'string' && isDueDate(due) ? due : null,
    status: 'open',
    createdBy: e.actor,
    createdAt: e.at,
    doneBy: null,
    doneAt: null,
    tracker: null,
    trackerRef: null,
    trackerUrl: null,
  };
}

/** The follow-up a `followup_done` event closes; null when the event names none. */
export function followUpIdOfDone(e: TimelineEvent): number | null {
  const id = e.data['followUpId'];
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : null;
}

/**
 * The idempotency marker a follow-up's tracker issue carries (issue 20): its id and when its export
 * was first tried, so a tracker that lists issues by time (GitHub) need look no further back than
 * that. The same on every attempt, since the first attempt's time is recorded.
 */
export function followUpMarker(followUpId: number, firstAttemptAt: Date): string {
  return `warroom-followup:${followUpId}:${firstAttemptAt.getTime()}`;
}

/** When the export a marker names was first tried; null when the text is not such a marker. */
export function followUpMarkerTime(marker: string): Date | null {
  const match = /^warroom-followup:\d+:(\d{1,15})$/.exec(marker);
  return match ? new Date(Number(match[1])) : null;
}
