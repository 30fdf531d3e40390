import { decide } from '../../core/decide.js';
import { domainError } from '../../core/errors.js';
import type { Incident } from '../../core/incident.js';
import type { ChangeIncident } from '../change-incident.js';
import type { IncidentReader } from '../ports/incidents.js';
import type { SlackOutbox } from '../ports/room.js';
import type { Clock } from '../ports/runtime.js';
import { fail, type Result } from '../result.js';

/** `/incident private`: a public incident moved to a new private channel (a bot token cannot make a channel private). */
export type MoveToPrivate = (incidentId: number, actor: string) => Promise<Result<Incident>>;

/**
 * Checks the move, forgets the public room (its summary and set-up steps, as a new room does) so the
 * set-up makes and fills a private one, then records the change, which queues that set-up and the
 * leave_public_room task (room-tasks.ts). `changeIncident` is the one with room tasks on.
 */
export function createMoveToPrivate(deps: { incidents: Pick<IncidentReader, 'find'>; outbox: Pick<SlackOutbox, 'resetRoom'>; changeIncident: ChangeIncident; clock: Clock }): MoveToPrivate {
  return async (incidentId, actor) => {
    const incident = await deps.incidents.find(incidentId);
    if (!incident) return fail(domainError('incident.not_found', `No incident INC-${incidentId}.`));
    // Refused before the room is forgotten: a refused move must leave the public room as it was.
    const checked = decide(incident, { type: 'move_to_private', actor }, deps.clock.now());
    if (!checked.ok) return fail(checked.error);
    if (incident.channelId !== null) await deps.outbox.resetRoom(incident.id, incident.channelId);
    return deps.changeIncident(incident.id, { type: 'move_to_private', actor });
  };
}
