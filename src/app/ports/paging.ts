/**
 * On-call and paging (PagerDuty, Opsgenie, Jira Service Management Operations): who is on call, pages sent and followed.
 */
export type PagingProviderName = 'pagerduty' | 'opsgenie' | 'jsm';

/** Someone on call, as the paging provider knows them. */
export interface OnCallPerson {
  readonly providerUserId: string;
  readonly name: string;
  /** Used to find their Slack account (users.lookupByEmail); null when the provider does not say. */
  readonly email: string | null;
  /** 1 = primary. */
  readonly level: number;
}

export interface PageRequest {
  /** Our incident ref, named in the page. */
  readonly incidentRef: string;
  /**
   * The idempotency key the provider keeps (PagerDuty incident_key, Opsgenie alias), so a retried
   * page is one page; the incident ref when not given.
   */
  readonly dedupKey?: string | undefined;
  readonly title: string;
  readonly details: string;
  readonly urgency: 'high' | 'low';
  /** PagerDuty: the service to open the incident on. */
  readonly pagerdutyServiceId?: string | undefined;
  /** PagerDuty: page this user directly instead of the service's escalation policy. */
  readonly pagerdutyUserId?: string | undefined;
  /** Opsgenie: the schedule to page. */
  readonly opsgenieSchedule?: string | undefined;
  /** Opsgenie: page this user (email) directly. */
  readonly opsgenieUser?: string | undefined;
  /** JSM Operations: the schedule (its id) to page. */
  readonly jsmSchedule?: string | undefined;
  /** JSM Operations: page this user (Atlassian account email) directly. */
  readonly jsmUser?: string | undefined;
}

/** What a provider answered to a page: its reference to follow the page (acknowledgement, resolve, notes). */
export interface PageReceipt {
  readonly provider: PagingProviderName;
  /** PagerDuty incident id, or the Opsgenie alert alias. */
  readonly reference: string;
  readonly url: string | null;
}

/**
 * A paging provider. Every method throws PagingUnavailableError when the provider cannot be
 * reached, times out or answers 5xx (the caller fails over); other refusals throw plain errors.
 */
export interface PagingProvider {
  readonly name: PagingProviderName;
  /** Who is on call for an escalation policy (PagerDuty) or a schedule (Opsgenie), primary first. */
  onCall(target: string): Promise<OnCallPerson[]>;
  page(request: PageRequest): Promise<PageReceipt>;
  /** Whether the page was acknowledged (polled while waiting for an ack). */
  isAcknowledged(reference: string): Promise<boolean>;
  resolve(reference: string, note: string): Promise<void>;
  addNote(reference: string, text: string): Promise<void>;
}

export class PagingUnavailableError extends Error {
  readonly code = 'paging.unavailable';
  constructor(
    readonly provider: PagingProviderName,
    cause: unknown,
  ) {
    super(`${provider} is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'PagingUnavailableError';
  }
}

/** Where a page stands: recorded before the provider is called, then sent (with its reference) or failed. */
export type PageStatus = 'sending' | 'sent' | 'failed';

/**
 * Pages for incidents. The intent is recorded before the provider is called (DESIGN §4), keyed by
 * the idempotency key sent to the provider, so a retry re-sends the same key and never pages twice.
 */
export interface PagesStore {
  /** Records the intent to page (once per provider and key); answers how the stored intent stands. */
  intend(incidentId: number, intent: { provider: PagingProviderName; dedupKey: string; target: string }, at: Date): Promise<PageStatus>;
  /** The provider answered: the page is sent, with the provider's reference. */
  markSent(dedupKey: string, receipt: PageReceipt, at: Date): Promise<void>;
  /** The provider refused or could not be reached. */
  markFailed(provider: PagingProviderName, dedupKey: string): Promise<void>;
  /** The ack check found the page acknowledged (a webhook may have said so first: the earlier time stays). */
  markAcknowledged(provider: PagingProviderName, reference: string, at: Date): Promise<void>;
  /** The pages the providers have answered for, oldest first. */
  forIncident(incidentId: number): Promise<{ provider: PagingProviderName; reference: string; target: string; sentAt: Date; acknowledgedAt: Date | null }[]>;
}
