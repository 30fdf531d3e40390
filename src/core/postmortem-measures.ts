/**
 * The measured parts of the postmortem draft: key times with the durations between them, and
 * the impact from the scope snapshots. Rendering only; the facts come from postmortem-facts.ts.
 */
import { MILESTONES, type Impact, type KeyTimes, type Milestone } from './postmortem-facts.js';
import { formatDuration, formatTime, inline, percent, plural, timeOf } from './postmortem-text.js';

const MILESTONE_LABELS: Readonly<Record<Milestone, string>> = {
  started: 'Started',
  detected: 'Detected',
  commander: 'Commander assigned',
  mitigated: 'Mitigated',
  resolved: 'Resolved',
};

const DURATIONS: readonly { readonly to: Milestone; readonly label: string }[] = [
  { to: 'detected', label: 'Time to detect' },
  { to: 'commander', label: 'Time to assign a commander' },
  { to: 'mitigated', label: 'Time to mitigate' },
  { to: 'resolved', label: 'Time to resolve' },
];

/** Key times, each as `YYYY-MM-DD HH:MM:SS UTC` or "not recorded", then the durations between them. */
export function keyTimesSection(out: string[], times: KeyTimes): void {
  const { at } = times;
  out.push('## Key times', '');
  for (const m of MILESTONES) out.push(`- ${MILESTONE_LABELS[m]}: ${formatTime(date(at[m]))}`);
  if (times.reopens > 0) {
    const open = at.resolved === null ? ', still open' : '';
    out.push(`- Reopened: ${plural(times.reopens, 'time')} (last ${formatTime(date(times.lastReopen))}${open})`);
  }
  out.push('', '### Durations', '');
  // Each duration runs from the previous milestone that is known, so a missing one never makes a bogus figure.
  for (const { to, label } of DURATIONS) {
    const end = at[to];
    const from = MILESTONES.slice(0, MILESTONES.indexOf(to)).reverse().find((m) => at[m] !== null);
    out.push(`- ${label}${span(from, to, end === null || from === undefined ? null : end - (at[from] ?? end))}`);
  }
  out.push(`- Total${span('started', 'resolved', at.started === null || at.resolved === null ? null : at.resolved - at.started)}`, '');
}

/** ` (from → to): 12 min 30 s`, or `: not recorded`. */
function span(from: Milestone | undefined, to: Milestone, ms: number | null): string {
  if (from === undefined || ms === null) return ': not recorded';
  const pair = `(${MILESTONE_LABELS[from].toLowerCase()} → ${MILESTONE_LABELS[to].toLowerCase()})`;
  if (ms < 0) return ` ${pair}: not measurable (${MILESTONE_LABELS[to].toLowerCase()} is recorded ${formatDuration(-ms)} earlier)`;
  return ` ${pair}: ${formatDuration(ms)}`;
}

const date = (t: number | null): Date | null => (t === null ? null : new Date(t));

/** Peak failing share, affected regions and services, and how long the impact lasted; "not measured" without snapshots. */
export function impactSection(out: string[], facts: Impact, resolved: number | null): void {
  out.push('## Impact', '');
  if (facts.snapshots === 0) {
    out.push('No scope snapshots were taken.', '');
    for (const what of ['Peak failing share', 'Affected regions', 'Affected services', 'Duration of impact']) out.push(`- ${what}: not measured`);
    out.push('');
    return;
  }
  const names = (list: Impact['regions']): string =>
    list === null ? 'not measured' : list.length === 0 ? 'none' : list.map((n) => `${inline(n.name)} (peak ${percent(n.peak)})`).join(', ');
  const { peak } = facts;
  out.push(`Measured by ${plural(facts.snapshots, 'scope snapshot')}.`, '');
  out.push(`- Peak failing share: ${peak ? `${percent(peak.ratio)} (${snapshotTime(peak.at)}, ${inline(peak.classification)})` : 'not measured'}`);
  out.push(`- Affected regions: ${names(facts.regions)}`);
  out.push(`- Affected services: ${names(facts.services)}`);
  out.push(`- Duration of impact: ${impactDuration(facts, resolved)}`, '');
}

function impactDuration(facts: Impact, resolved: number | null): string {
  const first = facts.firstImpact;
  if (first === null) return 'none measured (no snapshot showed impact)';
  const end = resolved ?? facts.lastSnapshotAt;
  if (end === null) return 'not measured';
  const until = resolved !== null ? 'resolved' : 'last snapshot';
  const range = `from ${formatTime(new Date(first.at))} (first ${inline(first.classification)} snapshot) to ${formatTime(new Date(end))} (${until})`;
  return end < first.at ? `not measurable (${range})` : `${formatDuration(end - first.at)}, ${range}`;
}

function snapshotTime(at: string): string {
  const t = timeOf(at);
  return t === null ? inline(at) : formatTime(new Date(t));
}
