import type { RoomTaskHandler } from '../room-task-handler.js';
import { announcementsOf } from '../stakeholder-audience.js';
import { stakeholderChannelsOf } from '../room-settings.js';

/**
 * Every stakeholder announcement edited in place to the incident as it is now, so none still says
 * "SEV3 · investigating" after an escalation or a resolve. An outage or a 429 throws (retried); a
 * Slack refusal (the channel archived, the message deleted) is logged: no retry would change it.
 */
export const refreshAnnouncements: RoomTaskHandler<'refresh_announcements'> = async (task, room) => {
  const incident = await room.incidents.find(task.incidentId);
  if (!incident) return 'incident gone';
  const announcements = announcementsOf(await room.outbox.roomState(incident.id), stakeholderChannelsOf(room.settings, incident));
  let updated = 0;
  for (const { target, channelId, ts } of announcements) {
    const result = await room.chat.update(channelId, ts, { kind: 'announcement', incident });
    if (result.ok) updated++;
    else room.log.warn({ ref: incident.ref, channel: target, error: result.error }, 'could not update the stakeholder announcement there');
  }
  return `${updated} of ${announcements.length} announcement(s) updated`;
};
