import { incidentRef } from '../../core/incident.js';
import { ChatChannelGoneError } from '../ports/chat.js';
import type { SlackTask, SlackTaskKind } from '../ports/room.js';
import type { RoomTaskPorts } from './room-task-handler.js';

/**
 * Whether a task kind's only work is in the incident channel. Such a task for an incident whose
 * room is gone completes without calling Slack; the others (a stakeholder update, a postmortem or
 * scorecard recorded on the timeline) still do their part elsewhere and skip the channel
 * themselves. Declared for every kind, so a new kind must say which it is.
 */
const ONLY_IN_THE_ROOM: { readonly [K in SlackTaskKind]: boolean } = {
  setup_channel: true,
  refresh_summary: true,
  new_alerts: true,
  post_timeline: true,
  capture_message: true,
  stakeholder_update: false,
  update_reminder: true,
  commander_reminder: true,
  post_postmortem: false,
  scope_card: true,
  checks_card: true,
  upload_chart: true,
  drill_scorecard: false,
  // The announcements live in the stakeholder channels; the resolution also skips a gone room itself.
  refresh_announcements: false,
  announce_escalation: false,
  announce_resolution: false,
  paging_check_failed: false,
  // Its work is in the public channel left behind, not in the incident's (new, private) room.
  leave_public_room: false,
  catch_up: true,
  statuspage_notice: true,
  outage_digest: true,
};

type Run = (task: SlackTask) => Promise<string>;

/**
 * Room tasks and a room that vanished (archived or deleted in Slack, or gone with a sandbox
 * restart). The first task that meets Slack's answer marks the room gone on the incident (one
 * timeline event, one log line) and completes: no retry can bring the channel back. Every later
 * task of the room completes without calling Slack until a new room is opened.
 */
export function guardGoneRoom(ports: Pick<RoomTaskPorts, 'incidents' | 'changeIncident' | 'log'>, run: Run): Run {
  async function noticeGone(task: SlackTask, err: ChatChannelGoneError): Promise<string> {
    const marked = await ports.changeIncident(task.incidentId, { type: 'mark_room_gone', channelId: err.channelId, reason: err.reason, actor: 'warroom' });
    const what = `${err.slackError} from ${err.operation}`;
    // Refused: the room was already marked (by another task or an event), or the channel is not the incident's any more.
    if (!marked.ok) return `channel gone (${what}); not retried`;
    ports.log.warn(
      { ref: incidentRef(task.incidentId), task: task.kind, channelId: err.channelId, reason: err.reason, slackError: err.slackError },
      'the incident channel is gone; its room tasks and reminders stop until a new room is opened',
    );
    return `room gone (${what})`;
  }

  return async (task) => {
    if (task.kind !== 'unusable' && ONLY_IN_THE_ROOM[task.kind]) {
      const gone = (await ports.incidents.find(task.incidentId))?.roomGone;
      if (gone) return `room gone (${gone.reason}): not sent`;
    }
    try {
      return await run(task);
    } catch (err) {
      if (err instanceof ChatChannelGoneError) return noticeGone(task, err);
      throw err;
    }
  };
}
