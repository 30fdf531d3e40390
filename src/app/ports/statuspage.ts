/**
 * Atlassian Statuspage (issue 20): the public page an incident's updates are published to, and
 * what Warroom remembers of each incident's page incident and of each update it sent.
 *
 * StatusPage methods throw StatusPageUnavailableError when Statuspage cannot be reached, times out
 * or answers 420/429/5xx (retry, not before `retryAfterMs` when it said so), and
 * StatusPageRefusedError when it refuses for good (a bad key, an unknown component): retrying would
 * only repeat the refusal, so the update is marked failed and the channel is told why.
 */
import type { ComponentStatus, PublicStatus } from '../../core/statuspage.js';

/** What one call sends: the update, and the marker the created incident keeps in its metadata. */
export interface StatusPageRequest {
  readonly marker: string;
  readonly name: string;
  readonly status: PublicStatus;
  readonly body: string;
  /** Component id → its status. */
  readonly components: Readonly<Record<string, ComponentStatus>>;
}

/** A status-page incident as Statuspage answers it. */
export interface StatusPageIncident {
  readonly id: string;
  /** Its public link (Statuspage's `shortlink`); null when it gave none. */
  readonly url: string | null;
  readonly status: string;
}

export interface StatusPage {
  /** The incident created earlier with this marker, among the page's recent ones; null when there is none. */
  findByMarker(marker: string): Promise<StatusPageIncident | null>;
  create(request: StatusPageRequest): Promise<StatusPageIncident>;
  update(incidentId: string, request: StatusPageRequest): Promise<StatusPageIncident>;
}

/** The status-page incident of one of ours, once Statuspage has answered its creation. */
export interface StatusPageLink {
  readonly pageIncidentId: string;
  readonly url: string | null;
  /** The status the public page shows since our last update. */
  readonly publicStatus: string;
}

/** One update's send: 'new' (this run recorded the intent), 'sending' (an earlier run may have sent it), or done. */
export type StatusPageSendState = 'new' | 'sending' | 'sent' | 'failed';

/** What Warroom records of its status-page work; every write commits on its own. */
export interface StatusPageStore {
  link(incidentId: number): Promise<StatusPageLink | null>;
  saveLink(incidentId: number, answer: StatusPageIncident): Promise<void>;
  /** Records the intent to send the update `key` (first call: 'new'); answers its state. */
  intend(incidentId: number, key: string, at: Date): Promise<StatusPageSendState>;
  markSent(incidentId: number, key: string, at: Date): Promise<void>;
  markFailed(incidentId: number, key: string, error: string): Promise<void>;
  /** Runs `work` while no other replica works on this incident's status page; `ran: false` when one does. */
  exclusively(incidentId: number, work: () => Promise<void>): Promise<{ ran: boolean }>;
}

export class StatusPageUnavailableError extends Error {
  constructor(
    cause: unknown,
    /** How long Statuspage asked to wait (Retry-After), when it said so. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(`Statuspage is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StatusPageUnavailableError';
  }
}

export class StatusPageRefusedError extends Error {
  constructor(
    /** Statuspage's status and reason, for the people in the channel (never the key). */
    readonly reason: string,
  ) {
    super(`Statuspage refused the update: ${reason}`);
    this.name = 'StatusPageRefusedError';
  }
}
