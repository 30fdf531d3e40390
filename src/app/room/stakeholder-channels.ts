import type { Chat } from '../ports/chat.js';
import type { Clock } from '../ports/runtime.js';

/** How long a channel name → id answer is trusted before Slack is asked again. */
export const CHANNEL_NAME_TTL_MS = 10 * 60_000;

/** Answers that mean the remembered id no longer names a channel we can post in. */
const STALE_CHANNEL_ERRORS = new Set(['channel_not_found', 'is_archived']);

export interface StakeholderChannels {
  /** The channel id of a configured target: an id as is, a `#name` looked up (remembered for a while). */
  resolve(target: string): Promise<string | null>;
  /**
   * Slack refused `channelId` (resolved from `target`) with `error`: if that means the remembered
   * id is stale (the channel was deleted, or archived and a new one took its name), forgets it
   * and answers the id the name has now, or null when there is nothing new to try.
   */
  refresh(target: string, channelId: string, error: string): Promise<string | null>;
}

/**
 * Stakeholder channels named `#name` in the config. Finding a name pages through
 * conversations.list (Tier 2, up to 50 pages in a large workspace), so each replica remembers
 * the answer for CHANNEL_NAME_TTL_MS instead of asking on every set-up and update.
 * A name Slack does not know is not remembered: creating the channel takes effect at once.
 */
export function createStakeholderChannels(deps: { chat: Pick<Chat, 'findChannel'>; clock: Clock; ttlMs?: number }): StakeholderChannels {
  const ttlMs = deps.ttlMs ?? CHANNEL_NAME_TTL_MS;
  const known = new Map<string, { id: string; until: number }>();

  async function lookUp(name: string): Promise<string | null> {
    const found = await deps.chat.findChannel(name);
    if (found) known.set(name, { id: found.id, until: deps.clock.now().getTime() + ttlMs });
    return found?.id ?? null;
  }

  return {
    async resolve(target) {
      if (!target.startsWith('#')) return target;
      const name = target.slice(1);
      const cached = known.get(name);
      if (cached && cached.until > deps.clock.now().getTime()) return cached.id;
      return lookUp(name);
    },

    async refresh(target, channelId, error) {
      if (!target.startsWith('#') || !STALE_CHANNEL_ERRORS.has(error)) return null;
      const name = target.slice(1);
      known.delete(name);
      const fresh = await lookUp(name);
      return fresh !== channelId ? fresh : null;
    },
  };
}
