/**
 * Every `/sandbox…` route: the Slack Web API the bot talks to (`/sandbox/api/<method>`, the same
 * workspace the tests' Slack fake serves), its file uploads, the synthetic Prometheus and the
 * sandbox PagerDuty, and the endpoints of the page at `/sandbox`, which plays the Slack client:
 * it reads the workspace (`/sandbox/state`) and sends what a person does (command, button,
 * modal, sample alert) through the real, authenticated routes of this same server.
 */
import type { Logger } from '../app/ports/runtime.js';
import { sendJson } from '../ingress/http/respond.js';
import type { Route } from '../ingress/http/route.js';
import { sandboxClientRoutes } from './sandbox-client-routes.js';
import { SANDBOX_STAKEHOLDER_CHANNEL, type SandboxSetup } from './sandbox-config.js';
import { sandboxPageRoutes } from './sandbox-page.js';
import { sandboxPagerDutyRoutes } from './sandbox-pagerduty.js';
import { SANDBOX_ESCALATION_POLICY_ID, type SignAsPagerDuty } from './sample-alerts.js';
import { createSandboxState } from './sandbox-state.js';
import { SANDBOX_TEAM, type Person } from './slack-deliveries.js';
import { createSlackWorkspace, type SlackWorkspace } from './slack-workspace.js';
import { syntheticPrometheusRoutes } from './synthetic-prometheus.js';

const BOT_USER_ID = 'U0WARROOM';
/** A person who is not on call, to try role assignment and paging on someone else. */
const CAROL: Person & { email: string } = { id: 'U0CAROL03', name: 'Carol Nguyen', email: 'carol@sandbox.warroom.invalid' };

/** The sandbox's Slack workspace: the people of the set-up (and Carol), #general and the stakeholder channel. */
function createSandboxWorkspace(setup: SandboxSetup): SlackWorkspace {
  const { selfUrl, secrets, people } = setup;
  const workspace = createSlackWorkspace({
    token: secrets.botToken,
    botUserId: BOT_USER_ID,
    botId: 'B0WARROOM',
    teamId: SANDBOX_TEAM.id,
    teamDomain: SANDBOX_TEAM.domain,
    chatWritePublic: true,
    // The database outlives the in-memory workspace: ids from a previous run must not come back.
    firstChannelNumber: Math.floor(Date.now() / 1000) % 90_000_000,
    knownUsers: [...people.map((p) => ({ id: p.slackId, name: p.name.split(' ')[0]?.toLowerCase() ?? p.slackId, realName: p.name, email: p.email })), { id: CAROL.id, name: 'carol', realName: CAROL.name, email: CAROL.email }],
    uploadUrl: (fileId) => `${selfUrl}/sandbox/upload/${fileId}`,
  });
  const everyone = [BOT_USER_ID, ...people.map((p) => p.slackId), CAROL.id];
  workspace.addChannel({ id: 'C0GENERAL', name: 'general', members: everyone, purpose: 'Type /incident help here to start' });
  workspace.addChannel({ id: SANDBOX_STAKEHOLDER_CHANNEL, name: 'incident-updates', members: everyone, purpose: 'Stakeholder updates from Warroom' });
  return workspace;
}

export function sandboxRoutes(setup: SandboxSetup, deps: { log: Logger; startedAt: number; signAsPagerDuty: SignAsPagerDuty }): Route[] {
  const workspace = createSandboxWorkspace(setup);
  const state = createSandboxState(workspace);
  const routes: Route[] = [
    // The Slack Web API and its upload host, as the bot's WebClient sees them.
    ...(['GET', 'POST'] as const).map((method): Route => ({ method, path: '/sandbox/api/:method', handler: (req, res, params) => workspace.handle(req, res, `/api/${params.method ?? ''}`) })),
    {
      method: 'POST',
      path: '/sandbox/upload/:id',
      handler: async (req, res, params) => {
        await workspace.handle(req, res, `/upload/${params.id ?? ''}`);
        state.fileUploaded(params.id ?? '');
      },
    },
    {
      method: 'GET',
      path: '/sandbox/files/:id',
      handler: (_req, res, params) => {
        const file = workspace.files().find((f) => f.id === params.id);
        if (!file) {
          sendJson(res, 404, { error: 'no such file' });
          return Promise.resolve();
        }
        const type = /\.png$/i.test(file.filename) ? 'image/png' : /\.svg$/i.test(file.filename) ? 'image/svg+xml' : 'application/octet-stream';
        res.writeHead(200, { 'content-type': type, 'content-length': file.bytes.length, 'cache-control': 'max-age=3600', 'x-content-type-options': 'nosniff' });
        res.end(file.bytes);
        return Promise.resolve();
      },
    },
    ...sandboxClientRoutes({ setup, log: deps.log, workspace, state, signAsPagerDuty: deps.signAsPagerDuty }),
    ...sandboxPageRoutes(),
    ...syntheticPrometheusRoutes({ startedAt: deps.startedAt }),
    ...sandboxPagerDutyRoutes({ token: setup.secrets.pagerdutyApiToken, people: setup.people, escalationPolicyId: SANDBOX_ESCALATION_POLICY_ID, selfUrl: setup.selfUrl }),
  ];
  return routes;
}
