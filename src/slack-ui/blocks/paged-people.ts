import type { PagedPerson } from '../../core/paging-state.js';
import { escapeWithin } from './escape-within.js';

/** Names beyond these are counted ("and 3 others"): the summary's context element stays short. */
const SHOWN = 2;
const NAME_MAX = 40;

/** A person in Slack text: the mention when their Slack account is known, else their name (escaped: provider text). */
export function pagedPerson(person: PagedPerson): string {
  return person.slackUserId ? `<@${person.slackUserId}>` : escapeWithin(person.name, NAME_MAX);
}

/** "Alice", "Alice and Bob", "Alice, Bob and 3 others"; empty when nobody is named. */
export function pagedPeople(people: readonly PagedPerson[]): string {
  const shown = people.slice(0, SHOWN).map(pagedPerson);
  const others = people.length - shown.length;
  if (others > 0) return `${shown.join(', ')} and ${others} ${others === 1 ? 'other' : 'others'}`;
  return shown.length === 2 ? `${shown[0]} and ${shown[1]}` : shown.join('');
}
