import { domainError } from '../../core/errors.js';
import type { Incident } from '../../core/incident.js';
import { acknowledgedMilestone, reportMilestones } from '../incident-milestones.js';
import { PagingUnavailableError, type PagesStore, type PagingProvider, type PagingProviderName, type PageReceipt } from '../ports/paging.js';
import { type Clock, type JobQueue, type Logger } from '../ports/runtime.js';
import { type IncidentStore } from '../ports/incidents.js';
import { type Telemetry } from '../ports/telemetry.js';
import { fail, ok, type Result } from '../result.js';
import { roomTasks, type RoomPolicy } from '../room-tasks.js';
import { isPagingProvider, PROVIDER_NAMES } from './provider-names.js';
import { pageAcknowledgedEvent } from './page-acknowledged-event.js';
import { pageText } from './page-text.js';
import { pollAcknowledgement } from './poll-acknowledgement.js';
import { createSyncResolve } from './sync-resolve.js';
import { createEscalatePage, type EscalatePage } from './escalate-page.js';
import { createRequestPagePerson, type RequestPagePerson } from './page-person.js';
import type { FindSlackUser } from './slack-directory.js';
import type { PeopleEmails } from '../ports/people.js';
import type { BreakGlassRoomLine } from '../fallback/break-glass-room.js';
import { serviceTarget, targetFromJob, type PageTarget, type PagingSettings } from './page-targets.js';

export type { PagingSettings } from './page-targets.js';

export const PAGE_JOB = 'paging.page';
export const ACK_CHECK_JOB = 'paging.check_ack';
export const SYNC_RESOLVE_JOB = 'paging.sync_resolve';

export interface PagingService {
  /** `/incident page <service>`: queues the page (a durable job) and says how it will go. */
  requestPage(incidentId: number, service: string, actor: string): Promise<Result<string>>;
  /** Job: page through the primary (or, failing over, the secondary) provider of the service. */
  runPage(data: Readonly<Record<string, unknown>>): Promise<void>;
  /** Job: a page not acknowledged in time goes to the other provider (SEV1/SEV2). */
  checkAck(data: Readonly<Record<string, unknown>>): Promise<void>;
  /** Slack has been unreachable too long: page the on-call of the incident's service (or the first configured one). */
  breakGlass(incident: Incident, scopeHeadline: string | null): Promise<void>;
  /** Job: resolving our incident resolves the PagerDuty incidents and closes the Opsgenie alerts linked to it. */
  syncResolve(incidentId: number): Promise<void>;
  /** `/incident page @user`: finds the person at the providers (by their Slack email) and queues the page. */
  requestPagePerson: RequestPagePerson;
  /** `/incident escalate`: the latest page moves to the next level of its escalation; says who is paged now. */
  escalate: EscalatePage;
}

const SERVICE_IN_KEY_MAX = 100;

interface BreakGlass {
  readonly scope: string;
  readonly service: string;
}

/**
 * The idempotency key of one page (PagerDuty incident_key, Opsgenie alias): the same for every
 * retry of that page, different for another service or the failover attempt. Bounded well under
 * PagerDuty's 255 and Opsgenie's 512 characters.
 */
export function pageKey(ref: string, service: string, attempt: 0 | 1): string {
  return `${ref}:${service.slice(0, SERVICE_IN_KEY_MAX)}:${attempt}`;
}

/**
 * Paging with failover. No incident tool pages through a second provider when the first is down:
 * for SEV1 and SEV2, a page the primary cannot send, or that nobody acknowledges within
 * `paging.ackTimeoutMinutes`, goes out through the other provider. Every attempt is on the timeline.
 */
