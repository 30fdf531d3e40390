import { domainError } from '../../core/errors.js';
import type { Incident } from '../../core/incident.js';
import { personRef } from '../../core/people.js';
import type { IncidentStore } from '../ports/incidents.js';
import { PagingUnavailableError, type PagesStore, type PagingProvider, type PagingProviderName } from '../ports/paging.js';
import type { Clock } from '../ports/runtime.js';
import { fail, ok, type Result } from '../result.js';
import { roomTasks, type RoomPolicy } from '../room-tasks.js';
import type { PagingSettings } from './page-targets.js';
import { PROVIDER_NAMES } from './provider-names.js';
import type { FindSlackUser } from './slack-directory.js';

/** Who is paged now that the page moved on: a Slack user when their email matched one, else their name. */
export interface Escalated {
  readonly provider: string;
  readonly level: number;
  readonly nowPaged: readonly { readonly slackUserId: string | null; readonly name: string }[];
}

/** `/incident escalate`: moves the incident's latest page to the next level of its escalation. */
export type EscalatePage = (incident: Incident, actor: string) => Promise<Result<Escalated>>;

/**
 * The page moved on is the latest one a provider answered for. Its level is counted here (the
 * escalations already recorded on the timeline), since the providers do not all say where a page
 * stands; PagerDuty's `escalation_level` is absolute, so a repeated call lands on the same level.
 */
export function createEscalatePage(deps: {
  providers: Partial<Record<PagingProviderName, PagingProvider>>;
  store: IncidentStore;
  pages: PagesStore;
  settings: PagingSettings;
  findSlackUser: FindSlackUser;
  room: RoomPolicy;
  clock: Clock;
}): EscalatePage {
  const nothing = (message: string) => fail<Escalated>(domainError('paging.nothing_to_escalate', message));

  /** The escalation a provider moves through, where it needs one named: `services.<s>.<provider>.escalation` of the incident's services first. */
  function escalationFor(incident: Incident, provider: PagingProviderName): string | null {
    const services = [...incident.services, ...Object.keys(deps.settings.services)];
    for (const s of services) {
      const config = (deps.settings.services[s] as Readonly<Record<string, { readonly escalation?: string | null } | undefined>> | undefined)?.[provider];
      if (config?.escalation) return config.escalation;
    }
    return null;
  }

  async function levelOf(incidentId: number, reference: string): Promise<number> {
    const escalations = (await deps.store.timeline(incidentId)).filter((e) => e.kind === 'page_sent' && e.data.escalated === true && e.data.reference === reference);
    return Math.max(1, ...escalations.map((e) => (typeof e.data.level === 'number' ? e.data.level : 1)));
  }

  return async (incident, actor) => {
    const latest = (await deps.pages.forIncident(incident.id)).at(-1);
    if (!latest) return nothing('Nothing to escalate: nobody has been paged for this incident yet (`/incident page <service|@user>` first).');
    const provider = deps.providers[latest.provider];
    const name = PROVIDER_NAMES[latest.provider];
    if (!provider?.escalate) return nothing(`${name} cannot escalate a page from Warroom.`);
    const fromLevel = await levelOf(incident.id, latest.reference);
    let outcome;
    try {
      outcome = await provider.escalate(latest.reference, { fromLevel, escalation: escalationFor(incident, latest.provider) });
    } catch (err) {
      const why = err instanceof PagingUnavailableError ? `${name} is unavailable right now; try again.` : `${name} refused: ${err instanceof Error ? err.message : String(err)}`;
      return fail(domainError('paging.provider_failed', why));
    }
    if (outcome.kind === 'no_escalation') return nothing(`Nothing to escalate through: no ${name} escalation is configured (services.<service>.${latest.provider}.escalation).`);
    if (outcome.kind === 'last_level') return nothing(`Nothing to escalate: the ${name} page is already at the last level (${outcome.level}) of its escalation.`);
    const nowPaged = await Promise.all(outcome.nowPaged.map(async (p) => ({ slackUserId: p.email ? await deps.findSlackUser(p.email) : null, name: p.name })));
    const who = nowPaged.map((p) => (p.slackUserId ? personRef(p.slackUserId) : p.name)).join(', ') || 'nobody the provider named';
    const first = nowPaged.find((p) => p.slackUserId !== null)?.slackUserId;
    await deps.store.append(
      incident.id,
      [
        {
          at: deps.clock.now(),
          kind: 'page_sent',
          actor,
          text: `Escalated the ${name} page to level ${outcome.level}: now paging ${who}`,
          data: { provider: latest.provider, reference: latest.reference, escalated: true, level: outcome.level, ...(first ? { user: first } : {}) },
        },
      ],
      roomTasks.changed(deps.room),
    );
    return ok({ provider: name, level: outcome.level, nowPaged });
  };
}
