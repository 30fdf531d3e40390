import { domainError } from '../../core/errors.js';
import type { PeopleEmails } from '../ports/people.js';
import type { PagingProvider, PagingProviderName } from '../ports/paging.js';
import type { JobQueue, Logger } from '../ports/runtime.js';
import { fail, ok, type Result } from '../result.js';
import type { PersonAtProvider } from './page-targets.js';
import { PROVIDER_NAMES } from './provider-names.js';

/** `/incident page @user`: the providers that will page the person, in order (their names). */
export type RequestPagePerson = (incidentId: number, user: string, actor: string) => Promise<Result<readonly string[]>>;

/**
 * Finds the person at the providers by the email of their Slack profile, then queues the page (the
 * same durable job as a service page, so the intent-first rule and failover apply alike). The
 * lookups run while Slack waits for the answer, so an unknown person is told at once.
 */
export function createRequestPagePerson(deps: {
  providers: Partial<Record<PagingProviderName, PagingProvider>>;
  /** Null when Slack is off: there is no profile to read an email from. */
  emails: PeopleEmails | null;
  jobs: JobQueue;
  log: Logger;
  pageJob: string;
}): RequestPagePerson {
  const unknown = (message: string) => fail<readonly string[]>(domainError('paging.person_unknown', message));

  async function find(provider: PagingProvider, email: string): Promise<PersonAtProvider | null> {
    if (!provider.findUser) return null;
    try {
      const user = await provider.findUser(email);
      return user ? { provider: provider.name, providerUserId: user.providerUserId, name: user.name } : null;
    } catch (err) {
      // One provider down must not hide the person from another that knows them.
      deps.log.warn({ provider: provider.name, err: err instanceof Error ? err.message : String(err) }, 'paging: user lookup failed');
      return null;
    }
  }

  return async (incidentId, user, actor) => {
    if (!deps.emails) return unknown('paging a person needs Slack (their email comes from their Slack profile).');
    let email: string | null;
    try {
      email = await deps.emails.emailOf(user);
    } catch (err) {
      deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'paging: users.info failed');
      return unknown('Slack did not say who they are (users.info failed); try again.');
    }
    if (email === null) return unknown('their Slack profile shows no email (Warroom needs the users:read.email scope).');
    const providers = Object.values(deps.providers).filter((p): p is PagingProvider => p !== undefined);
    const found = (await Promise.all(providers.map((p) => find(p, email)))).filter((p): p is PersonAtProvider => p !== null);
    if (found.length === 0) {
      const where = providers.map((p) => PROVIDER_NAMES[p.name]).join(' or ') || 'any paging provider (none is configured)';
      return unknown(`nobody with their email is known to ${where}.`);
    }
    await deps.jobs.send(deps.pageJob, { incidentId, person: { user, found }, attempt: 0, by: actor });
    return ok(found.map((p) => PROVIDER_NAMES[p.provider]));
  };
}
