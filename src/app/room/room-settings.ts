import type { Incident } from '../../core/incident.js';
import { typeOfIncident, type IncidentType } from '../../core/incident-type.js';

/** The parts of the config the Slack room uses. */
export interface RoomSettings {
  readonly channelPrefix: string;
  readonly stakeholderChannels: readonly string[];
  /** Where a private incident is announced, without a word of what it is (absent or empty: nowhere). */
  readonly privateStakeholderChannels?: readonly string[];
  readonly services: Readonly<Record<string, { readonly runbook: string | null; readonly dashboards: readonly string[] }>>;
  /** `bridge.url`: the configured call link or its template (absent or null: none configured). */
  readonly bridge?: { readonly url: string | null };
  /** `incidentTypes` (issue 21): a type's own prefix and stakeholder channels win over the global ones (absent: none). */
  readonly incidentTypes?: readonly IncidentType[];
}

const typeOf = (settings: RoomSettings, incident: Incident): IncidentType | null => (settings.incidentTypes ? typeOfIncident(settings.incidentTypes, incident) : null);

/** The channel prefix of the incident's type, else the global one. */
export function channelPrefixOf(settings: RoomSettings, incident: Incident): string {
  return typeOf(settings, incident)?.channelPrefix ?? settings.channelPrefix;
}

/** Where the incident's announcements and stakeholder updates go: its type's channels, else the global ones. */
export function stakeholderChannelsOf(settings: RoomSettings, incident: Incident): readonly string[] {
  return typeOf(settings, incident)?.stakeholderChannels ?? settings.stakeholderChannels;
}
