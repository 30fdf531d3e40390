import type { Incident } from '../../core/incident.js';
import type { Logger } from '../ports/runtime.js';
import type { PagingProvider } from '../ports/paging.js';
import { onCallTargets } from '../oncall/paging-routes.js';
import type { OnCallSettings } from '../oncall/find-on-call.js';
import type { RoomLinks, RoomPerson } from './room-links.js';

/**
 * The sentence a break-glass page carries about the fallback room: a link naming the person the
 * page reaches, or why there is no room. Said per provider, because each provider pages its own
 * on-call (PagerDuty's escalation policy, the Opsgenie or JSM schedule).
 */
export type BreakGlassRoomLine = (incident: Incident, provider: PagingProvider, service: string) => Promise<string>;

export function createBreakGlassRoomLine(deps: {
  /** null while the room is off. */
  links: RoomLinks | null;
  /** Why the room is off, as /readyz says it. */
  offReason: string;
  settings: OnCallSettings;
  log: Logger;
}): BreakGlassRoomLine {
  /** The provider's primary on-call for the service; null when it names nobody or cannot be asked (Slack is not asked: it is down). */
  async function onCall(provider: PagingProvider, service: string): Promise<RoomPerson | null> {
    const target = onCallTargets(deps.settings.services[service], { [provider.name]: provider }, deps.settings.paging?.order)[0]?.[1];
    if (target === undefined) return null;
    try {
      const people = await provider.onCall(target);
      const primary = [...people].sort((a, b) => a.level - b.level)[0];
      return primary ? { name: primary.name, slackUserId: null, provider: provider.name } : null;
    } catch (err) {
      deps.log.warn({ provider: provider.name, service, err: err instanceof Error ? err.message : String(err) }, 'break-glass: could not read who is on call; the room link names the service on-call');
      return null;
    }
  }

  return async (incident, provider, service) => {
    if (deps.links === null) return `Warroom's fallback room is unavailable (${deps.offReason}).`;
    // Whoever the page reaches opens the room; the link names the on-call it was meant for.
    const person = (await onCall(provider, service)) ?? { name: `${service} on-call`, slackUserId: null, provider: provider.name };
    const link = deps.links.issue(incident.ref, person);
    return `Coordinate in Warroom's fallback room (your link, as ${person.name}, until ${link.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC): ${link.url}`;
  };
}
