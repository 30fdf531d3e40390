import type { Incident } from '../core/incident.js';
import type { Severity } from '../core/severity.js';
import type { TimelineEvent } from '../core/timeline.js';
import type { IncidentMilestone, Telemetry } from './ports/telemetry.js';

export interface ReachedMilestone {
  readonly milestone: IncidentMilestone;
  readonly severity: Severity;
  readonly seconds: number;
}

export type MilestoneTelemetry = Pick<Telemetry, 'incidentMilestone'>;

function reached(milestone: IncidentMilestone, incident: Incident, now: Date): ReachedMilestone {
  return { milestone, severity: incident.severity, seconds: Math.max(0, (now.getTime() - incident.createdAt.getTime()) / 1000) };
}

/**
 * What a committed status change achieved: a move into `monitoring` mitigates, a move into
 * `resolved` resolves. Anything else (a note, a severity change, staying put) reaches nothing.
 */
export function milestonesOfChange(before: Incident, after: Incident, now: Date): ReachedMilestone[] {
  if (before.status === after.status) return [];
  if (after.status === 'monitoring') return [reached('mitigate', after, now)];
  if (after.status === 'resolved') return [reached('resolve', after, now)];
  return [];
}

/**
 * Only the first move into `monitoring` mitigates: after a relapse (monitoring → identified →
 * monitoring) the time to mitigate is already known. Read from the committed timeline, which holds
 * this move too; when it cannot be read the observation is dropped (a metric never fails a command).
 */
export async function firstMitigationOnly(timeline: () => Promise<readonly TimelineEvent[]>, milestones: readonly ReachedMilestone[]): Promise<readonly ReachedMilestone[]> {
  if (!milestones.some((m) => m.milestone === 'mitigate')) return milestones;
  const events = await timeline().catch(() => null);
  const moves = events?.filter((e) => e.kind === 'status_changed' && e.data.to === 'monitoring').length ?? Infinity;
  return moves > 1 ? milestones.filter((m) => m.milestone !== 'mitigate') : milestones;
}

/** A page of this incident was acknowledged for the first time. */
export function acknowledgedMilestone(incident: Incident, now: Date): ReachedMilestone {
  return reached('acknowledge', incident, now);
}

/** Reported only after the change committed: a rolled-back transaction reached nothing. */
export function reportMilestones(telemetry: MilestoneTelemetry | undefined, milestones: readonly ReachedMilestone[]): void {
  for (const m of milestones) telemetry?.incidentMilestone(m.milestone, m.severity, m.seconds);
}
