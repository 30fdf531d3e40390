import type { RoomMessage } from '../../../core/room-message.js';
import type { RoomTaskHandler } from '../room-task-handler.js';

/** The scope card: posted once, then updated in place on every refresh. */
export const scopeCard: RoomTaskHandler<'scope_card'> = async (task, room) => {
  const incident = await room.incidents.find(task.incidentId);
  if (!incident?.channelId || !incident.scope) return 'no channel or no scope yet';
  const { reason, suggestion } = task.payload;
  const message: RoomMessage = { kind: 'scope_card', incident, scope: incident.scope, reason, suggestion };
  const state = await room.outbox.roomState(incident.id);
  const existing = state.messages.get('scope_card');
  if (existing) {
    const updated = await room.chat.update(existing.channelId, existing.ts, message);
    if (!updated.ok) throw new Error(`updating the scope card failed: ${updated.error}`);
    return 'scope card updated';
  }
  const posted = await room.postOnce(task, incident.channelId, message);
  if (!posted.ok) throw new Error(`posting the scope card failed: ${posted.error}`);
  await room.outbox.saveMessage(incident.id, 'scope_card', incident.channelId, posted.value.ts, room.clock.now());
  return 'scope card posted';
};
