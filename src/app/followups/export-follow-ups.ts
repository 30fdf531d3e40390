/**
 * Exports follow-ups to the issue tracker, exactly once (issue 20; DESIGN §4 "side effects outside
 * Warroom"). The intent is the `tracker_exports` row written with the follow-up (or, for one an
 * older release recorded during a rolling upgrade, by `addMissing`); a replica claims due rows under
 * a lease, so two never export one at once. Every attempt after the first looks for
 * the issue by its marker before creating one: an earlier attempt may have created it and died (or
 * lost the database) before saving the answer. Saving is a `followup_exported` event, which stores
 * the link and closes the export in one transaction.
 *
 * An outage of the tracker is retried with a growing back-off, never before the tracker's own
 * Retry-After; a refusal is logged for the operator and the export marked failed. Anything else
 * (a crash, a bug) leaves the claim to expire, and the next attempt looks first.
 */
import type { Incident } from '../../core/incident.js';
import { followUpExportedEvent, followUpMarker, type FollowUp } from '../../core/followup.js';
import { TrackerRefusedError, TrackerUnavailableError, type IssueTracker, type TrackerIssue, type TrackerIssueDraft } from '../ports/issue-tracker.js';
import type { IncidentStore } from '../ports/incidents.js';
import type { Clock, Logger } from '../ports/runtime.js';
import type { TrackerExportClaim, TrackerExportStore } from '../ports/tracker-exports.js';

/** Longer than any one export takes (three calls, each with a 10 s timeout). */
const LEASE_MS = 2 * 60_000;
const BATCH = 10;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 60 * 60_000;

export interface ExportSeams {
  /** Called between the tracker's answer and saving it: tests inject a crash exactly there. */
  readonly afterTrackerAnswered?: (followUp: FollowUp, issue: TrackerIssue) => Promise<void>;
}

/** 30 s, 1 min, 2 min, … at most an hour: a tracker outage is not hammered, a short one is soon over. */
export const exportBackoffMs = (attempts: number): number => Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));

/** What the tracker's issue says: the incident it came from and the owner, by name (plain text; the adapter formats it). */
export function followUpDraft(followUp: FollowUp, incident: Incident | null, marker: string): TrackerIssueDraft {
  const from = incident ? `A follow-up of incident ${incident.ref}: ${incident.title}` : `A follow-up of incident #${followUp.incidentId}`;
  const owner = followUp.owner === null ? 'Owner: nobody yet' : `Owner: ${followUp.ownerName ?? 'a Slack user (see the incident channel)'}`;
  return { marker, title: followUp.title, paragraphs: [from, owner, 'Created by Warroom; closing this issue marks the follow-up done.'], dueDate: followUp.dueDate };
}

export function createExportFollowUps(deps: {
  tracker: IssueTracker;
  exports: TrackerExportStore;
  store: Pick<IncidentStore, 'find' | 'append'>;
  clock: Clock;
  log: Logger;
  seams?: ExportSeams;
}): { runDue(): Promise<number>; addMissing(): Promise<number> } {
  const { tracker, exports, clock, log } = deps;

  async function exportOne(claim: TrackerExportClaim): Promise<void> {
    const { followUp } = claim;
    const marker = followUpMarker(followUp.id, claim.firstAttemptAt);
    const incident = await deps.store.find(followUp.incidentId);
    const found = claim.attemptsBefore > 0 ? await tracker.findByMarker(marker) : null;
    const issue = found ?? (await tracker.create(followUpDraft(followUp, incident, marker)));
    await deps.seams?.afterTrackerAnswered?.(followUp, issue);
    await deps.store.append(followUp.incidentId, [followUpExportedEvent(followUp, { tracker: tracker.name, ref: issue.ref, url: issue.url }, clock.now())]);
    log.info({ followUp: followUp.id, tracker: tracker.name, ref: issue.ref, found: found !== null }, 'follow-up exported to the tracker');
  }

  async function attempt(claim: TrackerExportClaim): Promise<void> {
    const id = claim.followUp.id;
    try {
      await exportOne(claim);
    } catch (err) {
      if (err instanceof TrackerUnavailableError) {
        const waitMs = Math.max(exportBackoffMs(claim.attemptsBefore + 1), err.retryAfterMs ?? 0);
        log.warn({ followUp: id, tracker: tracker.name, err: err.message, retryInMs: waitMs }, 'the tracker is unavailable; the follow-up export is retried later');
        await exports.retryAt(id, new Date(clock.now().getTime() + waitMs), err.message);
      } else if (err instanceof TrackerRefusedError) {
        log.error({ followUp: id, tracker: tracker.name, err: err.message }, 'the tracker refused the follow-up export; not retried (check the tracker settings and token)');
        await exports.markFailed(id, err.message);
      } else {
        // Unknown outcome (the database, a bug): the claim expires and the next attempt looks before creating.
        log.warn({ followUp: id, tracker: tracker.name, err: err instanceof Error ? err.message : String(err) }, 'a follow-up export failed; tried again once its claim expires');
      }
    }
  }

  return {
    async addMissing() {
      const added = await exports.addMissing(clock.now());
      if (added > 0) log.info({ tracker: tracker.name, followUps: added }, 'follow-ups recorded without an export (by an older release during an upgrade) will be exported');
      return added;
    },
    async runDue() {
      const claims = await exports.claimDue(tracker.name, clock.now(), LEASE_MS, BATCH);
      for (const claim of claims) await attempt(claim);
      return claims.length;
    },
  };
}
