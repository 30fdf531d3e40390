import type { IncidentAlerts } from '../../src/core/alert.js';
import type { Incident } from '../../src/core/incident.js';
import type { TimelineEvent } from '../../src/core/timeline.js';
import { followUpIdOfDone, followUpOfEvent, type FollowUp } from '../../src/core/followup.js';
import { FollowUpNotOpenError, type IncidentStore } from '../../src/app/ports/incidents.js';

/** IncidentStore in memory, for fast use-case tests; the behaviour suite keeps it honest. */
export function createInMemoryIncidentStore(): IncidentStore {
  let seq = 0;
  const incidents = new Map<number, Incident>();
  const timelines = new Map<number, TimelineEvent[]>();
  const followUps = new Map<number, FollowUp>();
  let followUpSeq = 0;
  /** As the PostgreSQL store: the follow-up events of a write create and close records, all or nothing. */
  const record = (incidentId: number, events: readonly TimelineEvent[]): void => {
    const next = new Map(followUps);
    let seq = followUpSeq;
    for (const e of events) {
      if (e.kind === 'followup_added') next.set(++seq, { id: seq, ...followUpOfEvent(incidentId, e) });
      if (e.kind !== 'followup_done') continue;
      const id = followUpIdOfDone(e);
      const open = id === null ? undefined : next.get(id);
      if (open?.incidentId !== incidentId || open.status !== 'open') throw new FollowUpNotOpenError(id ?? 0);
      next.set(open.id, { ...open, status: 'done', doneBy: e.actor, doneAt: e.at });
    }
    followUps.clear();
    for (const [id, f] of next) followUps.set(id, f);
    followUpSeq = seq;
    timelines.get(incidentId)?.push(...events);
  };
  return {
    allocateId: () => Promise.resolve(++seq),
    insert(incident, events) {
      if (incidents.has(incident.id)) return Promise.reject(new Error(`duplicate key: incident ${incident.id}`));
      if (incident.channelId !== null && [...incidents.values()].some((i) => i.channelId === incident.channelId)) {
        return Promise.reject(new Error('duplicate key: channel_id'));
      }
      incidents.set(incident.id, incident);
      timelines.set(incident.id, []);
      record(incident.id, events);
      return Promise.resolve();
    },
    update(incident, baseVersion, events) {
      const current = incidents.get(incident.id);
      if (!current || current.version !== baseVersion) return Promise.resolve('conflict');
      try {
        record(incident.id, events);
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
      incidents.set(incident.id, incident);
      return Promise.resolve('ok');
    },
    find: (id) => Promise.resolve(incidents.get(id) ?? null),
    evidence: () => Promise.resolve({ alerts: [], scopeSnapshots: [] }),
    findByChannel: (channelId) => Promise.resolve([...incidents.values()].find((i) => i.channelId === channelId) ?? null),
    append(incidentId, events) {
      try {
        record(incidentId, events);
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
      return Promise.resolve();
    },
    list(query) {
      const status = query.status ?? 'all';
      const all = [...incidents.values()]
        .filter((i) => status === 'all' || (status === 'open' ? i.status !== 'resolved' : i.status === status))
        .filter((i) => query.publicOnly !== true || i.private !== true)
        .sort((a, b) => b.id - a.id);
      return Promise.resolve(all.slice(0, Math.min(Math.max(query.limit ?? 100, 1), 500)));
    },
    timeline: (id) => Promise.resolve([...(timelines.get(id) ?? [])]),
    alerts: () => Promise.resolve(new Map<number, IncidentAlerts>()),
    followUps(ids) {
      const byIncident = new Map<number, FollowUp[]>();
      for (const f of followUps.values()) if (ids.includes(f.incidentId)) byIncident.set(f.incidentId, [...(byIncident.get(f.incidentId) ?? []), f]);
      return Promise.resolve(byIncident);
    },
    findFollowUp: (id) => Promise.resolve(followUps.get(id) ?? null),
  };
}
