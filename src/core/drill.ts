/**
 * Drills: practice incidents that run through the real alert path. A drill's alerts carry a
 * marker (`warroom_drill=<run id>`: an Alertmanager label, a Datadog or Opsgenie tag, a PagerDuty
 * incident key) that the attach path reads here, so drills never join real incidents nor real
 * alerts drill ones.
 */
import type { AlertSignal } from './alert.js';

export const DRILL_MARKER = 'warroom_drill';
/** Drill incidents get their own channel prefix, whatever `channelPrefix` is configured. */
export const DRILL_CHANNEL_PREFIX = 'drill';
const RUN_ID = /^[a-z0-9][a-z0-9-]{0,79}$/;

export function isDrillRunId(value: string): boolean {
  return RUN_ID.test(value);
}

/** The drill run an alert belongs to, or null for a real alert (a malformed marker is no marker). */
export function drillRunOf(signal: AlertSignal): string | null {
  const label = signal.serviceHints.labels[DRILL_MARKER];
  if (label !== undefined && Object.hasOwn(signal.serviceHints.labels, DRILL_MARKER)) return isDrillRunId(label) ? label : null;
  const prefix = `${DRILL_MARKER}:`;
  const tag = signal.serviceHints.tags.find((t) => t.startsWith(prefix))?.slice(prefix.length);
  return tag !== undefined && isDrillRunId(tag) ? tag : null;
}

/**
 * The alert as the attach path groups it: every alert of one drill run shares the grouping key
 * `drill:<run id>`, unique per run, so a drill gets its own incident even where a real incident of
 * the same service (or the same provider key) is open.
 */
export function groupedForDrill(signal: AlertSignal): AlertSignal {
  const run = drillRunOf(signal);
  return run === null ? signal : { ...signal, groupingKey: drillGroupingKey(run) };
}

export function drillGroupingKey(run: string): string {
  return `drill:${run}`;
}
