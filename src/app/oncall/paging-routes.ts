import type { PageRequest, PagingProvider, PagingProviderName } from '../ports/paging.js';
import { PAGING_PROVIDERS } from './provider-names.js';

/** What a service names at each provider (INTERFACE §3 `services.*`). */
export interface ServicePagingTargets {
  readonly match: { readonly pagerdutyServiceIds: readonly string[] };
  readonly pagerduty: { readonly escalationPolicyId: string | null };
  /** `escalation`: the escalation `/incident escalate` moves a page through (absent or null: none). */
  readonly opsgenie: { readonly schedule: string | null; readonly escalation?: string | null | undefined };
  readonly jsm?: { readonly schedule: string | null; readonly escalation?: string | null | undefined } | undefined;
}

export interface PageRoute {
  readonly provider: PagingProvider;
  readonly request: Partial<PageRequest>;
  /** How the timeline and the pages table name what was paged. */
  readonly target: string;
}

type Providers = Partial<Record<PagingProviderName, PagingProvider>>;

/** `paging.order` (default PagerDuty, Opsgenie, JSM): failover goes from one configured provider to the next. */
function inOrder(order: readonly PagingProviderName[] | undefined): readonly PagingProviderName[] {
  return order ?? PAGING_PROVIDERS;
}

/** Where to page a service, in `paging.order`: only providers that are configured and that the service names. */
export function pageRoutes(service: ServicePagingTargets | undefined, providers: Providers, order?: readonly PagingProviderName[]): PageRoute[] {
  if (!service) return [];
  const routes: PageRoute[] = [];
  for (const name of inOrder(order)) {
    const provider = providers[name];
    if (!provider) continue;
    const route = routeAt(name, service);
    if (route) routes.push({ provider, ...route });
  }
  return routes;
}

function routeAt(name: PagingProviderName, service: ServicePagingTargets): Omit<PageRoute, 'provider'> | null {
  switch (name) {
    case 'pagerduty': {
      const id = service.match.pagerdutyServiceIds[0];
      return id ? { request: { pagerdutyServiceId: id }, target: `service ${id}` } : null;
    }
    case 'opsgenie':
      return service.opsgenie.schedule ? { request: { opsgenieSchedule: service.opsgenie.schedule }, target: `schedule ${service.opsgenie.schedule}` } : null;
    case 'jsm': {
      const schedule = service.jsm?.schedule;
      return schedule ? { request: { jsmSchedule: schedule }, target: `schedule ${schedule}` } : null;
    }
  }
}

/** Who to ask who is on call for a service, in `paging.order`: PagerDuty's escalation policy, the Opsgenie or JSM schedule. */
export function onCallTargets(service: ServicePagingTargets | undefined, providers: Providers, order?: readonly PagingProviderName[]): [PagingProvider, string][] {
  if (!service) return [];
  const targets: [PagingProvider, string][] = [];
  for (const name of inOrder(order)) {
    const provider = providers[name];
    const target = name === 'pagerduty' ? service.pagerduty.escalationPolicyId : name === 'opsgenie' ? service.opsgenie.schedule : (service.jsm?.schedule ?? null);
    if (provider && target) targets.push([provider, target]);
  }
  return targets;
}
