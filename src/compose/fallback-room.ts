/** The fallback room (issue 23): its links, its page's routes and live streams, and its line on /readyz. */
import type { ChangeIncident } from '../app/change-incident.js';
import { createRoomLinks, type RoomLinks } from '../app/fallback/room-links.js';
import type { HealthCheck } from '../app/ports/runtime.js';
import type { IncidentQueries } from '../app/query-incidents.js';
import type { StakeholderUpdates } from '../app/room/stakeholder-updates.js';
import { createHmacSigner } from '../adapters/hmac/hmac-signer.js';
import { createPostgresRenderedCharts } from '../adapters/postgres/postgres-rendered-charts.js';
import { createPostgresRoomChanges } from '../adapters/postgres/postgres-room-changes.js';
import { fallbackRoomAvailability } from '../fallback-room-settings.js';
import type { Route } from '../ingress/http/route.js';
import { createRoomAccess } from '../ingress/rooms/room-access.js';
import { createRoomStreams } from '../ingress/rooms/room-event-stream.js';
import { roomRoutes } from '../ingress/rooms/room-routes.js';
import type { Base } from './base.js';

export interface FallbackRoom {
  /** null while the room is off. */
  readonly links: RoomLinks | null;
  /** Why it is off ('' when on). */
  readonly offReason: string;
  /** GET /rooms/:ref and the rest; none while the room is off (they answer 404 like any unknown path). */
  readonly routes: readonly Route[];
  /** `fallbackRoom` on /readyz: `ok`, or `off` with why; never makes the replica unready. */
  readonly health: HealthCheck;
  /** Ends the open room pages' streams (before requests drain at shutdown). */
  closeStreams(): void;
}

/**
 * The room's links (null while it is off, with why). Stateless, so the break-glass page and the
 * room's routes each build theirs from the same key and agree.
 */
export function fallbackRoomLinks({ config, clock }: Pick<Base, 'config' | 'clock'>): { links: RoomLinks | null; offReason: string } {
  const availability = fallbackRoomAvailability(config.fallbackRoom, config.settings.fallbackRoom);
  const { publicUrl, linkSecret } = config.fallbackRoom;
  if (!availability.on) return { links: null, offReason: availability.reason };
  if (publicUrl === null || linkSecret === null) return { links: null, offReason: 'not configured' };
  return { links: createRoomLinks({ signer: createHmacSigner(linkSecret), publicUrl, clock }), offReason: '' };
}

export function createFallbackRoom(base: Base, deps: { queries: IncidentQueries; changeIncident: ChangeIncident; updates: StakeholderUpdates }): FallbackRoom {
  const { config, clock, log, database } = base;
  const { links, offReason } = fallbackRoomLinks(base);
  const { publicUrl } = config.fallbackRoom;
  const health: HealthCheck = {
    name: 'fallbackRoom',
    critical: false,
    check: () => Promise.resolve(links ? { state: 'ok' } : { state: 'off', detail: offReason }),
  };
  if (links === null || publicUrl === null) return { links: null, offReason, routes: [], health, closeStreams: () => undefined };
  const streams = createRoomStreams({ changes: createPostgresRoomChanges(database.knex), clock, log });
  const access = createRoomAccess({ links, publicUrl, clock, log });
  const charts = createPostgresRenderedCharts(database.knex);
  const routes = roomRoutes({ access, streams, queries: deps.queries, changeIncident: deps.changeIncident, updates: deps.updates, charts });
  return { links, offReason: '', routes, health, closeStreams: () => streams.closeAll() };
}
