import { liveChannel } from '../../../core/room-gone.js';
import type { RoomTaskHandler } from '../room-task-handler.js';

/** A posted stakeholder update: to every stakeholder channel, then the incident channel. */
export const stakeholderUpdate: RoomTaskHandler<'stakeholder_update'> = async (task, room) => {
  const incident = await room.incidents.find(task.incidentId);
  if (!incident) return 'incident gone';
  const { text, by } = task.payload;
  const at = new Date(task.payload.at);
  const state = await room.outbox.roomState(incident.id);
  const key = `update:${task.id}`;
  const inRoom = liveChannel(incident);
  const targets = [...room.settings.stakeholderChannels, ...(inRoom ? [inRoom] : [])];
  for (const target of targets) {
    const purpose = `${key}:${target}`;
    if (state.messages.has(purpose)) continue;
    const { channelId: channel, posted } = await room.postToStakeholders(task, target, { kind: 'stakeholder_update', incident, text, by, at });
    if (posted.ok) await room.outbox.saveMessage(incident.id, purpose, channel ?? target, posted.value.ts, room.clock.now());
    else room.log.warn({ ref: incident.ref, channel: target, error: posted.error }, 'could not post the stakeholder update there');
  }
  return 'update posted';
};