export function createPagingService(deps: {
  providers: Partial<Record<PagingProviderName, PagingProvider>>;
  store: IncidentStore;
  pages: PagesStore;
  jobs: JobQueue;
  settings: PagingSettings;
  room: RoomPolicy;
  clock: Clock;
  log: Logger;
  /** Pages by provider and outcome, and time to acknowledge. */
  telemetry?: Pick<Telemetry, 'pageOutcome' | 'incidentMilestone'>;
  /** People's emails from Slack, to page a person; absent when Slack is off. */
  emails?: PeopleEmails | null;
  /** Provider people to Slack users by email, to say who an escalation pages. */
  findSlackUser?: FindSlackUser;
  /** What a break-glass page says about the fallback room (a link for the on-call, or why there is none); absent: nothing. */
  breakGlassRoomLine?: BreakGlassRoomLine;
}): PagingService {
  const { providers, settings } = deps;

  const urgent = (incident: Incident) => incident.severity === 'SEV1' || incident.severity === 'SEV2';

  async function record(incident: Incident, kind: 'page_sent' | 'page_failed', text: string, data: Record<string, unknown>): Promise<void> {
    await deps.store.append(incident.id, [{ at: deps.clock.now(), kind, actor: 'warroom', text, data }], roomTasks.changed(deps.room));
  }

  /** `breakGlass`: Slack is unreachable; the scope headline (or 'unknown') and the service whose on-call is paged. */
  async function page(incident: Incident, to: PageTarget, attempt: 0 | 1, reason: string | null, breakGlass: BreakGlass | null = null): Promise<void> {
    const { routes, name: target } = to;
    const chosen = routes[attempt];
    if (!chosen) {
      await record(incident, 'page_failed', `No ${attempt === 0 ? '' : 'second '}paging provider is configured for ${target}`, { ...to.data, attempt });
      return;
    }
    const name = PROVIDER_NAMES[chosen.provider.name];
    const failover = attempt === 0 && urgent(incident) && routes[1] !== undefined;
    const dedupKey = pageKey(incident.ref, to.key, attempt);
    // The intent first (DESIGN §4): a retry after a database blip finds it and re-sends the same key.
    const status = await deps.pages.intend(incident.id, { provider: chosen.provider.name, dedupKey, target: chosen.target }, deps.clock.now());
    if (status === 'sent') {
      deps.telemetry?.pageOutcome(chosen.provider.name, 'already_sent');
      await record(incident, 'page_sent', `Already paged ${target} through ${name}; not paging again`, { provider: chosen.provider.name, ...to.data, attempt, dedupKey, repeated: true });
      return;
    }
    // An earlier run saw this provider fail and went on to the other one: continue there.
    if (status === 'failed' && failover) return page(incident, to, 1, `${name} failed`, breakGlass);
    // Each provider's page carries a link for that provider's on-call.
    const roomLine = breakGlass && deps.breakGlassRoomLine ? await deps.breakGlassRoomLine(incident, chosen.provider, breakGlass.service) : null;
    let receipt: PageReceipt;
    try {
      receipt = await chosen.provider.page({
        incidentRef: incident.ref,
        dedupKey,
        ...pageText(incident, to.key, breakGlass?.scope ?? null, reason, roomLine),
        urgency: urgent(incident) ? 'high' : 'low',
        ...chosen.request,
      });
    } catch (err) {
      // Only the provider's own failure lands here; a storage error below is retried by the job
      // queue with the same key, never counted against the provider (no failover for it).
      const message = err instanceof Error ? err.message : String(err);
      deps.telemetry?.pageOutcome(chosen.provider.name, 'failed');
      await deps.pages.markFailed(chosen.provider.name, dedupKey);
      await record(incident, 'page_failed', `Paging ${target} through ${name} failed: ${message}`, { provider: chosen.provider.name, ...to.data, attempt, dedupKey, error: message });
      if (failover) return page(incident, to, 1, `${name} failed`, breakGlass);
      // Without a second provider, a provider outage is retried by the job queue.
      if (err instanceof PagingUnavailableError) throw err;
      return;
    }
    // Scheduled before the page is marked sent: a retry re-sends the key (deduplicated) and schedules it again, never skips it.
    if (failover) {
      await deps.jobs.send(ACK_CHECK_JOB, { incidentId: incident.id, ...to.job, provider: receipt.provider, reference: receipt.reference }, { startAfterSeconds: Math.max(1, Math.round(settings.paging.ackTimeoutMinutes * 60)) });
    }
    await deps.pages.markSent(dedupKey, receipt, deps.clock.now());
    deps.telemetry?.pageOutcome(chosen.provider.name, 'sent');
    await record(incident, 'page_sent', `${breakGlass ? 'Break-glass (Slack is unreachable): paged' : 'Paged'} ${target} through ${name}${reason ? ` (${reason})` : ''}`, { provider: receipt.provider, reference: receipt.reference, url: receipt.url, ...to.data, attempt, dedupKey });
  }

  async function load(data: Readonly<Record<string, unknown>>): Promise<{ incident: Incident; target: PageTarget } | null> {
    const id = typeof data.incidentId === 'number' ? data.incidentId : null;
    if (id === null) return null;
    const incident = await deps.store.find(id);
    const target = incident && incident.status !== 'resolved' ? targetFromJob(providers, settings, incident, data) : null;
    return incident && target ? { incident, target } : null;
  }

  return {
    async requestPage(incidentId, service, actor) {
      if (!settings.services[service]) return fail(domainError('incident.invalid_text', `Unknown service "${service.slice(0, 50)}". Configured: ${Object.keys(settings.services).join(', ') || 'none'}.`));
      const { routes } = serviceTarget(providers, settings, service);
      if (routes.length === 0) return fail(domainError('incident.invalid_text', `No paging provider is configured for ${service} (set services.${service}.match.pagerdutyServiceIds, opsgenie.schedule or jsm.schedule, and the provider's credentials).`));
      await deps.jobs.send(PAGE_JOB, { incidentId, service, attempt: 0, by: actor });
      return ok(`Paging ${service} through ${routes.map((r) => PROVIDER_NAMES[r.provider.name]).join(', then ')}…`);
    },

    async runPage(data) {
      const loaded = await load(data);
      if (!loaded) return;
      await page(loaded.incident, loaded.target, data.attempt === 1 ? 1 : 0, typeof data.reason === 'string' ? data.reason : null);
    },

    async checkAck(data) {
      const loaded = await load(data);
      if (!loaded) return;
      const provider = isPagingProvider(data.provider) ? providers[data.provider] : undefined;
      const reference = typeof data.reference === 'string' ? data.reference : '';
      const sent = (await deps.pages.forIncident(loaded.incident.id)).find((p) => p.reference === reference);
      if (sent?.acknowledgedAt) return;
      const ack = provider ? await pollAcknowledgement(provider, reference) : null;
      if (provider && ack?.acknowledged) {
        const now = deps.clock.now();
        // Told once: the webhook may have recorded it since the check above (then it said so itself).
        if (!(await deps.pages.markAcknowledged(provider.name, reference, now, ack))) return;
        // The summary's paging status follows.
        await deps.store.append(loaded.incident.id, [pageAcknowledgedEvent(provider.name, reference, ack.acknowledgedBy, now)], roomTasks.changed(deps.room));
        reportMilestones(deps.telemetry, [acknowledgedMilestone(loaded.incident, now)]);
        return;
      }
      await page(loaded.incident, loaded.target, 1, `not acknowledged within ${settings.paging.ackTimeoutMinutes} min`);
    },

    async breakGlass(incident, scopeHeadline) {
      const routed = (s: string) => serviceTarget(providers, settings, s).routes.length > 0;
      const service = incident.services.find(routed) ?? Object.keys(settings.services).find(routed);
      if (!service) {
        await record(incident, 'page_failed', 'Break-glass: Slack is unreachable, but no paging provider is configured for any service', {});
        return;
      }
      await page(incident, serviceTarget(providers, settings, service), 0, null, { scope: scopeHeadline ?? 'unknown', service });
    },

    requestPagePerson: createRequestPagePerson({ providers, emails: deps.emails ?? null, jobs: deps.jobs, log: deps.log, pageJob: PAGE_JOB }),
    escalate: createEscalatePage({ ...deps, findSlackUser: deps.findSlackUser ?? (() => Promise.resolve(null)) }),

    syncResolve: createSyncResolve({ providers, store: deps.store, pages: deps.pages, resolveLinked: settings.paging.resolveLinked, clock: deps.clock }),
  };
}
