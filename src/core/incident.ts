import type { IncidentRoles } from './roles.js';
import type { RoomGone } from './room-gone.js';
import type { Scope } from './scope.js';
import type { Severity } from './severity.js';
import type { Status } from './status.js';

/** The incident as the core sees it. `id` comes from a database sequence; `ref` is `INC-<id>`. */
export interface Incident {
  readonly id: number;
  readonly ref: string;
  readonly title: string;
  readonly description: string | null;
  readonly status: Status;
  readonly severity: Severity;
  readonly services: readonly string[];
  readonly drill: boolean;
  readonly channelId: string | null;
  readonly channelName: string | null;
  /** Set once Slack said the channel was archived or deleted; cleared when a new room is opened (absent: not gone). */
  readonly roomGone?: RoomGone | null;
  /** The call link set for this incident (`/incident bridge <url>`); absent or null: the configured one, if any (core/bridge.ts). */
  readonly bridgeUrl?: string | null;
  /** Only the members of its (private) channel may see it (issue 21); absent: public. */
  readonly private?: boolean;
  /** The incident type it was declared as (`incidentTypes`, core/incident-type.ts); absent or null: the default type. */
  readonly type?: string | null;
  readonly roles: IncidentRoles;
  readonly scope: Scope | null;
  readonly declaredBy: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly resolvedAt: Date | null;
  /** Optimistic-locking version: the store refuses a save whose base version is stale. */
  readonly version: number;
}

export function incidentRef(id: number): string {
  return `INC-${id}`;
}

/** Reads `INC-12`, `inc-12` or `12`; null for anything else. */
export function parseIncidentRef(input: string): number | null {
  const m = /^\s*(?:inc-)?(\d{1,15})\s*$/i.exec(input);
  if (!m?.[1]) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}
