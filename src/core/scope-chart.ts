/**
 * When the failing-share chart is worth posting again. A long incident refreshes its scope every
 * few minutes; a new image each time buries the channel, and Slack cannot replace the bytes of a
 * file it hosts. So a chart is posted only when what it shows changed: the classification, the
 * regions drawn, or the peak failing share (in whole percentage points, so noise does not count).
 */
import type { ScopeClassification } from './scope.js';
import type { TimelineEvent } from './timeline.js';

export interface ChartMark {
  readonly classification: ScopeClassification;
  /** The regions drawn, sorted. */
  readonly regions: readonly string[];
  /** The highest failing share drawn, in whole percent. */
  readonly peakPercent: number;
}

export function chartMark(classification: ScopeClassification, series: readonly { readonly name: string; readonly points: readonly (readonly [number, number])[] }[]): ChartMark {
  let peak = 0;
  for (const s of series) for (const [, value] of s.points) if (Number.isFinite(value) && value > peak) peak = value;
  return { classification, regions: series.map((s) => s.name).sort(), peakPercent: Math.round(peak * 100) };
}

export function sameChart(a: ChartMark | null, b: ChartMark): boolean {
  return a !== null && a.classification === b.classification && a.peakPercent === b.peakPercent && a.regions.join('\n') === b.regions.join('\n');
}

/** The mark of the chart last posted, from the timeline's `chart_uploaded` events; null when none carries one. */
export function lastChartMark(events: readonly TimelineEvent[]): ChartMark | null {
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const event = events[i];
    if (event?.kind !== 'chart_uploaded') continue;
    const mark = event.data.mark as Partial<ChartMark> | undefined;
    const valid = typeof mark?.classification === 'string' && typeof mark.peakPercent === 'number' && Array.isArray(mark.regions);
    return valid ? { classification: mark.classification, regions: (mark.regions as unknown[]).map(String), peakPercent: mark.peakPercent } : null;
  }
  return null;
}
