import type { RoomTaskHandler } from '../room-task-handler.js';

/** A message marked with the timeline emoji: saved with its text, author and permalink. */
export const captureMessage: RoomTaskHandler<'capture_message'> = async (task, room) => {
  const { channel, ts, by } = task.payload;
  const fetched = await room.chat.fetchMessage(channel, ts);
  if (!fetched.ok) return `message not captured: ${fetched.error}`;
  const { text, user, permalink } = fetched.value;
  await room.incidents.append(task.incidentId, [
    {
      at: room.clock.now(),
      kind: 'note_added',
      actor: by,
      text: text.length > 0 ? text.slice(0, 4000) : '(a message without text)',
      data: { source: 'reaction', author: user, permalink, channel, ts },
    },
  ]);
  return 'message captured';
};
