import { PEOPLE_PER_PAGE_MAX, providerPerson, type ProviderPerson } from '../../core/provider-person.js';

/** How `pages.paged_people` / `pages.acknowledged_by` (jsonb) are written: bounded, so provider text never grows a row unbounded. */
export function peopleColumn(people: readonly ProviderPerson[]): string {
  return JSON.stringify(people.slice(0, PEOPLE_PER_PAGE_MAX));
}

export function personColumn(person: ProviderPerson): string {
  return JSON.stringify(person);
}

/** Reads a stored person back; anything that is not one (a hand-edited row) names nobody. */
export function personFromColumn(value: unknown): ProviderPerson | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const text = (x: unknown) => (typeof x === 'string' ? x : null);
  return providerPerson({ providerUserId: text(v.providerUserId), name: text(v.name), email: text(v.email) });
}

export function peopleFromColumn(value: unknown): ProviderPerson[] {
  return Array.isArray(value) ? value.flatMap((v) => personFromColumn(v) ?? []) : [];
}
