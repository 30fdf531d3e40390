/**
 * On-call and paging (PagerDuty, Opsgenie, Jira Service Management Operations): who is on call, pages sent and followed.
 */
import type { Severity } from '../../core/severity.js';
import type { ProviderPerson } from '../../core/provider-person.js';

/** Someone a page names: who it went to, who acknowledged it. */
export type PagePerson = ProviderPerson;
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
  /**
   * Any provider: page this person directly, by the `providerUserId` that provider's `findUser`
   * answered (a PagerDuty assignment, an Opsgenie or JSM user responder).
   */
  readonly personUserId?: string | undefined;
}

/** What a provider answered to a page: its reference to follow the page (acknowledgement, resolve, notes). */
export interface PageReceipt {
  readonly provider: PagingProviderName;
  /** PagerDuty incident id, or the Opsgenie alert alias. */
  readonly reference: string;
  readonly url: string | null;
  /** Who the provider says it paged (PagerDuty: the incident's assignees); absent or empty when it does not say. */
  readonly paged?: readonly PagePerson[];
}

/** What the ack poll learns of a page: whether it was acknowledged, by whom, and who it went to. */
export interface PageAcknowledgement {
  readonly acknowledged: boolean;
  readonly acknowledgedBy: PagePerson | null;
  readonly paged: readonly PagePerson[];
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
  /**
   * Whether a note containing `marker` is already on the incident/alert. Notes carry no idempotency
   * key at any provider, so a mirrored note that may have been posted (its answer was lost) is looked
   * up before it is posted again. Absent: the provider cannot tell, and the note is posted again.
   */
  hasNote?(reference: string, marker: string): Promise<boolean>;
  /** Sets the incident's urgency/priority from our severity where the API allows (absent: it does not). */
  setSeverity?(reference: string, severity: Severity): Promise<void>;
  /**
   * Like isAcknowledged, with the people the provider names (PagerDuty `acknowledgements` and
   * `assignments`, Opsgenie `report.acknowledgedBy` and `owner`). Optional: a provider without it
   * is polled with isAcknowledged and its pages name nobody.
   */
  acknowledgement?(reference: string): Promise<PageAcknowledgement>;
  /** The provider's user with this email (to page a person directly), or null when it knows nobody by it. */
  findUser?(email: string): Promise<ProviderUser | null>;
  /**
   * Moves a page on from escalation level `fromLevel` (1 = as first paged) to the next level of its
   * escalation policy (PagerDuty) or of the named escalation (Opsgenie, JSM), and says who is paged now.
   */
  escalate?(reference: string, step: EscalationStep): Promise<EscalationOutcome>;
}

/** A person as a provider knows them, found by email. */
export interface ProviderUser {
  /** What the provider pages them by (PagerDuty user id, Opsgenie username). */
  readonly providerUserId: string;
  readonly name: string;
}

export interface EscalationStep {
  /** The level the page is at now: 1 until Warroom has escalated it. */
  readonly fromLevel: number;
  /** The escalation to move through, where the provider needs one named (Opsgenie, JSM); null when none is configured. */
  readonly escalation: string | null;
}

/** Who a provider pages at an escalation level: a name, and an email to find their Slack account when known. */
export interface PagedPerson {
  readonly name: string;
  readonly email: string | null;
}

export type EscalationOutcome =
  | { readonly kind: 'escalated'; readonly level: number; readonly nowPaged: readonly PagedPerson[] }
  /** `fromLevel` is the policy's last level: there is nobody further to page. */
  | { readonly kind: 'last_level'; readonly level: number }
  /** The provider needs an escalation named (EscalationStep.escalation) and none is configured. */
  | { readonly kind: 'no_escalation' };

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
  /**
   * The ack check found the page acknowledged (a webhook may have said so first: the earlier time
   * and acknowledger stay); `people` fills in who acknowledged and who was paged where still unknown.
   * True when this call recorded the acknowledgement, false when it was already known (so it is
   * told once, whichever of the poll and the webhook sees it first).
   */
  markAcknowledged(provider: PagingProviderName, reference: string, at: Date, people?: { acknowledgedBy: PagePerson | null; paged: readonly PagePerson[] }): Promise<boolean>;
  /** The pages the providers have answered for, oldest first, with the people they name (none for older pages). */
  forIncident(
    incidentId: number,
  ): Promise<{ provider: PagingProviderName; reference: string; target: string; sentAt: Date; acknowledgedAt: Date | null; paged?: readonly PagePerson[]; acknowledgedBy?: PagePerson | null }[]>;
}

/** Where one note's mirror to one provider page stands: recorded before the provider is called. */
export type NoteMirrorStatus = 'sending' | 'sent' | 'failed';

/**
 * The notes mirrored to provider pages (DESIGN §4: the intent first). One row per note and linked
 * page, so a retried mirror job knows which notes are done and which may have been posted already.
 */
export interface NoteMirrorStore {
  /** Records the intent (once per note and page); answers the stored status, or 'new' when this call recorded it. */
  intend(incidentId: number, mirror: NoteMirror, at: Date): Promise<NoteMirrorStatus | 'new'>;
  /** The provider has the note. */
  markSent(mirror: NoteMirror, at: Date): Promise<void>;
  /** The provider refused the note (not an outage): it is not tried again. */
  markFailed(mirror: NoteMirror, error: string): Promise<void>;
}

/** One note of our timeline (`noteKey`) on one linked provider incident/alert. */
export interface NoteMirror {
  readonly provider: PagingProviderName;
  readonly reference: string;
  readonly noteKey: string;
}
