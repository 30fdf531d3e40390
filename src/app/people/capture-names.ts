import { peopleOf } from '../../core/people.js';
import type { TimelineEvent } from '../../core/timeline.js';
import type { PeopleDirectory } from '../ports/people.js';

/** Adds to events the names of the people they name, looked up now (when the events happen). */
export type CaptureNames = (events: readonly TimelineEvent[]) => Promise<readonly TimelineEvent[]>;

/** How long recording an event waits for names at most (default 1 s); then it goes on without the missing ones. */
export const NAME_WAIT_MS = 1000;

/**
 * Looks up every person the events name, at once, and waits at most `waitMs`: a slow or failing
 * directory never blocks nor fails the command that records them. A lookup still running goes on
 * and fills the cache for the next event. Events that name nobody pass through untouched.
 */
export function createCaptureNames(deps: { directory: PeopleDirectory }, waitMs: number = NAME_WAIT_MS): CaptureNames {
  return async (events) => {
    const people = new Set(events.flatMap((e) => peopleOf(e)));
    if (people.size === 0) return events;
    const found = new Map<string, string>();
    const lookups = [...people].map((id) =>
      deps.directory.nameOf(id).then(
        (name) => {
          if (name !== null) found.set(id, name);
        },
        () => undefined,
      ),
    );
    let timer: NodeJS.Timeout | undefined;
    const outOfTime = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, waitMs));
    });
    try {
      await Promise.race([Promise.all(lookups), outOfTime]);
    } finally {
      clearTimeout(timer);
    }
    return events.map((e) => withNames(e, found));
  };
}

function withNames(event: TimelineEvent, found: ReadonlyMap<string, string>): TimelineEvent {
  const names: Record<string, string> = { ...event.names };
  for (const id of peopleOf(event)) {
    const name = found.get(id);
    if (name !== undefined) names[id] = name;
  }
  return Object.keys(names).length === 0 ? event : { ...event, names };
}
