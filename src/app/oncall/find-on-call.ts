import type { Logger } from '../ports/runtime.js';
import type { OnCallPerson, PagingProvider, PagingProviderName } from '../ports/paging.js';
import type { FindSlackUser } from './slack-directory.js';

/** Per service: which escalation policy (PagerDuty) and schedule (Opsgenie) are on call for it. */
export interface OnCallSettings {
  readonly services: Readonly<Record<string, { readonly pagerduty: { readonly escalationPolicyId: string | null }; readonly opsgenie: { readonly schedule: string | null } }>>;
}

export interface OnCallEntry {
  readonly provider: PagingProviderName;
  readonly person: OnCallPerson;
  readonly slackUserId: string | null;
}

export interface OnCallLookup {
  /** Everyone on call for a service, from both providers; a provider that fails gives an `errors` entry. */
  forService(service: string): Promise<{ entries: OnCallEntry[]; errors: { provider: PagingProviderName; message: string }[] }>;
  /** The Slack user of the primary on-call of the first service that has one (PagerDuty, else Opsgenie); null when nobody maps. */
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

  function targets(service: string): [PagingProvider, string][] {
    const config = deps.settings.services[service];
    const result: [PagingProvider, string][] = [];
    if (config?.pagerduty.escalationPolicyId && deps.providers.pagerduty) result.push([deps.providers.pagerduty, config.pagerduty.escalationPolicyId]);
    if (config?.opsgenie.schedule && deps.providers.opsgenie) result.push([deps.providers.opsgenie, config.opsgenie.schedule]);
    return result;
  }

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
