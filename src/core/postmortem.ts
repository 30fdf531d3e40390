import type { Incident } from './incident.js';
import { ROLES } from './roles.js';
import type { TimelineEvent } from './timeline.js';

/**
 * A first postmortem draft in Markdown: summary, roles and the timeline as recorded.
 * (Key-time durations, impact and checks come with the postmortem issue.)
 */
export function renderPostmortem(incident: Incident, events: readonly TimelineEvent[]): string {
  const lines: string[] = [];
  lines.push(`# ${incident.ref}: ${oneLine(incident.title)}`, '');
  lines.push('_Draft written by Warroom from the incident timeline. Edit before sharing._', '');
  lines.push('## Summary', '');
  lines.push(`- Severity: ${incident.severity}`);
  lines.push(`- Status: ${incident.status}`);
  lines.push(`- Services: ${incident.services.length > 0 ? incident.services.map(oneLine).join(', ') : 'none recorded'}`);
  lines.push(`- Declared: ${incident.createdAt.toISOString()} by ${oneLine(incident.declaredBy)}`);
  lines.push(`- Resolved: ${incident.resolvedAt ? incident.resolvedAt.toISOString() : 'not yet'}`);
  if (incident.drill) lines.push('- This was a drill.');
  if (incident.description) lines.push('', oneLine(incident.description));
  lines.push('', '## Roles', '');
  for (const role of ROLES) lines.push(`- ${role}: ${incident.roles[role] ?? 'unassigned'}`);
  lines.push('', '## Timeline', '');
  if (events.length === 0) lines.push('No events recorded.');
  for (const e of events) lines.push(`- ${e.at.toISOString()} · ${e.kind} · ${oneLine(e.actor)}: ${oneLine(e.text)}`);
  lines.push('');
  return lines.join('\n');
}

/** Keeps one event per line: untrusted text must not start new Markdown blocks. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
}
