/**
 * People on the timeline. An event names people by Slack user id in its structured fields (who
 * acted, and the `user`, `previous` or `author` of its data); their names are looked up when the
 * event is recorded and stored with it (`TimelineEvent.names`). Text read in Slack shows a person as
 * a mention `<@U…>` (Slack renders the name); text read elsewhere (the postmortem, the API, the
 * CLI) shows the stored name, or the mention form when none is known — never a bare id.
 */
import { isSlackUserId, SLACK_USER_ID_PATTERN } from './slack-user-id.js';
import type { TimelineEvent } from './timeline.js';

/** Slack user id → name (real name, else display name), as captured when events happened. */
export type PeopleNames = Readonly<Record<string, string>>;

/** The data fields that hold a person; what free text mentions is untrusted and names nobody. */
const PERSON_FIELDS = ['user', 'previous', 'author'] as const;

/** How Warroom writes a person into timeline text: the mention `<@U…>` for a Slack user, anything else as it is. */
export function personRef(who: string): string {
  return isSlackUserId(who) ? `<@${who}>` : who;
}

/** The mention form, the fallback wherever a person's name is not known. */
export function mention(userId: string): string {
  return `<@${userId}>`;
}

/** The Slack users an event names: its actor and the people of its data, each once. */
export function peopleOf(event: Pick<TimelineEvent, 'actor' | 'data'>): string[] {
  const people = new Set<string>();
  if (isSlackUserId(event.actor)) people.add(event.actor);
  for (const field of PERSON_FIELDS) {
    const value = event.data[field];
    if (typeof value === 'string' && isSlackUserId(value)) people.add(value);
  }
  return [...people];
}

/** Every name captured on a timeline (oldest first): a later capture wins, so a renamed person reads as they are now called. */
export function namesIn(events: readonly Pick<TimelineEvent, 'names'>[]): PeopleNames {
  const names: Record<string, string> = {};
  for (const e of events) if (e.names) Object.assign(names, e.names);
  return names;
}

/** A person as read outside Slack: their name, else the mention form; an actor that is no person (`pagerduty`, `api`) as it is. */
export function personName(who: string, names: PeopleNames): string {
  return isSlackUserId(who) ? (names[who] ?? mention(who)) : who;
}

export type TextPiece = { readonly text: string } | { readonly person: string };

// A mention (`<@U…>`, or `<@U…|label>` as Slack escapes one in a command) or a bare id standing as a
// whole word, which is how text recorded before names were captured wrote a person.
const PERSON_TOKEN = new RegExp(`<@(${SLACK_USER_ID_PATTERN})(?:\\|[^<>]*)?>|(?<![A-Za-z0-9])(${SLACK_USER_ID_PATTERN})(?![A-Za-z0-9])`, 'g');

/**
 * Splits event text into plain runs and references to the event's own people (`peopleOf`). Any
 * other mention or id-like word stays plain text: free text from alerts and users names nobody.
 */
export function splitPeople(text: string, people: readonly string[]): TextPiece[] {
  if (people.length === 0 || !people.some((id) => text.includes(id))) return [{ text }];
  const pieces: TextPiece[] = [];
  let from = 0;
  for (const m of text.matchAll(PERSON_TOKEN)) {
    const id = m[1] ?? m[2] ?? '';
    if (!people.includes(id)) continue;
    if (m.index > from) pieces.push({ text: text.slice(from, m.index) });
    pieces.push({ person: id });
    from = m.index + m[0].length;
  }
  if (from < text.length) pieces.push({ text: text.slice(from) });
  return pieces;
}

/** Joins pieces, rendering plain runs and people each their own way (escaping, names, mentions). */
export function renderPieces(pieces: readonly TextPiece[], plain: (text: string) => string, person: (userId: string) => string): string {
  let out = '';
  for (const piece of pieces) out += 'person' in piece ? person(piece.person) : plain(piece.text);
  return out;
}

const MENTION = new RegExp(`<@(${SLACK_USER_ID_PATTERN})(?:\\|[^<>]*)?>`, 'g');

/**
 * An event's text as read outside Slack (the API, the CLI, the postmortem): each person it names by
 * name, from the names the event captured, else from `names` (the incident's), else the mention
 * form. A stakeholder update is text the commander chose to send as mentions (the draft names the
 * commander): its mentions of people the incident knows by name read as those names too.
 */
export function readableText(event: Pick<TimelineEvent, 'actor' | 'data' | 'text' | 'names'> & { readonly kind?: string }, names: PeopleNames = {}): string {
  const own = event.names ?? {};
  const known = (id: string): string | undefined => own[id] ?? names[id];
  const mentioned = event.kind === 'stakeholder_update' ? [...event.text.matchAll(MENTION)].map((m) => m[1] ?? '').filter((id) => known(id) !== undefined) : [];
  const pieces = splitPeople(event.text, [...peopleOf(event), ...mentioned]);
  return renderPieces(pieces, (text) => text, (id) => known(id) ?? personName(id, names));
}
