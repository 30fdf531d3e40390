import { NO_ALERTS } from '../../../core/alert.js';
import type { RoomTaskHandler } from '../room-task-handler.js';

const NEW_ALERTS_EVERY_MS = 60_000;

/** A "new alerts" line in the channel, at most one a minute: the summary already shows the counts. */
export const newAlerts: RoomTaskHandler<'new_alerts'> = async (task, room) => {
  const incident = await room.incidents.find(task.incidentId);
  if (!incident?.channelId) return 'no channel';
  const state = await room.outbox.roomState(incident.id);
  const last = state.messages.get('new_alerts');
  if (last && room.clock.now().getTime() - last.postedAt.getTime() < NEW_ALERTS_EVERY_MS) return 'coalesced';
  const alerts = (await room.incidents.alerts([incident.id])).get(incident.id) ?? NO_ALERTS;
  const firing = alerts.recent.filter((a) => a.status === 'firing');
  const posted = await room.postOnce(task, incident.channelId, { kind: 'new_alerts', ref: incident.ref, count: alerts.counts.firing, titles: firing.slice(-5).map((a) => a.title) });
  if (!posted.ok) throw new Error(`posting new alerts failed: ${posted.error}`);
  await room.outbox.saveMessage(incident.id, 'new_alerts', incident.channelId, posted.value.ts, room.clock.now());
  return 'new alerts posted';
};
