import type { PagedPerson, PagingState } from '../../core/paging-state.js';
import type { PagePerson, PagesStore } from '../ports/paging.js';
import { PROVIDER_NAMES } from './provider-names.js';
import type { FindSlackUser } from './slack-directory.js';

/**
 * The pages sent for an incident, whether each was acknowledged, and the people they name: the
 * paging status of the summary. A person is found in Slack by email (cached by the directory), so
 * the summary mentions them; a failed or empty lookup leaves their name.
 */
export function createPagingStatus(pages: PagesStore, findSlackUser: FindSlackUser = () => Promise.resolve(null)): (incidentId: number) => Promise<PagingState> {
  async function shown(person: PagePerson, known: readonly PagePerson[]): Promise<PagedPerson> {
    // A webhook names the acknowledger by provider id only: the paged person with that id has the email.
    const email = person.email ?? known.find((k) => k.providerUserId !== null && k.providerUserId === person.providerUserId)?.email ?? null;
    const slackUserId = email ? await findSlackUser(email).catch(() => null) : null;
    return { name: person.name, slackUserId };
  }
  return async (incidentId) =>
    Promise.all(
      (await pages.forIncident(incidentId)).map(async (p) => {
        const paged = p.paged ?? [];
        return {
          provider: PROVIDER_NAMES[p.provider],
          sentAt: p.sentAt,
          acknowledgedAt: p.acknowledgedAt,
          paged: await Promise.all(paged.map((person) => shown(person, paged))),
          acknowledgedBy: p.acknowledgedBy ? await shown(p.acknowledgedBy, paged) : null,
        };
      }),
    );
}
