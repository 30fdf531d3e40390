/**
 * The paging canary's record (issue 19): each provider's test page, how it ended and how long the
 * acknowledgement took, kept where drills and the schedule read it.
 */
import type { PagingProviderName } from './paging.js';

/** Who a provider's canary page goes to: the fields that provider's page understands. */
export interface PagingCheckTarget {
  /** PagerDuty: the service to open the test incident on (required for PagerDuty). */
  readonly service?: string | undefined;
  /** Opsgenie / JSM: the schedule to page. */
  readonly schedule?: string | undefined;
  /** PagerDuty: a user id to assign; Opsgenie / JSM: a user (email) to page. */
  readonly user?: string | undefined;
}

/** acknowledged: a person acked the test page in time; timeout: nobody did; failed: the provider refused or was down. */
export type PagingCheckOutcome = 'acknowledged' | 'timeout' | 'failed';

export interface PagingCheckResult {
  readonly provider: PagingProviderName;
  readonly outcome: PagingCheckOutcome;
  /** Page sent → acknowledgement seen (acknowledged); the time waited or spent before failing otherwise. */
  readonly seconds: number;
  /** The provider's reference of the test page; null when it never got one. */
  readonly reference: string | null;
  /** Why it failed (no secrets: the provider's answer); null unless failed. */
  readonly error: string | null;
  readonly startedAt: Date;
}

export interface PagingCheckStore {
  /**
   * Runs `work` while this process holds the one paging-check lock of the database; `{ ran: false }`
   * at once when another process holds it (two canaries at once would page the target twice).
   */
  whileLocked<T>(work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
  /** When the latest check started (any replica, the CLI included); null when none ever ran. */
  lastStartedAt(): Promise<Date | null>;
  record(results: readonly PagingCheckResult[]): Promise<void>;
  /** The latest result per provider, for drills ("time to page acknowledged") and operators. */
  latest(): Promise<PagingCheckResult[]>;
}
