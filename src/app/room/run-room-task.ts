import { ROLES } from '../../core/roles.js';
import type { RoomTask, SlackTask, SlackTaskKind } from '../ports/room.js';
import { guardGoneRoom } from './room-gone-guard.js';
import { createRoomTaskContext } from './room-task-context.js';
import type { RoomTaskContext, RoomTaskHandler, RoomTaskHandlers, RoomTaskPorts } from './room-task-handler.js';
import { announceEscalation } from './tasks/announce-escalation.js';
import { announceResolution } from './tasks/announce-resolution.js';
import { captureMessage } from './tasks/capture-message.js';
import { catchUp } from './tasks/catch-up.js';
import { leavePublicRoom } from './tasks/leave-public-room.js';
import { checksCard } from './tasks/checks-card.js';
import { commanderReminder } from './tasks/commander-reminder.js';
import { drillScorecard } from './tasks/drill-scorecard.js';
import { newAlerts } from './tasks/new-alerts.js';
import { outageDigest } from './tasks/outage-digest.js';
import { pagingCheckFailed } from './tasks/paging-check-failed.js';
import { postPostmortem } from './tasks/post-postmortem.js';
import { postTimeline } from './tasks/post-timeline.js';
import { refreshAnnouncements } from './tasks/refresh-announcements.js';
import { refreshSummary } from './tasks/refresh-summary.js';
import { scopeCard } from './tasks/scope-card.js';
import { setupChannel } from './tasks/setup-channel.js';
import { stakeholderUpdate } from './tasks/stakeholder-update.js';
import { statusPageNotice } from './tasks/statuspage-notice.js';
import { updateReminder } from './tasks/update-reminder.js';
import { uploadChart } from './tasks/upload-chart.js';

export type RunRoomTask = (task: SlackTask) => Promise<string>;

/** The handler of each task kind (RoomTaskPayloads in ports/room.ts lists the kinds). */
export const ROOM_TASK_HANDLERS: RoomTaskHandlers = {
  setup_channel: setupChannel,
  refresh_summary: refreshSummary,
  new_alerts: newAlerts,
  post_timeline: postTimeline,
  capture_message: captureMessage,
  stakeholder_update: stakeholderUpdate,
  update_reminder: updateReminder,
  commander_reminder: commanderReminder,
  post_postmortem: postPostmortem,
  scope_card: scopeCard,
  checks_card: checksCard,
  upload_chart: uploadChart,
  drill_scorecard: drillScorecard,
  refresh_announcements: refreshAnnouncements,
  announce_escalation: announceEscalation,
  announce_resolution: announceResolution,
  paging_check_failed: pagingCheckFailed,
  catch_up: catchUp,
  leave_public_room: leavePublicRoom,
  statuspage_notice: statusPageNotice,
  outage_digest: outageDigest,
};

/**
 * Runs one Slack outbox task with its kind's handler (guarded for a room that is gone). A row the outbox could not read as a task of
 * this release is completed without running, as a kind without a handler always was: no retry
 * would make it usable, and it must not hold up the incident's later tasks.
 */
export function createRunRoomTask(ports: RoomTaskPorts): RunRoomTask {
  const room = createRoomTaskContext(ports);
  return guardGoneRoom(ports, (task) => {
    if (task.kind === 'unusable') {
      ports.log.error({ taskId: task.id, incidentId: task.incidentId, kind: task.storedKind, problem: task.problem }, 'slack task unusable; completed without running');
      return Promise.resolve(`unusable: ${task.problem}`);
    }
    return runWithHandler(task, room);
  });
}

function runWithHandler<K extends SlackTaskKind>(task: RoomTask<K>, room: RoomTaskContext): Promise<string> {
  const handler: RoomTaskHandler<K> = ROOM_TASK_HANDLERS[task.kind];
  return handler(task, room);
}

export const ROLE_NAMES = ROLES;
