import type { Logger } from '../ports/runtime.js';
import type { OnCallPerson, PagingProvider, PagingProviderName } from '../ports/paging.js';
import { onCallTargets, type ServicePagingTargets } from './paging-routes.js';
import type { FindSlackUser } from './slack-directory.js';

/** Per service: which escalation policy (PagerDuty) and schedule (Opsgenie, JSM) are on call for it, asked in `paging.order`. */
export interface OnCallSettings {
  readonly services: Readonly<Record<string, ServicePagingTargets>>;
  readonly paging?: { readonly order?: readonly PagingProviderName[] };
}

export interface OnCallEntry {
  readonly provider: PagingProviderName;
  readonly person: OnCallPerson;
  readonly slackUserId: string | null;
}

export interface OnCallLookup {
  /** Everyone on call for a service, from both providers; a provider that fails gives an `errors` entry. */
  forService(service: string): Promise<{ entries: OnCallEntry[]; errors: { provider: PagingProviderName; message: string }[] }>;
  /** The Slack user of the primary on-call of the first service that has one (providers in `paging.order`); null when nobody maps. */
  primaryFor(services: readonly string[]): Promise<OnCallEntry | null>;
}

/** Time allowed to find a commander, so a slow provider never holds up the channel. */
const BUDGET_MS = 3000;

export function createOnCallLookup(deps: {
  providers: Partial<Record<PagingProviderName, PagingProvider>>;
  findSlackUser: FindSlackUser;
  settings: OnCallSettings;
  log: Logger;
}): OnCallLookup {
  async function ask(provider: PagingProvider, target: string): Promise<OnCallEntry[]> {
    const people = await withBudget(provider.onCall(target));
    return Promise.all(people.map(async (person) => ({ provider: provider.name, person, slackUserId: person.email ? await deps.findSlackUser(person.email) : null })));
  }

  const targets = (service: string): [PagingProvider, string][] => onCallTargets(deps.settings.services[service], deps.providers, deps.settings.paging?.order);

  return {
    async forService(service) {
      const entries: OnCallEntry[] = [];
      const errors: { provider: PagingProviderName; message: string }[] = [];
      await Promise.all(
        targets(service).map(async ([provider, target]) => {
          try {
            entries.push(...(await ask(provider, target)));
          } catch (err) {
            errors.push({ provider: provider.name, message: err instanceof Error ? err.message : String(err) });
          }
        }),
      );
      entries.sort((a, b) => a.provider.localeCompare(b.provider) || a.person.level - b.person.level);
      return { entries, errors };
    },

    async primaryFor(services) {
      for (const service of services) {
        for (const [provider, target] of targets(service)) {
          try {
            const primary = (await ask(provider, target)).find((e) => e.person.level === 1 && e.slackUserId !== null) ?? null;
            if (primary) return primary;
          } catch (err) {
            deps.log.warn({ provider: provider.name, service, err: err instanceof Error ? err.message : String(err) }, 'could not read who is on call; trying the next source');
          }
        }
      }
      return null;
    },
  };
}

function withBudget<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${BUDGET_MS} ms`)), BUDGET_MS);
    }),
  ]);
}
