import { VIA_FALLBACK_ROOM } from '../../app/ports/slack-outages.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { roomActor, type RoomPerson } from '../../app/fallback/room-links.js';
import type { ChangeIncident } from '../../app/change-incident.js';
import type { StakeholderUpdates } from '../../app/room/stakeholder-updates.js';
import type { Result } from '../../app/result.js';
import type { IncidentQueries, IncidentView } from '../../app/query-incidents.js';
import type { RenderedCharts } from '../../app/ports/metrics.js';
import type { ChangeCommand } from '../../core/decide-all.js';
import { pageAsset, sendPageAsset } from '../../web/static-page.js';
import { readApiInput, refuseInput } from '../api/api-input.js';
import { noteInput } from '../api/incident-inputs.js';
import { sendDomainError, sendJson } from '../http/respond.js';
import type { Route } from '../http/route.js';
import type { RoomAccess, RoomVisitor } from './room-access.js';
import type { RoomStreams } from './room-event-stream.js';
import { roomRoleInput, roomSeverityInput, roomStatusInput, roomUpdateInput } from './room-inputs.js';
import { roomStateJson } from './room-state-json.js';

export interface RoomRouteDeps {
  readonly access: RoomAccess;
  readonly streams: RoomStreams;
  /** Every incident, private ones too: a link was issued for this one, by whoever could see it. */
  readonly queries: IncidentQueries;
  /** The use case the Slack commands and the API change incidents through: same rules, same timeline events. */
  readonly changeIncident: ChangeIncident;
  /** The use case the Slack update modal drafts and posts stakeholder updates through. */
  readonly updates: Pick<StakeholderUpdates, 'draft' | 'post'>;
  /** The failing-share charts rendered for the Slack channel: the room shows the newest, Slack up or down. */
  readonly charts: RenderedCharts;
}

/** The same words for every refusal (no link, a wrong, expired or other room's link, no such incident): they tell nothing of the incident. */
const REFUSED = 'This link does not open a room: it is wrong or has expired. Ask the incident commander or an operator for a new one.';
const NO_STORE = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

type Params = Readonly<Record<string, string>>;
type Admitted = (req: IncomingMessage, res: ServerResponse, ref: string, visitor: RoomVisitor) => Promise<void>;

/** What every room route is built from: the admission, the refusal, and the reads of the visitor's incident. */
function roomHelpers(deps: RoomRouteDeps) {
  /** Runs `handler` for a visitor the link lets into this room; anyone else gets the refusal, their body unread. */
  const admitted = (handler: Admitted, refuse: (res: ServerResponse, status: 401 | 403) => void) => async (req: IncomingMessage, res: ServerResponse, params: Params) => {
    const ref = params.ref ?? '';
    const admission = deps.access.admit(req, ref);
    if (!admission.ok) {
      req.resume();
      return refuse(res, admission.status);
    }
    await handler(req, res, ref, admission.visitor);
  };
  const refuseJson = (res: ServerResponse, status: number) => sendJson(res, status, { error: REFUSED }, NO_STORE);
  /** The incident a visitor was let into; null once the refusal was sent (it is gone). */
  const incidentOf = async (res: ServerResponse, ref: string): Promise<IncidentView | null> => {
    const found = await deps.queries.get(ref);
    if (found.ok) return found.value;
    refuseJson(res, 403);
    return null;
  };
  const stateOf = async (view: IncidentView, visitor: RoomVisitor) => {
    const [events, chart] = await Promise.all([deps.queries.timeline(view.incident.ref), deps.charts.newest(view.incident.id)]);
    return roomStateJson(view, events.ok ? events.value : [], visitor, chart);
  };
  return { admitted, refuseJson, incidentOf, stateOf };
}
type RoomHelpers = ReturnType<typeof roomHelpers>;

/** What a room action does as the link's person: a use case's result, or the input's problems (400). */
type RoomAct<S extends z.ZodType> = (incidentId: number, input: z.output<S>, actor: string, person: RoomPerson) => Promise<Result<unknown> | { readonly problems: readonly string[] }>;

/** A room action: let in, same origin, its input checked, done as the link's person, the new state answered. */
function roomAction<S extends z.ZodType>(deps: RoomRouteDeps, h: RoomHelpers, name: string, schema: S, act: RoomAct<S>): Route {
  return {
    method: 'POST',
    path: `/rooms/:ref/${name}`,
    handler: h.admitted(async (req, res, ref, visitor) => {
      if (!deps.access.sameOrigin(req)) {
        req.resume();
        return sendJson(res, 403, { error: 'room actions are taken only from the room page of this Warroom (Origin)' }, NO_STORE);
      }
      const input = await readApiInput(req, res, schema);
      if (input === null) return;
      const view = await h.incidentOf(res, ref);
      if (view === null) return;
      const done = await act(view.incident.id, input, roomActor(visitor.person), visitor.person);
      if ('problems' in done) return refuseInput(res, done.problems);
      if (!done.ok) return sendDomainError(res, done.error);
      const after = await h.incidentOf(res, ref);
      if (after !== null) sendJson(res, 200, await h.stateOf(after, visitor), NO_STORE);
    }, h.refuseJson),
  };
}

