import type { Incident } from '../../core/incident.js';
import { escapeWithin } from './escape-within.js';
import { oneLine } from './one-line.js';

/**
 * What the incident list and the App Home say in place of the channel when it is gone (archived or
 * deleted in Slack), with the command that opens a new one: "#inc-12-db was archived · `/incident newroom INC-12`".
 * Null while the room is there.
 */
export function roomGoneNote(incident: Pick<Incident, 'ref' | 'channelName' | 'roomGone'>): string | null {
  if (!incident.roomGone) return null;
  const channel = incident.channelName ? `#${escapeWithin(oneLine(incident.channelName), 80)}` : 'the channel';
  return `:file_cabinet: ${channel} was ${incident.roomGone.reason} · \`/incident newroom ${incident.ref}\` opens a new one`;
}
