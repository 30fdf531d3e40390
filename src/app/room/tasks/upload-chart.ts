import { lastChartMark, sameChart } from '../../../core/scope-chart.js';
import type { RoomTaskHandler } from '../room-task-handler.js';

/**
 * The failing-share chart, uploaded to the channel and kept on the timeline for the postmortem.
 * Only when it shows something new: a chart like the last one posted (same mark) is skipped, so a
 * long incident's channel holds one chart per change, not one per refresh. The scope service
 * already skips rendering such a chart; this check covers two refreshes queued before either ran.
 */
export const uploadChart: RoomTaskHandler<'upload_chart'> = async (task, room) => {
  const incident = await room.incidents.find(task.incidentId);
  if (!incident?.channelId) return 'no channel';
  const { title, mark } = task.payload;
  if (mark && sameChart(lastChartMark(await room.incidents.timeline(incident.id)), mark)) return 'chart unchanged: the one in the channel stays';
  const bytes = Buffer.from(task.payload.png, 'base64');
  const uploaded = await room.chat.uploadFile(incident.channelId, { filename: `${incident.ref.toLowerCase()}-failing-share.png`, title, bytes });
  if (!uploaded.ok) throw new Error(`uploading the chart failed: ${uploaded.error}`);
  // Kept for the postmortem, which lists the charts of the incident, and to compare the next one with.
  await room.incidents.append(incident.id, [
    { at: room.clock.now(), kind: 'chart_uploaded', actor: 'warroom', text: title, data: { fileId: uploaded.value.fileId, permalink: uploaded.value.permalink, ...(mark ? { mark } : {}) } },
  ]);
  return 'chart uploaded';
};
