/**
 * A person as a paging provider names them (a PagerDuty user, an Opsgenie user): what the summary
 * and the timeline show of who was paged and who acknowledged. Every field is untrusted provider text.
 */
export interface ProviderPerson {
  /** The provider's id for them (PagerDuty user id, Opsgenie username); never shown to people. */
  readonly providerUserId: string | null;
  readonly name: string;
  /** Finds their Slack account (users.lookupByEmail); null when the provider does not say. */
  readonly email: string | null;
}

/** At most this many people are kept per page: a page goes to a few people, never a crowd. */
export const PEOPLE_PER_PAGE_MAX = 10;
const FIELD_MAX = 200;

/** A person fit to store: trimmed, bounded, with no empty name; null when the provider named nobody. */
export function providerPerson(input: { providerUserId?: string | null | undefined; name?: string | null | undefined; email?: string | null | undefined }): ProviderPerson | null {
  const clean = (s: string | null | undefined) => (s && s.trim().length > 0 ? s.trim().slice(0, FIELD_MAX) : null);
  const name = clean(input.name) ?? clean(input.email);
  if (name === null) return null;
  return { providerUserId: clean(input.providerUserId), name, email: clean(input.email) };
}
