import type { AlertProvider, AlertSignal } from '../core/alert.js';
import { mapSeverity, matchService, routedIncidentType, type ServiceMatch } from '../core/alert-routing.js';
import { declaredType, defaultIncidentType, DEFAULT_TYPE, withTypeServices, type IncidentType } from '../core/incident-type.js';
import { alertTimelineEvents, trackDeliveries, type DeliverySignals } from '../core/alert-tracking.js';
import { checkDeclaration, decide } from '../core/decide.js';
import { drillRunOf, groupedForDrill } from '../core/drill.js';
import { isPagingCheckSignal } from '../core/paging-check-key.js';
import type { Incident } from '../core/incident.js';
import type { TimelineEvent } from '../core/timeline.js';
import { DEFAULT_SEVERITY, type Severity } from '../core/severity.js';
import { acknowledgedMilestone, milestonesOfChange, reportMilestones, type MilestoneTelemetry, type ReachedMilestone } from './incident-milestones.js';
import { pageAcknowledgedEvent } from './oncall/page-acknowledged-event.js';
import type { AlertStore, AlertTransaction } from './ports/alerts.js';
import type { Clock, Logger } from './ports/runtime.js';
import type { RoomWakeUp } from './ports/room.js';
import { NO_ROOM, roomTasks, type RoomPolicy } from './room-tasks.js';
import { isPagingProvider } from './oncall/provider-names.js';

export interface AlertSettings {
  readonly grouping: { readonly byService: boolean };
  /** `type`: the incident type the service's alerts open (absent or null: the default type). */
  readonly services: Readonly<Record<string, { readonly match: ServiceMatch; readonly type?: string | null }>>;
  readonly alertSeverity: Readonly<Record<AlertProvider, Readonly<Record<string, Severity>>>>;
  readonly autoResolve: boolean;
  /** `incidentTypes` (issue 21); absent: the one default type. */
  readonly incidentTypes?: readonly IncidentType[];
}

/**
 * Attaches stored deliveries (one, or several taken together: see the worker) and answers
 * 'already_processed' when none of them was left to attach.
 */
export type AttachDelivery = (provider: AlertProvider, deliveryIds: string | readonly string[]) => Promise<'attached' | 'already_processed'>;

/** A claimed delivery, its signals grouped by key, each group with the service it routes to. */
interface ClaimedDelivery {
  readonly deliveryId: string;
  readonly groups: Map<string, AlertSignal[]>;
  readonly services: Map<string, string | null>;
}

/**
 * Attaches stored deliveries' alerts to incidents, in one transaction: alerts with the same
 * grouping key share an incident; with grouping.byService a firing alert joins its service's open
 * incident; otherwise a firing alert declares a new one. Advisory locks on the grouping keys and
 * services serialise this across replicas, and the unique index on open grouping keys backs it up.
 * Running it twice for one delivery has no second effect (the delivery row is claimed).
 *
 * Several deliveries of one hot key (an Alertmanager group re-sending, one PagerDuty incident's
 * event stream) are attached in one transaction under one lock, and a run of them that lands on
 * the key's open incident is written once (issue 22): the same rows and timeline lines as one by
 * one, since a run ends at a resolve (which may close the incident) and starts only where an open
 * incident already owns the key.
 */
