/**
 * The facts a postmortem draft is made of, read from the timeline and the scope snapshots in one
 * pass each: key times, impact, who acted, action items. Pure data; `postmortem.ts` renders it.
 */
import type { Scope } from './scope.js';
import type { TimelineEvent } from './timeline.js';
import { slackUserId, timeOf } from './postmortem-text.js';

export const MILESTONES = ['started', 'detected', 'commander', 'mitigated', 'resolved'] as const;
export type Milestone = (typeof MILESTONES)[number];

export interface KeyTimes {
  readonly at: Readonly<Record<Milestone, number | null>>;
  readonly reopens: number;
  /** The last reopen; when it came after the last resolution the incident is open again. */
  readonly lastReopen: number | null;
}

/**
 * started: earliest alert_received or incident_declared; detected: first alert_received, else the
 * declaration; commander: first commander assignment; mitigated: first move to monitoring;
 * resolved: the last resolution, unless a reopen followed it. Earliest and latest go by time;
 * on equal times the timeline order decides.
 */
export function keyTimes(events: readonly TimelineEvent[]): KeyTimes {
  let firstAlert: number | null = null;
  let firstDeclared: number | null = null;
  let commander: number | null = null;
  let mitigated: number | null = null;
  let lastResolved: number | null = null;
  let lastResolvedIndex = -1;
  let lastReopen: number | null = null;
  let lastReopenIndex = -1;
  let reopens = 0;
  const earlier = (t: number, current: number | null): boolean => current === null || t < current;
  const later = (t: number, current: number | null): boolean => current === null || t >= current;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const t = e ? timeOf(e.at) : null;
    if (!e || t === null) continue;
    switch (e.kind) {
      case 'alert_received':
        if (earlier(t, firstAlert)) firstAlert = t;
        break;
      case 'incident_declared':
        if (earlier(t, firstDeclared)) firstDeclared = t;
        break;
      case 'role_assigned':
        if (e.data['role'] === 'commander' && e.data['user'] !== null && earlier(t, commander)) commander = t;
        break;
      case 'status_changed':
        if (e.data['to'] === 'monitoring' && earlier(t, mitigated)) mitigated = t;
        break;
      case 'incident_resolved':
        if (later(t, lastResolved)) [lastResolved, lastResolvedIndex] = [t, i];
        break;
      case 'incident_reopened':
        reopens++;
        if (later(t, lastReopen)) [lastReopen, lastReopenIndex] = [t, i];
        break;
      default:
        break;
    }
  }
  const started = firstAlert === null ? firstDeclared : firstDeclared === null ? firstAlert : Math.min(firstAlert, firstDeclared);
  // Reopened after the last resolution: by time, and on equal times by timeline order.
  const reopenedSince =
    lastReopen !== null && lastResolved !== null && (lastReopen > lastResolved || (lastReopen === lastResolved && lastReopenIndex > lastResolvedIndex));
  const resolved = lastResolved === null || reopenedSince ? null : lastResolved;
  return { at: { started, detected: firstAlert ?? firstDeclared, commander, mitigated, resolved }, reopens, lastReopen };
}

export interface AffectedName {
  readonly name: string;
  readonly peak: number;
}

export interface Impact {
  readonly snapshots: number;
  /** The worst overall failing share and the snapshot that measured it; null when none was recorded. */
  readonly peak: { readonly ratio: number; readonly at: string; readonly classification: string } | null;
  /** Regions and services with failures, from snapshots that recorded a failing ratio; null when none did. */
  readonly regions: readonly AffectedName[] | null;
  readonly services: readonly AffectedName[] | null;
  /** The first snapshot that classified the incident as more than none/unknown; null when none did. */
  readonly firstImpact: { readonly at: number; readonly classification: string } | null;
  /** The last snapshot's time, when it is a valid time. */
  readonly lastSnapshotAt: number | null;
}

const isRatio = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);

export function impact(snapshots: readonly Scope[]): Impact {
  let peak: Impact['peak'] = null;
  let measured = false;
  let firstImpact: Impact['firstImpact'] = null;
  const regions = new Map<string, number>();
  const services = new Map<string, number>();
  const collect = (into: Map<string, number>, list: Scope['regions']): void => {
    for (const { name, failingRatio } of list) {
      if (!isRatio(failingRatio) || failingRatio <= 0) continue;
      const before = into.get(name);
      if (before === undefined || failingRatio > before) into.set(name, failingRatio);
    }
  };
  for (const s of snapshots) {
    if (firstImpact === null && s.classification !== 'none' && s.classification !== 'unknown') {
      const at = timeOf(s.at);
      if (at !== null) firstImpact = { at, classification: s.classification };
    }
    if (!isRatio(s.failingRatio)) continue;
    measured = true;
    if (peak === null || s.failingRatio > peak.ratio) peak = { ratio: s.failingRatio, at: s.at, classification: s.classification };
    collect(regions, s.regions);
    collect(services, s.services);
  }
  const last = snapshots[snapshots.length - 1];
  return {
    snapshots: snapshots.length,
    peak,
    regions: measured ? sortedByPeak(regions) : null,
    services: measured ? sortedByPeak(services) : null,
    firstImpact,
    lastSnapshotAt: last ? timeOf(last.at) : null,
  };
}

function sortedByPeak(map: ReadonlyMap<string, number>): AffectedName[] {
  return [...map].map(([name, peak]) => ({ name, peak })).sort((a, b) => b.peak - a.peak || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Slack users who acted on the timeline with their number of entries: most entries first, then by first appearance. */
export function responders(events: readonly TimelineEvent[]): { readonly user: string; readonly entries: number }[] {
  const counts = new Map<string, number>();
  const ids = new Map<string, string | null>();
  for (const e of events) {
    let user = ids.get(e.actor);
    if (user === undefined) {
      user = slackUserId(e.actor);
      ids.set(e.actor, user);
    }
    if (user !== null) counts.set(user, (counts.get(user) ?? 0) + 1);
  }
  // Map keeps insertion order and sort is stable, so equal counts stay in order of first appearance.
  return [...counts].map(([user, entries]) => ({ user, entries })).sort((a, b) => b.entries - a.entries);
}
