import type { Incident } from '../../core/incident.js';
import { stakeholderChannelsOf, type RoomSettings } from './room-settings.js';

/**
 * The stakeholder channels that hear of an incident (issue 21). A public one: its type's
 * `stakeholderChannels`, else the global ones.
 * A private one: only `privateStakeholderChannels` (default none), and only the announcement, which
 * then says nothing but that a private incident was declared (slack-ui renders it so).
 */
export function announcementTargets(incident: Incident, settings: RoomSettings): readonly string[] {
  return incident.private === true ? (settings.privateStakeholderChannels ?? []) : stakeholderChannelsOf(settings, incident);
}

/** Where updates, escalations and the resolution go besides the room: nowhere for a private incident (its news stays in its channel). */
export function updateTargets(incident: Incident, settings: RoomSettings): readonly string[] {
  return incident.private === true ? [] : stakeholderChannelsOf(settings, incident);
}
