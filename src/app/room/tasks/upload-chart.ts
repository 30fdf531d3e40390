import type { RoomTaskHandler } from '../room-task-handler.js';

/** The failing-share chart, uploaded to the channel and kept on the timeline for the postmortem. */
export const uploadChart: RoomTaskHandler<'upload_chart'> = async (task, room) => {
  const incident = await room.incidents.find(task.incidentId);
  if (!incident?.channelId) return 'no channel';
  const { title } = task.payload;
  const bytes = Buffer.from(task.payload.png, 'base64');
  const uploaded = await room.chat.uploadFile(incident.channelId, { filename: `${incident.ref.toLowerCase()}-failing-share.png`, title, bytes });
  if (!uploaded.ok) throw new Error(`uploading the chart failed: ${uploaded.error}`);
  // Kept for the postmortem, which lists the charts of the incident.
  await room.incidents.append(incident.id, [{ at: room.clock.now(), kind: 'chart_uploaded', actor: 'warroom', text: title, data: { fileId: uploaded.value.fileId, permalink: uploaded.value.permalink } }]);
  return 'chart uploaded';
};
