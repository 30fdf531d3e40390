import { updateTargets } from '../stakeholder-targets.js';
import { announcementsOf } from '../stakeholder-audience.js';
import type { RoomTaskHandler } from '../room-task-handler.js';

/**
 * The second half of "move to a new private channel" (the set-up made the private room first): the
 * public channel's members are invited over, a pointer that names nothing of the incident is left
 * there, and it is archived; the stakeholder announcements are edited to the private wording. Each
 * step can run again: an invite of members already there, a post made once per task, an archive of
 * an archived channel are all no-ops.
 */
export const leavePublicRoom: RoomTaskHandler<'leave_public_room'> = async (task, room) => {
  const incident = await room.incidents.find(task.incidentId);
  if (!incident) return 'incident gone';
  const from = task.payload.channelId;
  // Retried until the set-up has recorded the private channel (it was queued first).
  if (incident.channelId === null) throw new Error('the private channel is not set up yet');
  const people = (await room.members?.members(from)) ?? [];
  if (people.length > 0) {
    const invited = await room.chat.invite(incident.channelId, people);
    if (!invited.ok && invited.error !== 'already_in_channel') room.log.warn({ ref: incident.ref, error: invited.error }, 'could not invite the public channel’s members to the private one');
  }
  const pointer = await room.postOnce(task, from, { kind: 'moved_to_private' });
  if (!pointer.ok) room.log.warn({ ref: incident.ref, error: pointer.error }, 'could not leave a pointer in the public channel');
  const archived = await room.chat.archive(from);
  if (!archived.ok && archived.error !== 'already_archived') room.log.warn({ ref: incident.ref, error: archived.error }, 'could not archive the public channel');
  // The announcements made while it was public showed its title: now they say only that it is private.
  const state = await room.outbox.roomState(incident.id);
  for (const { channelId, ts } of announcementsOf(state, room.settings.stakeholderChannels)) await room.chat.update(channelId, ts, { kind: 'announcement', incident });
  return `moved: ${people.length} member(s) invited, the public channel archived (${updateTargets(incident, room.settings).length} update target(s) now)`;
};
