/**
 * What a person who arrives late needs to know, drawn from the incident's state, its timeline and
 * its scope snapshots, never generated text. Pure: slack-ui renders it in at most eight lines.
 */
import type { Incident } from './incident.js';
import type { FollowUp } from './followup.js';
import { impact, keyTimes } from './postmortem-facts.js';
import type { Scope } from './scope.js';
import type { Severity } from './severity.js';
import type { Status } from './status.js';
import { nextUpdateDue } from './stakeholder-update.js';
import type { TimelineEvent } from './timeline.js';

export interface CatchUpChange<T extends string> {
  readonly to: T;
  readonly at: Date;
}

export interface CatchUp {
  readonly incident: Incident;
  /** The first alert or the declaration, whichever came first (the postmortem's "started"). */
  readonly startedAt: Date;
  /** Every change, oldest first; the state before the first is `from`. */
  readonly severity: { readonly from: Severity | null; readonly changes: readonly CatchUpChange<Severity>[] };
  readonly status: { readonly from: Status | null; readonly changes: readonly CatchUpChange<Status>[] };
  /** The scope as last measured, and the worst overall failing share of all snapshots. */
  readonly scopeNow: Scope | null;
  readonly scopePeak: { readonly ratio: number; readonly at: Date; readonly classification: string } | null;
  readonly lastUpdate: { readonly at: Date; readonly by: string } | null;
  /** The last update (or the declaration) plus the severity's cadence; null without a cadence or once resolved. */
  readonly nextUpdateDue: Date | null;
  /** The titles of the follow-ups still open, oldest first. */
  readonly followUps: readonly string[];
  /** When the person first joined the channel and what happened after, if Warroom saw them join. */
  readonly since: { readonly at: Date; readonly entries: number; readonly changes: number } | null;
}

export interface CatchUpInput {
  readonly incident: Incident;
  readonly events: readonly TimelineEvent[];
  readonly scopeSnapshots: readonly Scope[];
  /** The Slack user the catch-up is for. */
  readonly person: string;
  readonly cadenceMinutes: number;
  /** The incident's follow-ups (open and done), oldest first. */
  readonly followUps: readonly FollowUp[];
}

const isChange = (e: TimelineEvent): boolean => e.kind === 'severity_changed' || e.kind === 'status_changed' || e.kind === 'incident_resolved' || e.kind === 'incident_reopened';

/** The status an event moved the incident to, if it is a status change. */
function statusTo(e: TimelineEvent): Status | null {
  if (e.kind === 'incident_resolved') return 'resolved';
  if (e.kind === 'incident_reopened' || e.kind === 'status_changed') return typeof e.data.to === 'string' ? (e.data.to as Status) : null;
  return null;
}

/** The time a person first joined, from the member_joined events recorded for them. */
export function firstJoin(events: readonly TimelineEvent[], person: string): Date | null {
  let first: Date | null = null;
  for (const e of events) if (e.kind === 'member_joined' && e.data.user === person && (first === null || e.at < first)) first = e.at;
  return first;
}

export function catchUp(input: CatchUpInput): CatchUp {
  const { incident, events } = input;
  const severities: CatchUpChange<Severity>[] = [];
  const statuses: CatchUpChange<Status>[] = [];
  let sevFrom: Severity | null = null;
  let statusFrom: Status | null = null;
  let lastUpdate: CatchUp['lastUpdate'] = null;
  for (const e of events) {
    if (e.kind === 'severity_changed' && typeof e.data.to === 'string') {
      if (severities.length === 0 && typeof e.data.from === 'string') sevFrom = e.data.from as Severity;
      severities.push({ to: e.data.to as Severity, at: e.at });
    }
    const to = statusTo(e);
    if (to !== null) {
      if (statuses.length === 0 && typeof e.data.from === 'string') statusFrom = e.data.from as Status;
      statuses.push({ to, at: e.at });
    }
    if (e.kind === 'stakeholder_update' && (lastUpdate === null || e.at >= lastUpdate.at)) lastUpdate = { at: e.at, by: e.actor };
  }
  const started = keyTimes(events).at.started;
  const peak = impact(input.scopeSnapshots).peak;
  const joined = firstJoin(events, input.person);
  const after = joined === null ? [] : events.filter((e) => e.at > joined && e.kind !== 'member_joined');
  return {
    incident,
    startedAt: started === null ? incident.createdAt : new Date(started),
    severity: { from: sevFrom, changes: severities },
    status: { from: statusFrom, changes: statuses },
    scopeNow: incident.scope ?? input.scopeSnapshots.at(-1) ?? null,
    scopePeak: peak === null ? null : { ratio: peak.ratio, at: new Date(peak.at), classification: peak.classification },
    lastUpdate,
    nextUpdateDue: incident.status === 'resolved' ? null : nextUpdateDue(lastUpdate?.at ?? incident.createdAt, input.cadenceMinutes),
    followUps: input.followUps.filter((f) => f.status === 'open').map((f) => f.title),
    since: joined === null ? null : { at: joined, entries: after.length, changes: after.filter(isChange).length },
  };
}
