/**
 * The drill scorecard: how long each step of the response took, measured from the declaration.
 * Pure: computed from the incident and its timeline, so the posted card, the timeline event and
 * the postmortem all show the same figures.
 */
import type { Incident } from './incident.js';
import type { TimelineEvent } from './timeline.js';

export const SCORECARD_STEPS = ['channel', 'commander', 'scope', 'stakeholder_update', 'resolved'] as const;
export type ScorecardStep = (typeof SCORECARD_STEPS)[number];

export const SCORECARD_LABELS: Readonly<Record<ScorecardStep, string>> = {
  channel: 'Time to channel',
  commander: 'Time to commander',
  scope: 'Time to first scope',
  stakeholder_update: 'Time to first stakeholder update',
  resolved: 'Time to resolve',
};

export interface ScorecardEntry {
  readonly step: ScorecardStep;
  readonly label: string;
  /** Milliseconds from the declaration; null when the step was not reached. */
  readonly ms: number | null;
}

export interface DrillScorecard {
  readonly ref: string;
  readonly declaredAt: Date;
  readonly entries: readonly ScorecardEntry[];
}

/** Which timeline event marks each step (the first one counts). */
const REACHED: Readonly<Record<ScorecardStep, (e: TimelineEvent) => boolean>> = {
  channel: (e) => e.kind === 'channel_created',
  commander: (e) => e.kind === 'role_assigned' && e.data.role === 'commander' && typeof e.data.user === 'string',
  // A measurement that failed ("unknown") has not told anyone the scope yet.
  scope: (e) => e.kind === 'scope_snapshot' && e.data.classification !== 'unknown',
  stakeholder_update: (e) => e.kind === 'stakeholder_update',
  resolved: (e) => e.kind === 'incident_resolved',
};

export function drillScorecard(incident: Incident, events: readonly TimelineEvent[]): DrillScorecard {
  const declared = events.find((e) => e.kind === 'incident_declared')?.at ?? incident.createdAt;
  const entries = SCORECARD_STEPS.map((step): ScorecardEntry => {
    const first = events.find(REACHED[step]);
    return { step, label: SCORECARD_LABELS[step], ms: first ? Math.max(0, first.at.getTime() - declared.getTime()) : null };
  });
  return { ref: incident.ref, declaredAt: declared, entries };
}

/** `1 min 05 s`, `12 s`, `850 ms`: drills are short, and sub-second steps should not read as 0. */
export function formatScoreTime(ms: number | null): string {
  if (ms === null) return 'not reached';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  if (minutes > 0) return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
  return `${seconds} s`;
}

/** One line per step, as the timeline event, the Slack card and the postmortem show it. */
export function scorecardLines(card: DrillScorecard): string[] {
  return card.entries.map((e) => `${e.label}: ${formatScoreTime(e.ms)}`);
}

/** The timeline event that records the scorecard (its data keeps the raw milliseconds). */
export function scorecardEvent(card: DrillScorecard, at: Date): TimelineEvent {
  return {
    at,
    kind: 'drill_scorecard',
    actor: 'warroom',
    text: `Drill scorecard: ${scorecardLines(card).join('; ')}`,
    data: { steps: Object.fromEntries(card.entries.map((e) => [e.step, e.ms])) },
  };
}
