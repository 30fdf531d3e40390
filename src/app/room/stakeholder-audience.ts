import { liveChannel } from '../../core/room-gone.js';
import type { Incident } from '../../core/incident.js';
import type { RoomMessage } from '../../core/room-message.js';
import type { RoomState, RoomTask } from '../ports/room.js';
import type { RoomTaskContext } from './room-task-handler.js';
import { stakeholderChannelsOf } from './room-settings.js';

/** The purpose an announcement is remembered under, per configured stakeholder channel (set-up posts it). */
export const announcementPurpose = (target: string): string => `announce:${target}`;

/** The stakeholder announcements this incident's set-up posted: where each is, to edit it or reply in its thread. */
export function announcementsOf(state: RoomState, targets: readonly string[]): { target: string; channelId: string; ts: string }[] {
  return targets.flatMap((target) => {
    const posted = state.messages.get(announcementPurpose(target));
    return posted ? [{ target, channelId: posted.channelId, ts: posted.ts }] : [];
  });
}

/**
 * Posts one message of a task in every stakeholder channel, then the incident channel. Each post is
 * remembered (`<key>:<target>`) so a retry after a failure posts only where it had not yet.
 * A channel that refuses it is logged and skipped: one missing membership must not hold up the rest.
 */
export async function postToEveryAudience(task: RoomTask, room: RoomTaskContext, incident: Incident, message: RoomMessage, key: string): Promise<void> {
  const state = await room.outbox.roomState(incident.id);
  // A gone room is skipped: the stakeholder channels still hear.
  const inRoom = liveChannel(incident);
  const targets = [...stakeholderChannelsOf(room.settings, incident), ...(inRoom ? [inRoom] : [])];
  for (const target of targets) {
    const purpose = `${key}:${target}`;
    if (state.messages.has(purpose)) continue;
    const { channelId: channel, posted } = await room.postToStakeholders(task, target, message);
    if (posted.ok) await room.outbox.saveMessage(incident.id, purpose, channel ?? target, posted.value.ts, room.clock.now());
    else room.log.warn({ ref: incident.ref, channel: target, kind: message.kind, error: posted.error }, 'could not post to a stakeholder audience there');
  }
}
