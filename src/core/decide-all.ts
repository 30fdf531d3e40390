import { decide, type Decision, type IncidentCommand } from './decide.js';
import type { Incident } from './incident.js';
import type { TimelineEvent } from './timeline.js';

export type ChangeCommand = Exclude<IncidentCommand, { type: 'declare' }>;

/**
 * Several changes as one (an API PATCH of several fields): each command is decided on the state the
 * previous ones left, so every rule and timeline event is exactly the single command's; the result
 * is one new version, all or nothing. A command that would change nothing (the field already has
 * that value) is skipped rather than refusing the rest, so setting fields is idempotent; when every
 * command is skipped, the incident comes back as it was, with no events.
 */
export function decideAll(incident: Incident, commands: readonly ChangeCommand[], now: Date): Decision {
  let current = incident;
  const events: TimelineEvent[] = [];
  for (const command of commands) {
    const decision = decide(current, command, now);
    if (!decision.ok) {
      if (decision.error.code === 'incident.unchanged') continue;
      return decision;
    }
    current = decision.incident;
    events.push(...decision.events);
  }
  if (events.length === 0) return { ok: true, incident, events };
  return { ok: true, incident: { ...current, version: incident.version + 1 }, events };
}
