import type { Incident } from '../../core/incident.js';
import { isSlackUserId } from '../../core/slack-user-id.js';
import { truncateText } from '../../core/mrkdwn.js';

/** conversations.setTopic refuses a longer topic (`too_long`); SLACK_LIMITS.topic in slack-ui, which app may not import. */
export const TOPIC_MAX = 250;

/** The channel topic: severity, status, commander and ref, updated when any of them changes; within Slack's limit, with "…". */
export function topicOf(incident: Incident): string {
  const ic = incident.roles.commander;
  return truncateText(`${incident.severity} · ${incident.status} · IC: ${isSlackUserId(ic) ? `<@${ic}>` : 'unassigned'} · ${incident.ref}`, TOPIC_MAX);
}
