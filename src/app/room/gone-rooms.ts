import { domainError } from '../../core/errors.js';
import type { Incident } from '../../core/incident.js';
import type { RoomGoneReason } from '../../core/room-gone.js';
import type { ChangeIncident } from '../change-incident.js';
import type { IncidentReader } from '../ports/incidents.js';
import type { SlackOutbox } from '../ports/room.js';
import type { Logger } from '../ports/runtime.js';
import { fail, type Result } from '../result.js';

export interface GoneRooms {
  /** Slack said (`channel_archive`, `channel_deleted`) that a channel is gone: the incident whose room it is, if any, is marked. */
  channelGone(channelId: string, reason: RoomGoneReason, actor: string): Promise<Incident | null>;
  /** A fresh channel for an incident whose room is gone: the old room is forgotten and the set-up runs again. */
  openNewRoom(incidentId: number, actor: string): Promise<Result<Incident>>;
  /** Slack said (`channel_unarchive`) an archived channel is back: the incident whose room it is, if marked gone, is unmarked. */
  channelUnarchived(channelId: string, actor: string): Promise<Incident | null>;
}

/** `changeIncident` is the one with room tasks on: clearing the mark queues the set-up (room-tasks.ts). */
export function createGoneRooms(deps: { incidents: Pick<IncidentReader, 'find' | 'findByChannel'>; outbox: Pick<SlackOutbox, 'resetRoom'>; changeIncident: ChangeIncident; log: Logger }): GoneRooms {
  return {
    async channelGone(channelId, reason, actor) {
      const incident = await deps.incidents.findByChannel(channelId);
      if (!incident) return null;
      const marked = await deps.changeIncident(incident.id, { type: 'mark_room_gone', channelId, reason, actor });
      if (!marked.ok) return null; // already marked (by a task that met Slack's answer first)
      deps.log.warn({ ref: incident.ref, channelId, reason, via: 'event' }, 'the incident channel is gone; its room tasks and reminders stop until a new room is opened');
      return marked.value;
    },

    async openNewRoom(incidentId, actor) {
      const incident = await deps.incidents.find(incidentId);
      if (!incident) return fail(domainError('incident.not_found', `No incident INC-${incidentId}.`));
      if (!incident.roomGone || incident.channelId === null) {
        return fail(domainError('incident.room_not_gone', `${incident.ref} still has its room (#${incident.channelName ?? incident.channelId}); nothing to replace.`));
      }
      // Forgotten first: should the change below fail, the state only described a channel that is gone anyway.
      await deps.outbox.resetRoom(incident.id, incident.channelId);
      return deps.changeIncident(incident.id, { type: 'open_new_room', actor });
    },

    async channelUnarchived(channelId, actor) {
      const incident = await deps.incidents.findByChannel(channelId);
      if (!incident) return null;
      const back = await deps.changeIncident(incident.id, { type: 'room_unarchived', channelId, actor });
      if (!back.ok) return null; // not marked (the archive was never noticed), or already back
      deps.log.info({ ref: incident.ref, channelId, via: 'event' }, 'the incident channel was unarchived; its room tasks and reminders resume');
      return back.value;
    },
  };
}
