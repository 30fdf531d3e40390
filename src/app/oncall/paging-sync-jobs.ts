import type { Incident } from '../../core/incident.js';
import type { TimelineEvent } from '../../core/timeline.js';
import type { JobQueue } from '../ports/runtime.js';

/** Job: mirror the incident's notes to its linked provider pages (`createMirrorNotes`). */
export const MIRROR_NOTES_JOB = 'paging.mirror_notes';
/** Job: set the linked provider pages' urgency/priority from the incident's severity (`createSyncSeverity`). */
export const SYNC_SEVERITY_JOB = 'paging.sync_severity';

/**
 * The provider sync jobs a committed change causes: a note to mirror, a severity to send. Queued
 * after the commit like the resolve sync; each job reads the incident's current state, so one job
 * also catches up on what an earlier, lost one would have sent.
 */
export function pagingSyncJobs(before: Incident, after: Incident, events: readonly TimelineEvent[]): string[] {
  return [
    ...(events.some((e) => e.kind === 'note_added') ? [MIRROR_NOTES_JOB] : []),
    ...(before.severity !== after.severity ? [SYNC_SEVERITY_JOB] : []),
  ];
}

/** `createChangeIncident`'s `onCommitted`: queues the sync jobs a change causes. */
export function queuePagingSync(jobs: JobQueue): (before: Incident, after: Incident, events: readonly TimelineEvent[]) => Promise<void> {
  return async (before, after, events) => {
    for (const job of pagingSyncJobs(before, after, events)) await jobs.send(job, { incidentId: after.id });
  };
}
