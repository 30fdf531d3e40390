/**
 * The tracker's state comes back (issue 20): an issue closed in the tracker marks its follow-up
 * done, one moved from done back to not done opens it again, each on the timeline naming who did it
 * there. From the tracker's webhook, and from a periodic look-up of the open exported follow-ups for
 * trackers that cannot reach Warroom. What the tracker said last is kept per follow-up, because a
 * Jira move between two not-done statuses is reported as "not done" as well (trackerReportEffect).
 */
import { followUpTrackerStateEvent, trackerReportEffect, type FollowUp } from '../../core/followup.js';
import { FollowUpNotOpenError, type IncidentStore } from '../ports/incidents.js';
import type { IssueTracker, TrackerName, TrackerStateChange } from '../ports/issue-tracker.js';
import type { Clock, Logger } from '../ports/runtime.js';
import type { TrackerExportStore } from '../ports/tracker-exports.js';

/** Follow-ups looked up per round: a round stays well inside GitHub's 5 000 requests an hour. */
const CHECK_BATCH = 200;

export interface TrackerState {
  /** Applies a webhook's changes; answers how many follow-ups changed. */
  apply(tracker: TrackerName, changes: readonly TrackerStateChange[]): Promise<number>;
  /** Looks up the open exported follow-ups' issues and applies what changed. */
  check(tracker: IssueTracker): Promise<number>;
}

export function createTrackerState(deps: {
  exports: Pick<TrackerExportStore, 'findByRef' | 'openExported' | 'trackerDone' | 'saveTrackerDone'>;
  store: Pick<IncidentStore, 'append'>;
  clock: Clock;
  log: Logger;
}): TrackerState {
  /** Appends the event the change calls for; false when there is none (or Slack got there first). */
  async function follow(tracker: TrackerName, followUp: FollowUp, change: TrackerStateChange, wasDone: boolean): Promise<boolean> {
    if (trackerReportEffect(followUp, { wasDone, done: change.done }) === null) return false;
    try {
      await deps.store.append(followUp.incidentId, [followUpTrackerStateEvent(followUp, { tracker, done: change.done, by: change.by }, deps.clock.now())]);
    } catch (err) {
      // Marked done in Slack meanwhile: nothing left to do.
      if (err instanceof FollowUpNotOpenError) return false;
      throw err;
    }
    deps.log.info({ followUp: followUp.id, tracker, ref: change.ref, done: change.done }, 'a follow-up changed in the tracker');
    return true;
  }

  async function applyOne(tracker: TrackerName, change: TrackerStateChange): Promise<boolean> {
    const followUp = await deps.exports.findByRef(tracker, change.ref);
    if (followUp === null) return false;
    const wasDone = await deps.exports.trackerDone(followUp.id);
    const changed = await follow(tracker, followUp, change, wasDone);
    // Saved after the event: a failed append is retried by the tracker with the same "was done".
    if (wasDone !== change.done) await deps.exports.saveTrackerDone(followUp.id, change.done);
    return changed;
  }

  return {
    async apply(tracker, changes) {
      let changed = 0;
      for (const change of changes) if (await applyOne(tracker, change)) changed += 1;
      return changed;
    },
    async check(tracker) {
      let changed = 0;
      for (const followUp of await deps.exports.openExported(tracker.name, CHECK_BATCH)) {
        if (followUp.trackerRef === null) continue;
        const issue = await tracker.get(followUp.trackerRef);
        if (issue?.done === true && (await applyOne(tracker.name, { ref: followUp.trackerRef, done: true, by: null }))) changed += 1;
      }
      return changed;
    },
  };
}
