import type { IncidentAlerts } from '../../src/core/alert.js';
import type { Incident } from '../../src/core/incident.js';
import type { TimelineEvent } from '../../src/core/timeline.js';
import type { IncidentStore } from '../../src/app/ports/incidents.js';

/** IncidentStore in memory, for fast use-case tests; the behaviour suite keeps it honest. */
export function createInMemoryIncidentStore(): IncidentStore {
  let seq = 0;
  const incidents = new Map<number, Incident>();
  const timelines = new Map<number, TimelineEvent[]>();
  return {
    allocateId: () => Promise.resolve(++seq),
    insert(incident, events) {
      if (incidents.has(incident.id)) return Promise.reject(new Error(`duplicate key: incident ${incident.id}`));
      if (incident.channelId !== null && [...incidents.values()].some((i) => i.channelId === incident.channelId)) {
        return Promise.reject(new Error('duplicate key: channel_id'));
      }
      incidents.set(incident.id, incident);
      timelines.set(incident.id, [...events]);
      return Promise.resolve();
    },
    update(incident, baseVersion, events) {
      const current = incidents.get(incident.id);
      if (!current || current.version !== baseVersion) return Promise.resolve('conflict');
      incidents.set(incident.id, incident);
      timelines.get(incident.id)?.push(...events);
      return Promise.resolve('ok');
    },
    find: (id) => Promise.resolve(incidents.get(id) ?? null),
    evidence: () => Promise.resolve({ alerts: [], scopeSnapshots: [] }),
    findByChannel: (channelId) => Promise.resolve([...incidents.values()].find((i) => i.channelId === channelId) ?? null),
    append(incidentId, events) {
      timelines.get(incidentId)?.push(...events);
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
  };
}
