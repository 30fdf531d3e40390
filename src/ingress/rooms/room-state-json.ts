import type { RoomPerson } from '../../app/fallback/room-links.js';
import type { RenderedChart } from '../../app/ports/metrics.js';
import type { IncidentView } from '../../app/query-incidents.js';
import { namesIn, personName, readableText, type PeopleNames } from '../../core/people.js';
import { scopeHeadline, scopeMeasuredNote } from '../../core/scope.js';
import type { TimelineEvent } from '../../core/timeline.js';

/**
 * What the fallback room page draws (issue 23): the incident as its Slack room shows it — summary,
 * roles, scope and its chart, checks, timeline — with every person by name, never by id. Plain
 * data: the page puts every string in the DOM as text, never as HTML. `chart`: the newest
 * failing-share chart, whose PNG the page reads at `chart.png` (`version` changes with each render).
 */
export function roomStateJson(
  view: IncidentView,
  events: readonly TimelineEvent[],
  visitor: { person: RoomPerson; expiresAt: Date },
  chart: RenderedChart | null,
): Record<string, unknown> {
  const { incident } = view;
  const { ref, title, description, status, severity, services } = incident;
  const names = namesOf(events, visitor.person);
  return {
    ...{ ref, title, description, status, severity, services },
    roles: Object.entries(incident.roles).map(([role, holder]) => ({ role, name: holder === null ? null : personName(holder, names) })),
    scope: incident.scope === null ? null : { headline: scopeHeadline(incident.scope), measured: scopeMeasuredNote(incident.scope), at: incident.scope.at },
    chart: chart === null ? null : { title: chart.title, at: chart.at.toISOString(), version: chart.version },
    checks: latestChecks(events),
    timeline: events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, who: personName(e.actor, names), text: readableText(e, names) })),
    you: { name: visitor.person.name },
    linkExpiresAt: visitor.expiresAt.toISOString(),
    updatedAt: incident.updatedAt.toISOString(),
  };
}

/** The names the timeline captured; the visitor's own, from their link, where Slack could not be asked (it may be down). */
function namesOf(events: readonly TimelineEvent[], person: RoomPerson): PeopleNames {
  const captured = namesIn(events);
  const id = person.slackUserId;
  return id === null || captured[id] !== undefined ? captured : { ...captured, [id]: person.name };
}

/** Each check's latest outcome, in the order checks first ran. */
function latestChecks(events: readonly TimelineEvent[]): { name: string; outcome: string; text: string; at: string }[] {
  const byName = new Map<string, { name: string; outcome: string; text: string; at: string }>();
  for (const e of events) {
    if (e.kind !== 'check_result' || typeof e.data.name !== 'string') continue;
    byName.set(e.data.name, { name: e.data.name, outcome: typeof e.data.outcome === 'string' ? e.data.outcome : 'error', text: e.text, at: e.at.toISOString() });
  }
  return [...byName.values()];
}
