import { drillScorecard as scoreDrill, scorecardEvent } from '../../../core/drill-scorecard.js';
import { liveChannel } from '../../../core/room-gone.js';
import type { RoomTaskHandler } from '../room-task-handler.js';

/** A drill resolved: its scorecard, recorded on the timeline once per task, then posted in the channel. */
export const drillScorecard: RoomTaskHandler<'drill_scorecard'> = async (task, room) => {
  const incident = await room.incidents.find(task.incidentId);
  if (!incident?.drill) return 'not a drill';
  const events = await room.incidents.timeline(incident.id);
  const recorded = events.find((e) => e.kind === 'drill_scorecard' && e.data.task === task.id);
  const card = scoreDrill(incident, events);
  if (!recorded) {
    const event = scorecardEvent(card, room.clock.now());
    await room.incidents.append(incident.id, [{ ...event, data: { ...event.data, task: task.id } }]);
  }
  const channelId = liveChannel(incident);
  if (channelId === null) return 'scorecard recorded (no channel)';
  const posted = await room.postOnce(task, channelId, { kind: 'drill_scorecard', incident, scorecard: card });
  if (!posted.ok) throw new Error(`posting the drill scorecard failed: ${posted.error}`);
  return 'scorecard posted';
};
