import type { RoomTaskHandler } from '../room-task-handler.js';
import { announcementsOf } from '../stakeholder-audience.js';
import { stakeholderChannelsOf } from '../room-settings.js';

/** A raised severity: one short line in each announcement's thread (the announcement itself is edited by refresh_announcements). */
export const announceEscalation: RoomTaskHandler<'announce_escalation'> = async (task, room) => {
  const incident = await room.incidents.find(task.incidentId);
  if (!incident) return 'incident gone';
  const state = await room.outbox.roomState(incident.id);
  const { from, to } = task.payload;
  const message = { kind: 'announcement_escalated', incident, from, to, at: new Date(task.payload.at) } as const;
  let posted = 0;
  for (const { target, channelId, ts } of announcementsOf(state, stakeholderChannelsOf(room.settings, incident))) {
    const purpose = `escalation:${task.id}:${target}`;
    if (state.messages.has(purpose)) continue;
    const reply = await room.postOnce(task, channelId, message, ts);
    if (!reply.ok) {
      room.log.warn({ ref: incident.ref, channel: target, error: reply.error }, 'could not reply in the stakeholder announcement thread');
      continue;
    }
    await room.outbox.saveMessage(incident.id, purpose, channelId, reply.value.ts, room.clock.now());
    posted++;
  }
  return `escalation posted in ${posted} thread(s)`;
};
