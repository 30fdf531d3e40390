import type { RoomTaskHandler } from '../room-task-handler.js';
import { topicOf } from '../room-topic.js';

/** The pinned summary (and the topic) brought up to date after a change. */
export const refreshSummary: RoomTaskHandler<'refresh_summary'> = async (task, room) => {
  const incident = await room.incidents.find(task.incidentId);
  if (!incident) return 'incident gone';
  const state = await room.outbox.roomState(incident.id);
  const message = state.messages.get('summary');
  if (!message) return 'no summary yet (set-up will post it)';
  const updated = await room.chat.update(message.channelId, message.ts, await room.summary(incident));
  if (!updated.ok) throw new Error(`updating the summary failed: ${updated.error}`);
  const topic = topicOf(incident);
  if (state.setup.topic !== topic && incident.channelId) {
    await room.chat.setTopic(incident.channelId, topic);
    await room.outbox.saveSetup(incident.id, { ...state.setup, topic });
  }
  return 'summary updated';
};
