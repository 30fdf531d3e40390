/** The app's own methods: api.test, auth.test, and apps.connections.open (Socket Mode). */
import { fail, ok, type Json, type Outcome } from '../args.js';
import type { MethodTable, WorkspaceState } from '../state.js';

function apiTest(_ws: WorkspaceState, args: Json): Outcome {
  return ok({ args: { ...args } });
}

function appsConnectionsOpen(ws: WorkspaceState): Outcome {
  const socketMode = ws.options.socketMode;
  if (socketMode === undefined) return fail('invalid_auth');
  const url = new URL(socketMode.url());
  url.searchParams.set('ticket', `ticket-${++ws.counters.socketTickets}`);
  url.searchParams.set('app_id', ws.appId);
  return ok({ url: url.toString() });
}

function authTest(ws: WorkspaceState): Outcome {
  return ok({
    url: `https://${ws.teamDomain}.slack.com/`,
    team: 'Warroom Fake',
    user: 'warroom',
    team_id: ws.teamId,
    user_id: ws.botUserId,
    bot_id: ws.botId,
    is_enterprise_install: false,
  });
}

export const appMethods: MethodTable = {
  'api.test': apiTest,
  'apps.connections.open': appsConnectionsOpen,
  'auth.test': authTest,
};
