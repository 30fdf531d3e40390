import type { Incident } from '../../core/incident.js';
import { isSlackUserId } from '../../core/slack-user-id.js';

/** The channel topic: severity, status, commander and ref, updated when any of them changes. */
export function topicOf(incident: Incident): string {
  const ic = incident.roles.commander;
  return `${incident.severity} · ${incident.status} · IC: ${isSlackUserId(ic) ? `<@${ic}>` : 'unassigned'} · ${incident.ref}`;
}
