/** views.*: modals (opened with a trigger_id that works once, pushed, updated) and home tabs. */
import { fail, ok, pad, required, type Json, type Outcome } from '../args.js';
import { parseView } from '../block-kit-rules.js';
import { viewJson } from '../shapes.js';
import type { MethodTable, ViewState, WorkspaceState } from '../state.js';

function viewsOpen(ws: WorkspaceState, args: Json): Outcome {
  return openView(ws, args, 'open');
}

function viewsPush(ws: WorkspaceState, args: Json): Outcome {
  return openView(ws, args, 'push');
}

function viewsUpdate(ws: WorkspaceState, args: Json): Outcome {
  const viewId = required(args, 'view_id');
  const externalId = required(args, 'external_id');
  if (viewId === undefined && externalId === undefined) return fail('invalid_arguments');
  const v = viewId !== undefined ? ws.views.get(viewId) : [...ws.views.values()].find((x) => x.externalId === externalId);
  if (v === undefined) return fail('not_found');
  const parsed = parseView(args, v.kind);
  if (parsed.failed !== null) return parsed.failed;
  const hash = required(args, 'hash');
  if (hash !== undefined && hash !== v.hash) return fail('hash_conflict');
  v.view = parsed.view;
  v.updates += 1;
  v.hash = newHash(ws);
  if (typeof parsed.view.external_id === 'string') v.externalId = parsed.view.external_id;
  return ok({ view: viewJson(ws, v) });
}

function viewsPublish(ws: WorkspaceState, args: Json): Outcome {
  const userId = required(args, 'user_id');
  if (userId === undefined) return fail('invalid_arguments');
  if (!ws.userExists(userId)) return fail('user_not_found');
  const parsed = parseView(args, 'home');
  if (parsed.failed !== null) return parsed.failed;
  const existing = [...ws.views.values()].find((x) => x.kind === 'home' && x.userId === userId);
  const hash = required(args, 'hash');
  if (existing !== undefined) {
    if (hash !== undefined && hash !== existing.hash) return fail('hash_conflict');
    existing.view = parsed.view;
    existing.updates += 1;
    existing.hash = newHash(ws);
    return ok({ view: viewJson(ws, existing) });
  }
  const v = newView(ws, 'home', 'publish', null, userId, parsed.view, null);
  return ok({ view: viewJson(ws, v) });
}


function newHash(ws: WorkspaceState): string {
  return `${ws.nowSeconds()}.${Math.floor(ws.random() * 1e8).toString(36)}${ws.counters.view}`;
}

function newView(ws: WorkspaceState, kind: 'modal' | 'home', via: ViewState['via'], triggerId: string | null, userId: string | null, view: Json, previous: string | null): ViewState {
  ws.counters.view += 1;
  const id = `V${pad(ws.counters.view, 8)}`;
  const v: ViewState = {
    id,
    kind,
    via,
    triggerId,
    userId,
    externalId: typeof view.external_id === 'string' ? view.external_id : null,
    view,
    hash: newHash(ws),
    updates: 0,
    rootViewId: previous ?? id,
    previousViewId: previous,
  };
  ws.views.set(id, v);
  return v;
}

function openView(ws: WorkspaceState, args: Json, via: 'open' | 'push'): Outcome {
  const triggerId = required(args, 'trigger_id');
  if (triggerId === undefined) return fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: trigger_id'] } });
  const parsed = parseView(args, 'modal');
  if (parsed.failed !== null) return parsed.failed;
  if (ws.usedTriggerIds.has(triggerId)) return fail('exchanged_trigger_id');
  const externalId = parsed.view.external_id;
  if (typeof externalId === 'string' && [...ws.views.values()].some((v) => v.externalId === externalId)) return fail('duplicate_external_id');
  ws.usedTriggerIds.add(triggerId);
  const previous = via === 'push' ? ([...ws.views.values()].filter((v) => v.kind === 'modal').at(-1)?.id ?? null) : null;
  const v = newView(ws, 'modal', via, triggerId, null, parsed.view, previous);
  return ok({ view: viewJson(ws, v) });
}

export const viewMethods: MethodTable = {
  'views.open': viewsOpen,
  'views.push': viewsPush,
  'views.update': viewsUpdate,
  'views.publish': viewsPublish,
};
