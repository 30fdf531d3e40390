import type { IncidentAlerts } from './alert.js';
import type { CatchUp } from './catch-up.js';
import type { CheckResult } from './check-result.js';
import type { DrillScorecard } from './drill-scorecard.js';
import type { Incident } from './incident.js';
import type { PagingState } from './paging-state.js';
import type { Scope } from './scope.js';
import type { Severity } from './severity.js';
import type { StatusPageNotice } from './statuspage.js';
import type { TimelineEvent } from './timeline.js';

/** One of several posts a message takes in Slack (part 1 is the message, the rest its continuations). */
export interface MessagePart {
  readonly index: number;
  readonly of: number;
}

/**
 * A message Warroom posts in an incident room: what it says, not how it looks. The app builds it;
 * slack-ui renders it with Block Kit, escaping every untrusted string. It lives in core because both
 * need it and neither may import the other.
 */
export type RoomMessage =
  | {
      readonly kind: 'summary';
      readonly incident: Incident;
      readonly alerts: IncidentAlerts;
      readonly runbook: string | null;
      readonly dashboards: readonly string[];
      readonly allAlertsResolved: boolean;
      /** The pages sent and whether each was acknowledged; none: not paged. */
      readonly paging: PagingState;
      /** "Regional: eu-west-1 — 41.0 % of eu-west-1 requests failing (18.3 % of all requests)"; null until measured. */
      readonly scopeHeadline: string | null;
      /** The incident's call link (core/bridge.ts); absent or null: none. */
      readonly bridgeUrl?: string | null;
      /** The fallback room is on: the summary offers its web view. */
      readonly webView?: boolean;
    }
  | { readonly kind: 'announcement'; readonly incident: Incident }
  /** A reply in the announcement's thread: the incident was raised from `from` to `to` at `at`. */
  | { readonly kind: 'announcement_escalated'; readonly incident: Incident; readonly from: Severity; readonly to: Severity; readonly at: Date }
  /** The incident is resolved: how long it lasted and what it affected (its last measured scope). */
  | { readonly kind: 'resolution'; readonly incident: Incident }
  | { readonly kind: 'new_alerts'; readonly ref: string; readonly count: number; readonly titles: readonly string[] }
  | { readonly kind: 'timeline'; readonly incident: Incident; readonly events: readonly TimelineEvent[]; readonly part?: MessagePart }
  /** `delayed`: written while Slack was unreachable, posted once it answered again. */
  | { readonly kind: 'stakeholder_update'; readonly incident: Incident; readonly text: string; readonly by: string; readonly at: Date; readonly delayed?: boolean }
  /** Slack answered again: what people did on the incident from `from` to `to`, while it was unreachable. */
  | { readonly kind: 'outage_digest'; readonly incident: Incident; readonly from: Date; readonly to: Date; readonly events: readonly TimelineEvent[] }
  | { readonly kind: 'update_reminder'; readonly incident: Incident; readonly cadenceMinutes: number; readonly dueAt: Date }
  | { readonly kind: 'commander_reminder'; readonly incident: Incident }
  | { readonly kind: 'scope_card'; readonly incident: Incident; readonly scope: Scope; readonly reason: string | null; readonly suggestion: Severity | null }
  | { readonly kind: 'checks'; readonly incident: Incident; readonly results: readonly CheckResult[] }
  | { readonly kind: 'postmortem'; readonly incident: Incident; readonly markdown: string; readonly part?: MessagePart }
  | { readonly kind: 'drill_scorecard'; readonly incident: Incident; readonly scorecard: DrillScorecard }
  /** A paging canary round that failed for some providers (no incident: posted in `paging.check.channel`). */
  | { readonly kind: 'paging_check_failed'; readonly at: Date; readonly results: readonly PagingCheckLine[] }
  /** What happened so far, for one person (posted ephemerally). */
  | { readonly kind: 'catch_up'; readonly catchUp: CatchUp }
  /** Left in a public incident channel moved to a private one: a pointer that names nothing of the incident. */
  | { readonly kind: 'moved_to_private' }
  /** A status-page update published or refused, or the offer to resolve the status-page incident (core/statuspage.ts). */
  | ({ readonly kind: 'statuspage_notice'; readonly ref: string } & StatusPageNotice);

/** One provider's canary outcome in a failure message. */
export interface PagingCheckLine {
  readonly provider: string;
  readonly outcome: 'acknowledged' | 'timeout' | 'failed';
  readonly seconds: number;
  readonly error: string | null;
}
