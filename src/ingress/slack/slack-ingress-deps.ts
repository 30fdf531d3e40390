import type { RoomLinks } from '../../app/fallback/room-links.js';
import type { ChangeIncident } from '../../app/change-incident.js';
import type { DeclareIncident } from '../../app/declare-incident.js';
import type { FollowUps } from '../../app/followups/follow-ups.js';
import type { RunDrill } from '../../app/drills/run-drill.js';
import type { Logger } from '../../app/ports/runtime.js';
import type { IncidentQueries } from '../../app/query-incidents.js';
import type { PrivateVisibility } from '../../app/private-visibility.js';
import type { OnCallLookup } from '../../app/oncall/find-on-call.js';
import type { PagingService } from '../../app/oncall/paging-service.js';
import type { CatchUps } from '../../app/room/catch-ups.js';
import type { FindRunbooks } from '../../app/room/find-runbooks.js';
import type { GoneRooms } from '../../app/room/gone-rooms.js';
import type { MoveToPrivate } from '../../app/room/move-to-private.js';
import type { RoomRequests } from '../../app/room/room-requests.js';
import type { StakeholderUpdates } from '../../app/room/stakeholder-updates.js';
import type { StatusPageUpdates } from '../../app/statuspage/status-page-updates.js';
import type { Incident } from '../../core/incident.js';
import type { IncidentType } from '../../core/incident-type.js';

/** What the Slack listeners need: use cases and a few settings (the views come from src/slack-ui). */
export interface SlackIngressDeps {
  readonly declareIncident: DeclareIncident;
  readonly changeIncident: ChangeIncident;
  readonly queries: IncidentQueries;
  /** Leaves out the private incidents a person is not a member of (lists and the App Home). */
  readonly visibility: PrivateVisibility;
  readonly room: RoomRequests;
  /** Incident channels archived or deleted in Slack, and the new rooms that replace them. */
  readonly goneRooms: GoneRooms;
  /** `/incident private`: a public incident moved to a new private channel. */
  readonly moveToPrivate: MoveToPrivate;
  readonly updates: StakeholderUpdates;
  /** What happened so far, for one person; a first join queues theirs. */
  readonly catchUps: CatchUps;
  /** The fallback room's links, for the summary's "Web view" (null or absent: the room is off). */
  readonly roomLinks?: RoomLinks | null;
  /** Follow-ups: `/incident followup(s)`, the summary's "Add follow-up" and the Done buttons. */
  readonly followUps: FollowUps;
  /** Status-page updates: `/incident statuspage` and its modal; absent or null: the feature is off (`statuspage.pageId`, STATUSPAGE_API_KEY). */
  readonly statusPage?: StatusPageUpdates | null;
  readonly findRunbooks: FindRunbooks;
  readonly onCall: OnCallLookup;
  readonly paging: PagingService;
  /** Queues a scope measurement now (the card is posted or updated when it is done). */
  readonly requestScope: (incidentId: number) => Promise<void>;
  /** How many stakeholder channels an update of this incident goes to (its type's; none for a private one), shown in the update modal. */
  readonly stakeholderChannels: (incident: Incident) => number;
  /** Configured service names, offered in the declare modal. */
  readonly services: readonly string[];
  /** Configured incident types, offered in the declare modal when there are several (absent: none). */
  readonly incidentTypes?: readonly IncidentType[];
  /** The reaction that captures a message on the timeline (without colons). */
  readonly timelineEmoji: string;
  /** `/incident drill [scenario]`: fires a drill scenario's alerts through the webhook path. */
  readonly runDrill?: RunDrill;
  readonly log: Logger;
}
