import { z } from 'zod';
import { ROOM_LINK_TTL_MS, type RoomLinks, type RoomPerson } from '../../app/fallback/room-links.js';
import type { IncidentQueries } from '../../app/query-incidents.js';
import { SLACK_USER_ID_PATTERN } from '../../core/slack-user-id.js';
import { sendDomainError, sendJson } from '../http/respond.js';
import type { Route } from '../http/route.js';
import { readApiInput, withApiToken, type ApiTokens } from './api-input.js';

const MAX_TTL_MINUTES = 7 * 24 * 60;

export const roomLinkInput = z
  .object({
    person: z
      .object({
        /** What the room and the timeline call them. */
        name: z.string().trim().min(1, 'must not be empty').max(200),
        /** Their Slack account: the timeline names them as Slack commands do. */
        slackUserId: z.string().regex(new RegExp(`^${SLACK_USER_ID_PATTERN}$`), 'must be a Slack user id (U… or W…)').optional(),
        /** The paging provider that knows them (`pagerduty`), when they have no Slack account here. */
        provider: z.string().trim().min(1).max(40).optional(),
      })
      .strict(),
    expiresInMinutes: z.int(`must be a whole number of minutes from 1 to ${MAX_TTL_MINUTES}`).min(1).max(MAX_TTL_MINUTES).optional(),
  })
  .strict();

export interface RoomLinkRouteDeps {
  readonly apiTokens: ApiTokens;
  readonly queries: IncidentQueries;
  readonly publicQueries: IncidentQueries;
  /** null: the fallback room is off (no WARROOM_PUBLIC_URL, or `fallbackRoom.enabled: false`). */
  readonly links: RoomLinks | null;
  /** Why the room is off, for the refusal. */
  readonly offReason: string;
}

/**
 * `POST /api/incidents/:ref/room-links` (issue 23): an operator hands a responder a link into the
 * incident's fallback room, naming that one person. Only a caller who can see the incident can:
 * a private one needs WARROOM_API_PRIVATE_TOKEN, as its GET does.
 */
export function roomLinkRoute(deps: RoomLinkRouteDeps): Route {
  return {
    method: 'POST',
    path: '/api/incidents/:ref/room-links',
    handler: withApiToken(deps.apiTokens, async (req, res, params, seesPrivate) => {
      const input = await readApiInput(req, res, roomLinkInput);
      if (input === null) return;
      const found = await (seesPrivate ? deps.queries : deps.publicQueries).get(params.ref ?? '');
      if (!found.ok) return sendDomainError(res, found.error);
      if (deps.links === null) return sendJson(res, 409, { error: `the fallback room is off: ${deps.offReason}`, code: 'fallback_room.off' });
      const person: RoomPerson = { name: input.person.name, slackUserId: input.person.slackUserId ?? null, provider: input.person.provider ?? null };
      const link = deps.links.issue(found.value.incident.ref, person, input.expiresInMinutes === undefined ? ROOM_LINK_TTL_MS : input.expiresInMinutes * 60_000);
      sendJson(res, 201, { url: link.url, expiresAt: link.expiresAt.toISOString(), person }, { 'cache-control': 'no-store' });
    }),
  };
}
