import type { MrkdwnElement } from '@slack/types';
import type { Incident } from '../../core/incident.js';
import { shownTypeName } from '../../core/incident-type.js';
import { isRole } from '../../core/roles.js';
import { escapeWithin } from './escape-within.js';
import { joinWithin } from './join-within.js';
import { userMention } from './user-mention.js';

// A section holds at most 10 fields and the summary already has 8: the type and every role of the
// type's own share the last two, whatever the config names.
const FIELD_MAX = 1900;

const mrkdwn = (label: string, body: string): MrkdwnElement => ({ type: 'mrkdwn', text: `*${label}*\n${body}` });

/**
 * The summary's fields for the incident type (issue 21): the type when it is worth naming (any
 * configured type; never the implicit `default`), and the held roles of the type's own
 * (`security-lead`) in one field. None for an incident without either, so today's summary is unchanged.
 */
export function incidentTypeFields(incident: Incident): MrkdwnElement[] {
  const fields: MrkdwnElement[] = [];
  const type = shownTypeName(incident);
  if (type !== null) fields.push(mrkdwn('Type', escapeWithin(type, 100)));
  const own = Object.entries(incident.roles).flatMap(([role, user]) => {
    const mention = isRole(role) ? null : userMention(user);
    return mention === null ? [] : [`${escapeWithin(role, 60)}: ${mention}`];
  });
  if (own.length > 0) fields.push(mrkdwn('Other roles', joinWithin(own, '\n', FIELD_MAX, (n) => `+${n} more`)));
  return fields;
}