export function createAttachDelivery(deps: { alerts: AlertStore; clock: Clock; settings: AlertSettings; log: Logger; room?: RoomPolicy; roomWakeUp?: RoomWakeUp; telemetry?: MilestoneTelemetry }): AttachDelivery {
  const { settings } = deps;
  const room = deps.room ?? NO_ROOM;
  return async (provider, ids) => {
    const deliveryIds = typeof ids === 'string' ? [ids] : ids;
    // Collected inside the transaction, reported once it committed (a retried attach counts once).
    const milestones: ReachedMilestone[] = [];
    const outcome = await deps.alerts.inTransaction(async (tx) => {
      milestones.length = 0;
      const claimed = (await tx.claimDeliveries(provider, deliveryIds)).map(({ deliveryId, signals }) => grouped(deliveryId, signals));
      if (claimed.length === 0) return 'already_processed' as const;
      const now = deps.clock.now();
      await tx.lock(claimed.flatMap((d) => [...[...d.groups.keys()].map((k) => `key:${provider}:${k}`), ...[...d.services.values()].flatMap((s) => (s ? [`service:${s}`] : []))]));
      for (let i = 0; i < claimed.length; ) i += await attachFrom(tx, provider, claimed, i, now, milestones);
      await tx.markProcessed(provider, claimed.map((d) => d.deliveryId), now);
      return 'attached' as const;
    });
    if (outcome === 'attached') deps.roomWakeUp?.wake();
    reportMilestones(deps.telemetry, milestones);
    return outcome;
  };

  function grouped(deliveryId: string, signals: readonly AlertSignal[]): ClaimedDelivery {
    // The paging canary's test page comes back through the provider's webhook: never an incident.
    const groups = groupByKey(signals.filter((s) => !isPagingCheckSignal(s)).map(groupedForDrill));
    return { deliveryId, groups, services: new Map([...groups].map(([key, group]) => [key, firstService(group)])) };
  }

  /** Attaches `claimed[i]`, with the deliveries after it that can share its write; how many it took. */
  async function attachFrom(tx: AlertTransaction, provider: AlertProvider, claimed: readonly ClaimedDelivery[], i: number, now: Date, milestones: ReachedMilestone[]): Promise<number> {
    const first = claimed[i];
    if (!first) return 1;
    const sole = soleGroup(first);
    const incident = sole ? await tx.findOpenIncidentForKey(provider, sole.key) : null;
    if (sole && incident) {
      const run: DeliverySignals[] = [{ deliveryId: first.deliveryId, signals: sole.group }];
      for (let next = claimed[i + run.length]; next && !resolves(run.at(-1)); next = claimed[i + run.length]) {
        const more = soleGroup(next);
        if (!more || more.key !== sole.key || more.service !== sole.service) break;
        run.push({ deliveryId: next.deliveryId, signals: more.group });
      }
      milestones.push(...(await applyToIncident(tx, provider, incident, sole.key, sole.service, run, false, now)));
      return run.length;
    }
    for (const [key, group] of first.groups) milestones.push(...(await attachGroup(tx, provider, first.deliveryId, key, group, first.services.get(key) ?? null, now)));
    return 1;
  }

  function firstService(group: readonly AlertSignal[]): string | null {
    for (const signal of group) {
      const service = matchService(signal, settings.services);
      if (service !== null) return service;
    }
    return null;
  }

  async function attachGroup(tx: AlertTransaction, provider: AlertProvider, deliveryId: string, key: string, group: AlertSignal[], service: string | null, now: Date): Promise<ReachedMilestone[]> {
    const milestones: ReachedMilestone[] = [];
    let incident = await tx.findOpenIncidentForKey(provider, key);
    // A page Warroom sent comes back as the provider's own alert, carrying the key Warroom gave it:
    // it belongs to the paging incident, even before (or without) the provider's reference being saved.
    const pageKeys = [...new Set(group.flatMap((s) => (s.dedupKey ? [s.dedupKey] : [])))];
    incident ??= await tx.findOpenIncidentPagedWith(provider, pageKeys);
    const firing = group.find((s) => s.status === 'firing');
    // A drill has its own grouping key per run and never joins a service's (real) open incident.
    const drill = group.some((s) => drillRunOf(s) !== null);
    if (!incident && firing && !drill && settings.grouping.byService && service) incident = await tx.findOpenIncidentForService(service);
    let declaredNow = false;
    if (!incident && firing) {
      incident = await declareFromAlert(tx, provider, key, firing, service, drill, now);
      declaredNow = incident !== null;
    }
    // A resolve or note for an alert whose incident is already closed still belongs on that incident.
    incident ??= await tx.findLatestIncidentForKey(provider, key);
    if (!incident) {
      deps.log.info({ provider, deliveryId, groupingKey: key }, 'no incident for these alerts and none firing; nothing to attach');
      return milestones;
    }
    milestones.push(...(await applyToIncident(tx, provider, incident, key, service, [{ deliveryId, signals: group }], declaredNow, now)));
    return milestones;
  }

  /** Tracks the deliveries' alerts on `incident`, one after the other, in one write; the room follows. */
  async function applyToIncident(tx: AlertTransaction, provider: AlertProvider, incident: Incident, key: string, service: string | null, deliveries: readonly DeliverySignals[], declaredNow: boolean, now: Date): Promise<ReachedMilestone[]> {
    const milestones: ReachedMilestone[] = [];
    const group = deliveries.flatMap((d) => d.signals);
    const tracked = await tx.trackedAlerts(incident.id, provider, [...new Set(group.map((s) => s.fingerprint))]);
    const result = trackDeliveries(tracked, deliveries);
    await tx.saveAlerts(incident.id, key, service, result.alerts, now);
    await tx.appendEvents(incident.id, result.perDelivery.flatMap((d) => alertTimelineEvents(provider, d.deliveryId, d.changes, now)));
    if (group.some((s) => s.action === 'acknowledged') && isPagingProvider(provider)) {
      const by = group.find((s) => s.action === 'acknowledged' && s.actor)?.actor ?? null;
      const paged = await tx.acknowledgePage(provider, key, now, by);
      if (paged !== null) {
        await tx.appendEvents(paged, [pageAcknowledgedEvent(provider, key, by, now)]);
        const pagedIncident = paged === incident.id ? incident : await tx.lockIncident(paged);
        if (pagedIncident) milestones.push(acknowledgedMilestone(pagedIncident, now));
      }
    }
    // The room follows: counts in the summary, and (rate-limited by the worker) a "new alerts" line.
    const newlyFiring = declaredNow ? 0 : result.changes.filter((c) => c.to === 'firing' && c.from !== 'firing').length;
    if (result.changes.length > 0 && incident.channelId !== null) await tx.enqueue(incident.id, roomTasks.alertsChanged(room, newlyFiring));
    const newlyResolved = result.changes.some((c) => c.to === 'resolved' && c.from !== 'resolved');
    if (incident.status !== 'resolved' && newlyResolved && (await tx.unresolvedAlertCount(incident.id)) === 0) {
      milestones.push(...(await allAlertsResolved(tx, incident, now)));
    }
    return milestones;
  }

  async function declareFromAlert(tx: AlertTransaction, provider: AlertProvider, key: string, signal: AlertSignal, service: string | null, drill: boolean, now: Date): Promise<Incident | null> {
    const types = settings.incidentTypes ?? [DEFAULT_TYPE];
    // The config load checked services.*.type names a type; a stale one still declares, as the default type.
    const chosen = declaredType(types, routedIncidentType(service, settings.services));
    const type = chosen.ok ? chosen.value : defaultIncidentType(types);
    const request = {
      type: 'declare',
      incidentType: type.name,
      title: signal.title.trim().length > 0 ? signal.title.slice(0, 200) : `${provider} alert ${key}`.slice(0, 200),
      severity: mapSeverity(provider, signal.priority, settings.alertSeverity) ?? DEFAULT_SEVERITY,
      services: withTypeServices(type, service ? [service] : []),
      drill,
      private: type.private,
      actor: provider,
    } as const;
    // Checked before a number is taken, so a refused declare leaves no gap in the refs.
    const checked = checkDeclaration(request);
    const decision = checked.ok ? decide(null, { ...request, id: await tx.allocateId() }, now) : checked;
    if (!decision.ok) {
      deps.log.warn({ provider, key, code: decision.error.code }, 'could not declare an incident from an alert');
      return null;
    }
    await tx.insertIncident(decision.incident, decision.events, `${provider}:${key}`, roomTasks.declared(room));
    return decision.incident;
  }

  async function allAlertsResolved(tx: AlertTransaction, incident: Incident, now: Date): Promise<ReachedMilestone[]> {
    const said = (text: string, resolving: boolean): TimelineEvent => ({ at: now, kind: 'alerts_all_resolved', actor: 'warroom', text: `Every alert of this incident has resolved; ${text}`, data: { autoResolve: settings.autoResolve, resolving } });
    if (!settings.autoResolve) {
      await tx.appendEvents(incident.id, [said('resolve the incident when the service is healthy', false)]);
      return [];
    }
    // Decided on the incident as committed now, its row locked: an edit committed since this attach
    // read it (a status change, a note) must not make the resolve lose its version check silently.
    const fresh = (await tx.lockIncident(incident.id)) ?? incident;
    const decision = decide(fresh, { type: 'resolve', summary: 'All alerts resolved', actor: 'warroom' }, now);
    if (!decision.ok) {
      await tx.appendEvents(incident.id, [said(`not resolving it (${decision.error.message})`, false)]);
      return [];
    }
    await tx.appendEvents(incident.id, [said('resolving it (autoResolve is on)', true)]);
    const saved = await tx.updateIncident(decision.incident, fresh.version, decision.events, roomTasks.changedFrom(room, fresh, decision.incident));
    // Cannot happen under the row lock; if it does, the attach rolls back and is retried, never half-told.
    if (saved !== 'ok') throw new Error(`${fresh.ref} changed under its row lock while resolving it`);
    return milestonesOfChange(fresh, decision.incident, now);
  }
}

/** The delivery's only group, when all its signals share one key. */
function soleGroup(delivery: ClaimedDelivery): { key: string; group: AlertSignal[]; service: string | null } | null {
  if (delivery.groups.size !== 1) return null;
  const [entry] = delivery.groups;
  return entry ? { key: entry[0], group: entry[1], service: delivery.services.get(entry[0]) ?? null } : null;
}

/** A delivery that resolves an alert may close its incident: a run of deliveries ends after it. */
const resolves = (delivery: DeliverySignals | undefined): boolean => delivery?.signals.some((s) => s.status === 'resolved') ?? false;

function groupByKey(signals: readonly AlertSignal[]): Map<string, AlertSignal[]> {
  const groups = new Map<string, AlertSignal[]>();
  for (const s of signals) {
    const group = groups.get(s.groupingKey);
    if (group) group.push(s);
    else groups.set(s.groupingKey, [s]);
  }
  return groups;
}
