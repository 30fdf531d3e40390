/**
 * The export of follow-ups to the issue tracker (issue 20): one record per follow-up, written with
 * it, claimed by one replica at a time under a lease.
 */
import type { FollowUp } from '../../core/followup.js';
import type { TrackerName } from './issue-tracker.js';

export interface TrackerExportClaim {
  readonly followUp: FollowUp;
  /** Claims before this one: after the first, the issue may exist already (look before creating). */
  readonly attemptsBefore: number;
  /** When the export was first tried (part of the marker, the same on every attempt). */
  readonly firstAttemptAt: Date;
}

export interface TrackerExportStore {
  /** Claims up to `limit` due exports for `tracker` until `now + leaseMs`; none another replica holds. */
  claimDue(tracker: TrackerName, now: Date, leaseMs: number, limit: number): Promise<TrackerExportClaim[]>;
  /**
   * Writes the missing export row (due at `now`) of every open follow-up that has none: one an older
   * release recorded during a rolling upgrade. Idempotent, and safe with replicas doing it at once.
   * Answers how many rows it wrote.
   */
  addMissing(now: Date): Promise<number>;
  /** Releases the claim: tried again from `at`. */
  retryAt(followUpId: number, at: Date, error: string): Promise<void>;
  /** The tracker refused it for good: never tried again. */
  markFailed(followUpId: number, error: string): Promise<void>;
  /** Follow-ups exported to `tracker` and open in Warroom, oldest checked first. */
  openExported(tracker: TrackerName, limit: number): Promise<FollowUp[]>;
  /** Runs `work` unless another replica runs its tracker check now (then at once `{ ran: false }`). */
  whileLocked<T>(work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
  /** The follow-up exported as `ref`, if any. */
  findByRef(tracker: TrackerName, ref: string): Promise<FollowUp | null>;
  /** Whether the tracker last said the follow-up's issue is done (false until it says so). */
  trackerDone(followUpId: number): Promise<boolean>;
  /** Keeps what the tracker said last about the follow-up's issue. */
  saveTrackerDone(followUpId: number, done: boolean): Promise<void>;
}
