/**
 * Who a PagerDuty incident names (REST API v2 incident object): `assignments[].assignee` (who it
 * is assigned to: whom the page went to) and `acknowledgements[].acknowledger` (who acknowledged
 * it; an acknowledger may also be a service or an integration, which is nobody to name). Both are
 * references (`id`, `summary`, `type`); the email comes from `/users/{id}`.
 */
import { z } from 'zod';
import { PEOPLE_PER_PAGE_MAX, providerPerson, type ProviderPerson } from '../../core/provider-person.js';

const referenceSchema = z.object({ id: z.string().nullish(), summary: z.string().nullish(), type: z.string().nullish() });

export const incidentPeopleFields = {
  assignments: z.array(z.object({ assignee: referenceSchema.nullish() })).nullish(),
  acknowledgements: z.array(z.object({ acknowledger: referenceSchema.nullish() })).nullish(),
};

type Reference = z.infer<typeof referenceSchema>;
type IncidentPeople = z.infer<z.ZodObject<typeof incidentPeopleFields>>;

const isUser = (ref: Reference | null | undefined): ref is Reference => ref !== null && ref !== undefined && (ref.type === 'user_reference' || ref.type === 'user');
const person = (ref: Reference) => providerPerson({ providerUserId: ref.id, name: ref.summary });

/** Whom the incident is assigned to, as references (no emails yet). */
export function assignees(incident: IncidentPeople): ProviderPerson[] {
  const people = (incident.assignments ?? []).flatMap((a) => (isUser(a.assignee) ? (person(a.assignee) ?? []) : []));
  return people.slice(0, PEOPLE_PER_PAGE_MAX);
}

/** The first person who acknowledged it, if a person did. */
export function acknowledger(incident: IncidentPeople): ProviderPerson | null {
  const first = (incident.acknowledgements ?? []).find((a) => isUser(a.acknowledger));
  return first?.acknowledger ? person(first.acknowledger) : null;
}

/** Adds each person's email (to find them in Slack); a lookup that fails leaves the name alone, never fails the page. */
export async function withEmails(people: readonly ProviderPerson[], emailOf: (id: string) => Promise<string | null>): Promise<ProviderPerson[]> {
  return Promise.all(
    people.map(async (p) => {
      if (p.email !== null || p.providerUserId === null) return p;
      const email = await emailOf(p.providerUserId).catch(() => null);
      return { ...p, email };
    }),
  );
}
