import { bridgeUrlOf } from '../../core/bridge.js';
import type { Incident } from '../../core/incident.js';
import type { BridgeBookmark } from '../ports/room.js';
import type { RoomTaskPorts } from './room-task-handler.js';

const TITLE = 'Call';

/**
 * Points the channel's call bookmark at the incident's call link: added the first time there is a
 * link, edited in place when it changes (added again if someone removed it). Answers the bookmark
 * as it is now, or null when nothing had to change.
 */
export async function syncBridgeBookmark(
  incident: Incident,
  channelId: string,
  current: BridgeBookmark | undefined,
  room: Pick<RoomTaskPorts, 'chat' | 'settings' | 'log'>,
): Promise<BridgeBookmark | null> {
  const url = bridgeUrlOf(incident, room.settings.bridge?.url ?? null);
  if (url === null || url === current?.url) return null;
  if (current?.id) {
    const edited = await room.chat.editBookmark(channelId, current.id, TITLE, url);
    if (edited.ok) return { id: current.id, url };
    if (edited.error !== 'not_found') {
      room.log.warn({ ref: incident.ref, error: edited.error }, 'could not update the call bookmark');
      return { id: current.id, url };
    }
  }
  const added = await room.chat.bookmark(channelId, TITLE, url);
  if (!added.ok) room.log.warn({ ref: incident.ref, error: added.error }, 'could not bookmark the call link');
  return { id: added.ok ? added.value.id : null, url };
}
