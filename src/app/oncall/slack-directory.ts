import type { Chat } from '../ports/chat.js';
import type { Clock } from '../ports/runtime.js';

export type FindSlackUser = (email: string) => Promise<string | null>;

/**
 * Provider users map to Slack users by email. Answers (found or not) are cached for `ttlMs`, so an
 * incident storm does not look the same on-call engineer up a hundred times.
 */
export function createSlackDirectory(deps: { chat: Pick<Chat, 'lookupUserByEmail'>; clock: Clock; ttlMs?: number }): FindSlackUser {
  const ttl = deps.ttlMs ?? 10 * 60_000;
  const cache = new Map<string, { userId: string | null; until: number }>();
  return async (email) => {
    const key = email.trim().toLowerCase();
    const now = deps.clock.now().getTime();
    const hit = cache.get(key);
    if (hit && hit.until > now) return hit.userId;
    const found = await deps.chat.lookupUserByEmail(key);
    if (!found.ok) return null; // not cached: a Slack error is not an answer
    cache.set(key, { userId: found.value, until: now + ttl });
    return found.value;
  };
}
