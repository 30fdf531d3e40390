import { scopeHeadline } from '../../core/scope.js';
import type { DependencyMonitor } from '../health/dependency-monitor.js';
import type { Clock, Logger } from '../ports/runtime.js';
import type { IncidentStore } from '../ports/incidents.js';
import type { UpdateCadenceStore } from '../ports/room.js';
import type { PagingService } from './paging-service.js';

/**
 * Break-glass paging: when Slack has been unreachable for `breakGlassMinutes` while a SEV1 or
 * SEV2 incident is open, its on-call is paged directly through PagerDuty or Opsgenie, once per
 * Slack outage (the outage start is the claim key, so replicas page once between them).
 */
export function createBreakGlass(deps: {
  monitor: DependencyMonitor;
  store: IncidentStore;
  cadence: UpdateCadenceStore;
  paging: PagingService;
  breakGlassMinutes: number;
  clock: Clock;
  log: Logger;
}): { tick(): Promise<number> } {
  return {
    async tick() {
      const since = deps.monitor.downSince('slack');
      if (!since || deps.clock.now().getTime() - since.getTime() < deps.breakGlassMinutes * 60_000) return 0;
      let paged = 0;
      for (const incident of await deps.store.list({ status: 'open', limit: 100 })) {
        if (incident.severity !== 'SEV1' && incident.severity !== 'SEV2') continue;
        if (!(await deps.cadence.claimReminder(incident.id, 'break_glass', since, null))) continue;
        deps.log.warn({ ref: incident.ref, slackDownSince: since.toISOString() }, 'break-glass: Slack is unreachable; paging the on-call directly');
        await deps.paging.breakGlass(incident, incident.scope ? scopeHeadline(incident.scope) : null);
        paged++;
      }
      return paged;
    },
  };
}
