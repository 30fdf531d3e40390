import type { TimelineKind } from '../../core/timeline.js';
import type { Clock } from '../ports/runtime.js';
import type { IncidentStore } from '../ports/incidents.js';
import type { SlackOutbox } from '../ports/room.js';
import { roomTask } from './room-task.js';

export interface RoomRequests {
  /** Posts the timeline in the incident channel (through the outbox). */
  requestTimeline(incidentId: number): Promise<void>;
  /** Saves a message marked with the timeline emoji, once its text and permalink are fetched. */
  captureMessage(incidentId: number, channel: string, ts: string, by: string): Promise<void>;
  /** Posts the postmortem draft in the incident channel (and records postmortem_drafted). */
  requestPostmortem(incidentId: number, by: string): Promise<void>;
  /** Records a room fact that changes no state: a pinned message, someone joining. */
  recordFact(incidentId: number, kind: TimelineKind, actor: string, text: string, data: Record<string, unknown>): Promise<void>;
}

export function createRoomRequests(deps: { outbox: SlackOutbox; store: IncidentStore; clock: Clock }): RoomRequests {
  return {
    requestTimeline: (incidentId) => deps.outbox.enqueue(incidentId, [roomTask('post_timeline')]),
    requestPostmortem: (incidentId, by) => deps.outbox.enqueue(incidentId, [roomTask('post_postmortem', { by })]),
    captureMessage: (incidentId, channel, ts, by) => deps.outbox.enqueue(incidentId, [roomTask('capture_message', { channel, ts, by })]),
    recordFact: (incidentId, kind, actor, text, data) => deps.store.append(incidentId, [{ at: deps.clock.now(), kind, actor, text: text.slice(0, 4000), data }]),
  };
}
