import type { AlertProvider, AlertSignal } from '../core/alert.js';
import { mapSeverity, matchService, routedIncidentType, type ServiceMatch } from '../core/alert-routing.js';
import { declaredType, defaultIncidentType, DEFAULT_TYPE, withTypeServices, type IncidentType } from '../core/incident-type.js';
import { alertTimelineEvents, trackAlerts } from '../core/alert-tracking.js';
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

export type AttachDelivery = (provider: AlertProvider, deliveryId: string) => Promise<'attached' | 'already_processed'>;

/**
 * Attaches a stored delivery's alerts to incidents, in one transaction: alerts with the same
 * grouping key share an incident; with grouping.byService a firing alert joins its service's open
 * incident; otherwise a firing alert declares a new one. Advisory locks on the grouping keys and
 * services serialise this across replicas, and the unique index on open grouping keys backs it up.
 * Running it twice for one delivery has no second effect (the delivery row is claimed).
 */
export function createAttachDelivery(deps: { alerts: AlertStore; clock: Clock; settings: AlertSettings; log: Logger; room?: RoomPolicy; roomWakeUp?: RoomWakeUp; telemetry?: MilestoneTelemetry }): AttachDelivery {
  const { settings } = deps;
  const room = deps.room ?? NO_ROOM;
  return async (provider, deliveryId) => {
    // Collected inside the transaction, reported once it committed (a retried attach counts once).
    const milestones: ReachedMilestone[] = [];
    const outcome = await deps.alerts.inTransaction(async (tx) => {
      milestones.length = 0;
      const signals = await tx.claimDelivery(provider, deliveryId);
      if (signals === null) return 'already_processed' as const;
      const now = deps.clock.now();
      // The paging canary's test page comes back through the provider's webhook: never an incident.
      const groups = groupByKey(signals.filter((s) => !isPagingCheckSignal(s)).map(groupedForDrill));
      const services = new Map([...groups].map(([key, group]) => [key, firstService(group)]));
      await tx.lock([...[...groups.keys()].map((k) => `key:${provider}:${k}`), ...[...services.values()].flatMap((s) => (s ? [`service:${s}`] : []))]);
      for (const [key, group] of groups) milestones.push(...(await attachGroup(tx, provider, deliveryId, key, group, services.get(key) ?? null, now)));
      await tx.markProcessed(provider, deliveryId, now);
      return 'attached' as const;
    });
    if (outcome === 'attached') deps.roomWakeUp?.wake();
    reportMilestones(deps.telemetry, milestones);
    return outcome;
  };

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
    const tracked = await tx.trackedAlerts(incident.id, provider, [...new Set(group.map((s) => s.fingerprint))]);
    const result = trackAlerts(tracked, group);
    await tx.saveAlerts(incident.id, key, service, result.alerts, now);
    await tx.appendEvents(incident.id, alertTimelineEvents(provider, deliveryId, result.changes, now));
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

function groupByKey(signals: readonly AlertSignal[]): Map<string, AlertSignal[]> {
  const groups = new Map<string, AlertSignal[]>();
  for (const s of signals) {
    const group = groups.get(s.groupingKey);
    if (group) group.push(s);
    else groups.set(s.groupingKey, [s]);
  }
  return groups;
}
