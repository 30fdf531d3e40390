import type { KnownBlock } from '@slack/types';
import type { RoomMessage } from '../core/room-message.js';
import { announcementMessage } from './messages/announcement-message.js';
import { announcementEscalatedMessage } from './messages/announcement-escalated-message.js';
import { MOVED_TO_PRIVATE_TEXT, privateAnnouncementMessage } from './messages/private-announcement-message.js';
import { catchUpMessage } from './messages/catch-up-message.js';
import { checksMessage } from './messages/checks-message.js';
import { drillScorecardMessage } from './messages/drill-scorecard-message.js';
import { scopeCardMessage } from './messages/scope-card-message.js';
import { commanderReminderMessage } from './messages/commander-reminder-message.js';
import { newAlertsMessage } from './messages/new-alerts-message.js';
import { pagingCheckFailedMessage } from './messages/paging-check-failed-message.js';
import { summaryMessage } from './messages/summary-message.js';
import { postmortemMessage } from './messages/postmortem-message.js';
import { outageDigestMessage } from './messages/outage-digest-message.js';
import { resolutionMessage } from './messages/resolution-message.js';
import { stakeholderUpdateMessage } from './messages/stakeholder-update-message.js';
import { statusPageNoticeMessage } from './messages/statuspage-notice-message.js';
import { timelineMessage } from './messages/timeline-message.js';
import { updateReminderMessage } from './messages/update-reminder-message.js';

/** Block Kit for each room message; every builder escapes the untrusted text it is given. */
export function renderRoomMessage(message: RoomMessage): { text: string; blocks: KnownBlock[] } {
  switch (message.kind) {
    case 'summary':
      return summaryMessage(message);
    case 'announcement':
      // A private incident's announcement names nothing of it: not its title, services, people or channel.
      if (message.incident.private === true) return privateAnnouncementMessage();
      return announcementMessage({ incident: message.incident, channelId: message.incident.channelId, channelName: message.incident.channelName });
    case 'announcement_escalated':
      return announcementEscalatedMessage(message);
    case 'resolution':
      return resolutionMessage(message);
    case 'new_alerts':
      return newAlertsMessage(message);
    case 'timeline':
      return timelineMessage({ incident: message.incident, events: message.events, ...(message.part ? { part: message.part } : {}) });
    case 'stakeholder_update':
      return stakeholderUpdateMessage(message);
    case 'update_reminder':
      return updateReminderMessage(message);
    case 'postmortem':
      return postmortemMessage(message);
    case 'commander_reminder':
      return commanderReminderMessage(message);
    case 'scope_card':
      return scopeCardMessage(message);
    case 'checks':
      return checksMessage(message);
    case 'drill_scorecard':
      return drillScorecardMessage(message);
    case 'paging_check_failed':
      return pagingCheckFailedMessage(message);
    case 'catch_up':
      return catchUpMessage(message.catchUp);
    case 'moved_to_private':
      return { text: MOVED_TO_PRIVATE_TEXT, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: MOVED_TO_PRIVATE_TEXT } }] };
    case 'statuspage_notice':
      return statusPageNoticeMessage(message);
    case 'outage_digest':
      return outageDigestMessage(message);
  }
}
