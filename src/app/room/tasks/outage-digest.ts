import { VIA_FALLBACK_ROOM } from '../../ports/slack-outages.js';
import type { RoomTaskHandler } from '../room-task-handler.js';

/**
 * Slack is back after an outage: one message in the incident channel listing what was done in the
 * fallback room meanwhile, who did what (the API's and the alerts' changes show in the summary). The summary was already brought up
 * to date in place by its own task; this says how it got there. Posted once (postOnce).
 */
export const outageDigest: RoomTaskHandler<'outage_digest'> = async (task, room) => {
  const incident = await room.incidents.find(task.incidentId);
  if (!incident?.channelId) return 'no channel';
  const from = new Date(task.payload.from);
  const to = new Date(task.payload.to);
  const events = (await room.incidents.timeline(incident.id)).filter((e) => e.data.via === VIA_FALLBACK_ROOM && e.at >= from && e.at <= to);
  if (events.length === 0) return 'nothing done meanwhile';
  const posted = await room.postOnce(task, incident.channelId, { kind: 'outage_digest', incident, from, to, events });
  if (!posted.ok) throw new Error(`posting the outage digest failed: ${posted.error}`);
  return 'outage digest posted';
};
