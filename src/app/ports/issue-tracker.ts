/**
 * The issue tracker an incident's follow-ups are exported to (issue 20): GitHub Issues or Jira Cloud,
 * chosen by `followups.tracker`. One adapter per tracker (src/adapters/github, src/adapters/jira).
 *
 * Every method throws TrackerUnavailableError when the tracker cannot be reached, times out or
 * answers 429/5xx (retry later, not before `retryAfterMs` when it said so), and TrackerRefusedError
 * when it refuses the request for good (a bad token, an unknown project or repository): retrying
 * that would only repeat the refusal, so the export is marked failed with the tracker's reason.
 */
import type { Headers } from './webhooks.js';

export type TrackerName = 'github' | 'jira';

/** What an exported follow-up becomes in the tracker. */
export interface TrackerIssueDraft {
  /**
   * Unique per follow-up and installation, kept by the tracker with the issue (a hidden line of the
   * body, a label), so findByMarker finds an issue created just before a crash and none is created twice.
   */
  readonly marker: string;
  /** At most 255 code points. */
  readonly title: string;
  /**
   * Plain-text paragraphs (the incident, the owner's name, the due date, a link back): each adapter
   * renders them in its own format (Markdown for GitHub, Atlassian Document Format for Jira).
   */
  readonly paragraphs: readonly string[];
  /** A calendar day, `YYYY-MM-DD`, or null. */
  readonly dueDate: string | null;
}

/** An issue as the tracker has it now. */
export interface TrackerIssue {
  /** The tracker's own reference: `owner/repo#123` for GitHub, the issue key (`OPS-42`) for Jira. */
  readonly ref: string;
  /** Where a person opens it. */
  readonly url: string;
  /** Closed (GitHub) or in the done status category (Jira). */
  readonly done: boolean;
}

export interface IssueTracker {
  readonly name: TrackerName;
  /** The issue created earlier with this marker, if any. */
  findByMarker(marker: string): Promise<TrackerIssue | null>;
  create(draft: TrackerIssueDraft): Promise<TrackerIssue>;
  /** The issue's state now; null when it no longer exists (deleted, or moved out of reach). */
  get(ref: string): Promise<TrackerIssue | null>;
}

/** An issue's state changed in the tracker, as its webhook reports it. */
export interface TrackerStateChange {
  readonly ref: string;
  readonly done: boolean;
  /** Who changed it, as the tracker names them (a GitHub login, a Jira display name); null when not said. */
  readonly by: string | null;
}

export type TrackerWebhookOutcome =
  | { readonly ok: true; readonly changes: readonly TrackerStateChange[] }
  | { readonly ok: false; readonly reason: string };

/**
 * A tracker's webhook (`POST /webhooks/github`, `POST /webhooks/jira`): authenticated before it is
 * parsed, like the alert providers' WebhookSource. Events Warroom does not act on parse to no changes.
 */
export interface TrackerWebhookSource {
  readonly tracker: TrackerName;
  readonly bodyLimitBytes: number;
  /** Checked before the body is read: a well-formed signature header is present. */
  authenticateHeaders(headers: Headers): boolean;
  /** The body's signature, verified in constant time. */
  authenticate(headers: Headers, rawBody: Buffer): boolean;
  parse(rawBody: Buffer, headers: Headers): TrackerWebhookOutcome;
}

export class TrackerUnavailableError extends Error {
  constructor(
    readonly tracker: TrackerName,
    cause: unknown,
    /** How long the tracker asked to wait (Retry-After, a rate-limit reset), when it said so. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(`${tracker} is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'TrackerUnavailableError';
  }
}

export class TrackerRefusedError extends Error {
  constructor(
    readonly tracker: TrackerName,
    /** The tracker's status and reason, for the operator (never the token). */
    reason: string,
  ) {
    super(`${tracker} refused the request: ${reason}`);
    this.name = 'TrackerRefusedError';
  }
}
