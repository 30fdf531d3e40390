import type { Incident } from '../../core/incident.js';
import type { RoomTaskPorts } from './room-task-handler.js';

/** The channel's bookmarks: matched runbooks with a URL, and each service's runbook and dashboards that are links. */
export async function bookmarksOf(incident: Incident, deps: Pick<RoomTaskPorts, 'findRunbooks' | 'settings'>): Promise<{ title: string; url: string }[]> {
  const links: { title: string; url: string }[] = [];
  for (const runbook of await deps.findRunbooks(incident)) if (runbook.url) links.push({ title: `Runbook: ${runbook.title}`, url: runbook.url });
  for (const name of incident.services) {
    const service = deps.settings.services[name];
    if (!service) continue;
    if (service.runbook && /^https?:\/\//.test(service.runbook)) links.push({ title: `Runbook: ${name}`, url: service.runbook });
    service.dashboards.filter((d) => /^https?:\/\//.test(d)).forEach((url, i) => links.push({ title: `Dashboard: ${name}${i > 0 ? ` ${i + 1}` : ''}`, url }));
  }
  return links;
}
