import type { PeopleDirectory } from '../ports/people.js';
import type { Clock } from '../ports/runtime.js';

export interface PeopleCacheOptions {
  /** How long an answer (a name, or "no name") is kept (default 1 h): names rarely change. */
  readonly ttlMs?: number;
  /** How long a failed lookup is remembered as "no name" (default 1 min): soon asked again, yet an outage is not asked on every event. */
  readonly failureTtlMs?: number;
}

export const PEOPLE_CACHE_DEFAULTS = { ttlMs: 60 * 60_000, failureTtlMs: 60_000 } as const;

/**
 * The directory behind an in-memory cache, per replica. One lookup per user at a time: callers
 * asking while it runs share it. A failure never throws here: it answers null (the caller falls
 * back to the mention form) and is remembered only briefly.
 */
export function createCachedPeopleDirectory(deps: { directory: PeopleDirectory; clock: Clock }, options: PeopleCacheOptions = {}): PeopleDirectory {
  const ttlMs = options.ttlMs ?? PEOPLE_CACHE_DEFAULTS.ttlMs;
  const failureTtlMs = options.failureTtlMs ?? PEOPLE_CACHE_DEFAULTS.failureTtlMs;
  const cache = new Map<string, { name: string | null; until: number }>();
  const inFlight = new Map<string, Promise<string | null>>();

  const remember = (userId: string, name: string | null, forMs: number): string | null => {
    cache.set(userId, { name, until: deps.clock.now().getTime() + forMs });
    return name;
  };

  return {
    nameOf(userId) {
      const hit = cache.get(userId);
      if (hit && hit.until > deps.clock.now().getTime()) return Promise.resolve(hit.name);
      const running = inFlight.get(userId);
      if (running) return running;
      const lookup = deps.directory
        .nameOf(userId)
        .then(
          (name) => remember(userId, name, ttlMs),
          () => remember(userId, null, failureTtlMs),
        )
        .finally(() => inFlight.delete(userId));
      inFlight.set(userId, lookup);
      return lookup;
    },
  };
}
