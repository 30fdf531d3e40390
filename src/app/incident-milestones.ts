import type { Incident } from '../core/incident.js';
import type { Severity } from '../core/severity.js';
import type { IncidentMilestone, Telemetry } from './ports.js';

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

/** A page of this incident was acknowledged for the first time. */
export function acknowledgedMilestone(incident: Incident, now: Date): ReachedMilestone {
  return reached('acknowledge', incident, now);
}

/** Reported only after the change committed: a rolled-back transaction reached nothing. */
export function reportMilestones(telemetry: MilestoneTelemetry | undefined, milestones: readonly ReachedMilestone[]): void {
  for (const m of milestones) telemetry?.incidentMilestone(m.milestone, m.severity, m.seconds);
}
