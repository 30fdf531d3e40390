import type { RoomSetupState } from '../../ports/room.js';
import { syncBridgeBookmark } from '../bridge-bookmark.js';
import type { RoomTaskHandler } from '../room-task-handler.js';
import { topicOf } from '../room-topic.js';

/** The pinned summary (and the topic, and the call bookmark) brought up to date after a change. */
export const refreshSummary: RoomTaskHandler<'refresh_summary'> = async (task, room) => {
  const incident = await room.incidents.find(task.incidentId);
  if (!incident) return 'incident gone';
  const state = await room.outbox.roomState(incident.id);
  const message = state.messages.get('summary');
  if (!message) return 'no summary yet (set-up will post it)';
  const updated = await room.chat.update(message.channelId, message.ts, await room.summary(incident));
  if (!updated.ok) throw new Error(`updating the summary failed: ${updated.error}`);
  let setup: RoomSetupState = state.setup;
  const topic = topicOf(incident);
  if (setup.topic !== topic && incident.channelId) {
    await room.chat.setTopic(incident.channelId, topic);
    setup = { ...setup, topic };
    await room.outbox.saveSetup(incident.id, setup);
  }
  // Tasks of one incident run in order, so the set-up (which bookmarks the call first) has finished by now.
  const bridge = incident.channelId ? await syncBridgeBookmark(incident, incident.channelId, setup.bridge, room) : null;
  if (bridge !== null) await room.outbox.saveSetup(incident.id, { ...setup, bridge });
  return 'summary updated';
};
