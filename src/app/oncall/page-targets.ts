import type { Incident } from '../../core/incident.js';
import { personRef } from '../../core/people.js';
import { isSlackUserId } from '../../core/slack-user-id.js';
import type { PagingProvider, PagingProviderName } from '../ports/paging.js';
import { pageRoutes, type PageRoute, type ServicePagingTargets } from './paging-routes.js';

export interface PagingSettings {
  readonly services: Readonly<Record<string, ServicePagingTargets>>;
  readonly paging: {
    readonly ackTimeoutMinutes: number;
    readonly resolveLinked: Readonly<Record<PagingProviderName, boolean>>;
    /** Paging and failover order (default PagerDuty, Opsgenie, JSM). */
    readonly order?: readonly PagingProviderName[];
  };
}

/** A person as a provider knows them, found when the page was asked for (kept in the job's data). */
export interface PersonAtProvider {
  readonly provider: PagingProviderName;
  readonly providerUserId: string;
  readonly name: string;
}

/**
 * What a page goes to: a configured service (its on-call, through its providers) or one person
 * (directly, through the providers that know them). `name` is how timeline text names it, `key`
 * goes into the idempotency key, `job` is what the page and ack-check jobs carry to rebuild it, and
 * `data` goes on the timeline events.
 */
export interface PageTarget {
  readonly name: string;
  readonly key: string;
  readonly routes: readonly PageRoute[];
  readonly job: Readonly<Record<string, unknown>>;
  readonly data: Readonly<Record<string, unknown>>;
}

type Providers = Partial<Record<PagingProviderName, PagingProvider>>;

/** The service's providers in `paging.order`, each with what the service names there. */
export function serviceTarget(providers: Providers, settings: PagingSettings, service: string): PageTarget {
  const routes = pageRoutes(settings.services[service], providers, settings.paging.order);
  return { name: service, key: service, routes, job: { service }, data: { service } };
}

/** The PagerDuty service a direct page opens its incident on: the incident's own service's, else the first configured. */
function pagerdutyServiceFor(settings: PagingSettings, incident: Incident): string | undefined {
  const services = [...incident.services, ...Object.keys(settings.services)];
  return services.map((s) => settings.services[s]?.match.pagerdutyServiceIds[0]).find((id) => id !== undefined);
}

/** A person, paged directly through each provider that knows them, in the order they were found. */
export function personTarget(providers: Providers, settings: PagingSettings, incident: Incident, user: string, found: readonly PersonAtProvider[]): PageTarget {
  const pdService = pagerdutyServiceFor(settings, incident);
  const routes: PageRoute[] = [];
  for (const person of found) {
    const provider = providers[person.provider];
    if (!provider) continue;
    // PagerDuty opens the incident on a service and assigns it to the person; without a service there is no PagerDuty page.
    if (person.provider === 'pagerduty' && pdService === undefined) continue;
    routes.push({ provider, request: { personUserId: person.providerUserId, ...(person.provider === 'pagerduty' ? { pagerdutyServiceId: pdService } : {}) }, target: `user ${person.name}` });
  }
  return { name: personRef(user), key: `user:${user}`, routes, job: { person: { user, found } }, data: { user } };
}

function isPersonAtProvider(value: unknown): value is PersonAtProvider {
  const v = value as Partial<PersonAtProvider> | null;
  return typeof v === 'object' && v !== null && typeof v.provider === 'string' && typeof v.providerUserId === 'string' && typeof v.name === 'string';
}

/** The target a job's data names (`service`, or `person` as `personTarget` stored it); null when it names neither. */
export function targetFromJob(providers: Providers, settings: PagingSettings, incident: Incident, data: Readonly<Record<string, unknown>>): PageTarget | null {
  if (typeof data.service === 'string') return serviceTarget(providers, settings, data.service);
  const person = data.person as { user?: unknown; found?: unknown } | undefined;
  if (typeof person !== 'object' || person === null || typeof person.user !== 'string' || !isSlackUserId(person.user) || !Array.isArray(person.found)) return null;
  return personTarget(providers, settings, incident, person.user, person.found.filter(isPersonAtProvider));
}
