import type { Incident } from '../core/incident.js';
import type { ChannelMembers } from './ports/channel-members.js';
import type { Clock, Logger } from './ports/runtime.js';

/**
 * How long a channel's member list is trusted. Short: someone removed from a private channel stops
 * seeing the incident within this; long enough that one person paging `/incident list` or reopening
 * the App Home costs one conversations.members call per private incident, not one per view.
 */
export const MEMBERS_TTL_MS = 30_000;

export interface PrivateVisibility {
  /** `incidents` without the private ones `user` is not a member of (order kept). */
  visibleTo(user: string, incidents: readonly Incident[]): Promise<Incident[]>;
}

/**
 * Who sees a private incident on Slack surfaces outside its channel (`/incident list`, the App Home):
 * the members of its channel, asked of Slack (conversations.members) rather than kept from
 * member_joined_channel events, since leaving or being removed sends no event Warroom subscribes to.
 * Fails closed: a private incident without a channel yet, or whose members Slack cannot give, is hidden.
 */
export function createPrivateVisibility(deps: { members: ChannelMembers; clock: Clock; log: Logger; ttlMs?: number }): PrivateVisibility & CachedChannels {
  const ttlMs = deps.ttlMs ?? MEMBERS_TTL_MS;
  const known = new Map<string, { members: Promise<ReadonlySet<string>>; until: number }>();

  /** Drops the lists past their time, so the cache holds the channels looked at lately, not every one ever. */
  function forgetExpired(now: number): void {
    for (const [channelId, entry] of known) if (entry.until <= now) known.delete(channelId);
  }

  function membersOf(channelId: string, now: number): Promise<ReadonlySet<string>> {
    const cached = known.get(channelId);
    if (cached) return cached.members;
    // Kept while in flight too: two views opened at once ask Slack once.
    const members = ask(channelId);
    known.set(channelId, { members, until: now + ttlMs });
    return members;
  }

  async function ask(channelId: string): Promise<ReadonlySet<string>> {
    try {
      return new Set(await deps.members.members(channelId));
    } catch (err) {
      known.delete(channelId);
      deps.log.warn({ channelId, err: err instanceof Error ? err.message : String(err) }, 'could not list a private incident channel’s members; its incident stays hidden');
      return new Set();
    }
  }

  return {
    async visibleTo(user, incidents) {
      const now = deps.clock.now().getTime();
      forgetExpired(now);
      // The channels are asked in parallel: `/incident list` answers within Slack's 3 s, and one
      // conversations.members call per private incident in a row would not fit there.
      const seen = await Promise.all(
        incidents.map(async (incident) => {
          if (incident.private !== true) return true;
          return incident.channelId !== null && (await membersOf(incident.channelId, now)).has(user);
        }),
      );
      return incidents.filter((_, i) => seen[i]);
    },
    cachedChannelCount: () => known.size,
  };
}

/** For tests and metrics: how many channels' member lists are held. */
export interface CachedChannels {
  cachedChannelCount(): number;
}
