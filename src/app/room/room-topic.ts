import type { Incident } from '../../core/incident.js';

const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;

/** Whether a role holder or declarer is a Slack user (not `api`, `warroom` or an email). */
export function isSlackUser(user: string | null): user is string {
  return user !== null && SLACK_USER.test(user);
}

/** The channel topic: severity, status, commander and ref, updated when any of them changes. */
export function topicOf(incident: Incident): string {
  const ic = incident.roles.commander;
  return `${incident.severity} · ${incident.status} · IC: ${isSlackUser(ic) ? `<@${ic}>` : 'unassigned'} · ${incident.ref}`;
}
