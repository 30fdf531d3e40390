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
export function createPrivateVisibility(deps: { members: ChannelMembers; clock: Clock; log: Logger; ttlMs?: number }): PrivateVisibility {
  const ttlMs = deps.ttlMs ?? MEMBERS_TTL_MS;
  const known = new Map<string, { members: ReadonlySet<string>; until: number }>();

  async function membersOf(channelId: string): Promise<ReadonlySet<string>> {
    const now = deps.clock.now().getTime();
    const cached = known.get(channelId);
    if (cached && cached.until > now) return cached.members;
    try {
      const members = new Set(await deps.members.members(channelId));
      known.set(channelId, { members, until: now + ttlMs });
      return members;
    } catch (err) {
      deps.log.warn({ channelId, err: err instanceof Error ? err.message : String(err) }, 'could not list a private incident channel’s members; its incident stays hidden');
      return new Set();
    }
  }

  return {
    async visibleTo(user, incidents) {
      const shown: Incident[] = [];
      for (const incident of incidents) {
        if (incident.private !== true) shown.push(incident);
        else if (incident.channelId !== null && (await membersOf(incident.channelId)).has(user)) shown.push(incident);
      }
      return shown;
    },
  };
}