/** A room action that changes the incident through change-incident, as the Slack commands do. */
function changeAction<S extends z.ZodType>(
  deps: RoomRouteDeps,
  h: RoomHelpers,
  name: string,
  schema: S,
  commandsOf: (input: z.output<S>, actor: string, person: RoomPerson) => ChangeCommand[] | { readonly problems: readonly string[] },
): Route {
  return roomAction(deps, h, name, schema, (incidentId, input, actor, person) => {
    const commands = commandsOf(input, actor, person);
    return 'problems' in commands ? Promise.resolve(commands) : deps.changeIncident(incidentId, commands);
  });
}

/**
 * The fallback room (issue 23): `GET /rooms/:ref` (the page), `GET /rooms/:ref/state` and
 * `/events` (what it draws, now and live), `/chart.png` (the scope chart), `/update-draft` (the update modal's draft), and the room's actions, each let in by a room link
 * before anything is read, and done as the person the link names.
 */
export function roomRoutes(deps: RoomRouteDeps): Route[] {
  const page = pageAsset('/rooms/:ref', 'room.html');
  const refusedPage = pageAsset('/rooms/:ref', 'room-refused.html');
  // Beside /rooms/, not under it: the pages name them relatively (`../room-assets/…`), so a path prefix in WARROOM_PUBLIC_URL works.
  const assets = [pageAsset('/room-assets/room.js', 'room.js'), pageAsset('/room-assets/room.css', 'room.css')];
  const h = roomHelpers(deps);

  return [
    ...assets.map((asset): Route => ({ method: 'GET', path: asset.path, handler: (_req, res) => Promise.resolve(sendPageAsset(res, asset)) })),
    {
      method: 'GET',
      path: '/rooms/:ref',
      handler: h.admitted(
        (_req, res, ref, visitor) => {
          // The page holds no incident data (it reads /state): it may be sent before the incident is looked up.
          const cookie = visitor.fromUrl ? { 'set-cookie': deps.access.cookieFor(ref, visitor) } : {};
          sendPageAsset(res, page, { headers: { ...NO_STORE, ...cookie } });
          return Promise.resolve();
        },
        (res, status) => sendPageAsset(res, refusedPage, { status, headers: NO_STORE }),
      ),
    },
    {
      method: 'GET',
      path: '/rooms/:ref/state',
      handler: h.admitted(async (_req, res, ref, visitor) => {
        const view = await h.incidentOf(res, ref);
        if (view !== null) sendJson(res, 200, await h.stateOf(view, visitor), NO_STORE);
      }, h.refuseJson),
    },
    {
      method: 'GET',
      path: '/rooms/:ref/events',
      handler: h.admitted(async (req, res, ref, visitor) => {
        const view = await h.incidentOf(res, ref);
        if (view === null) return;
        const render = async () => {
          const now = await deps.queries.get(ref);
          return now.ok ? h.stateOf(now.value, visitor) : null;
        };
        deps.streams.open(req, res, { incidentId: view.incident.id, until: visitor.expiresAt, render });
      }, h.refuseJson),
    },
    {
      method: 'GET',
      path: '/rooms/:ref/chart.png',
      handler: h.admitted(async (_req, res, ref) => {
        const view = await h.incidentOf(res, ref);
        if (view === null) return;
        const chart = await deps.charts.newestPng(view.incident.id);
        if (chart === null) return sendJson(res, 404, { error: 'this incident has no scope chart yet' }, NO_STORE);
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': chart.png.length, 'x-content-type-options': 'nosniff', ...NO_STORE });
        res.end(chart.png);
      }, h.refuseJson),
    },
    {
      method: 'GET',
      path: '/rooms/:ref/update-draft',
      handler: h.admitted(async (_req, res, ref) => {
        const view = await h.incidentOf(res, ref);
        if (view === null) return;
        const draft = await deps.updates.draft(view.incident.id);
        if (!draft.ok) return sendDomainError(res, draft.error);
        sendJson(res, 200, draft.value, NO_STORE);
      }, h.refuseJson),
    },
    // The update modal's use case: the same length rule, the same timeline event, queued to the stakeholder channels through the outbox.
    roomAction(deps, h, 'updates', roomUpdateInput, (incidentId, input, actor) => deps.updates.post(incidentId, input.text, actor, input.notes ?? [], VIA_FALLBACK_ROOM)),
    changeAction(deps, h, 'notes', noteInput, (input, actor) => [{ type: 'add_note', text: input.text, actor }]),
    changeAction(deps, h, 'status', roomStatusInput, (input, actor) => [{ type: 'change_status', status: input.status, actor }]),
    changeAction(deps, h, 'severity', roomSeverityInput, (input, actor) => [{ type: 'change_severity', severity: input.severity, actor }]),
    // Taking a role: roles are held by Slack users (the room's reminders and mentions need one), so a link must name one.
    changeAction(deps, h, 'roles', roomRoleInput, (input, actor, person) =>
      person.slackUserId === null
        ? { problems: [`a role is held by a Slack user, and this link names ${person.name} without a Slack user id`] }
        : [{ type: 'assign_role', role: input.role, user: person.slackUserId, actor }],
    ),
  ];
}
