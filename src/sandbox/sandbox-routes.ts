/**
 * Every `/sandbox…` route: the Slack Web API the bot talks to (`/sandbox/api/<method>`, the same
 * workspace the tests' Slack fake serves), its file uploads, the synthetic Prometheus and the
 * sandbox PagerDuty, and the endpoints of the page at `/sandbox`, which plays the Slack client:
 * it reads the workspace (`/sandbox/state`) and sends what a person does (command, button,
 * modal, sample alert) through the real, authenticated routes of this same server.
 */
import type { IncomingMessage } from 'node:http';
import type { Logger } from '../app/ports.js';
import { readBody } from '../ingress/http/read-body.js';
import { sendJson } from '../ingress/http/respond.js';
import type { Route } from '../ingress/http/route.js';
import { SANDBOX_STAKEHOLDER_CHANNEL, type SandboxSetup } from './sandbox-config.js';
import { sandboxPageRoutes } from './sandbox-page.js';
import { sandboxPagerDutyRoutes } from './sandbox-pagerduty.js';
import { isSampleAlertProvider, sampleAlert, SANDBOX_ESCALATION_POLICY_ID } from './sample-alerts.js';
import { createSandboxState } from './sandbox-state.js';
import { createSlackDeliveries, newTriggerId, SANDBOX_TEAM, type Person, type SlackAnswer } from './slack-deliveries.js';
import { createSlackWorkspace } from './slack-workspace.js';
import { syntheticPrometheusRoutes } from './synthetic-prometheus.js';

const BOT_USER_ID = 'U0WARROOM';
const PAGE_BODY_LIMIT = 64 * 1024;
/** A person who is not on call, to try role assignment and paging on someone else. */
const CAROL: Person & { email: string } = { id: 'U0CAROL03', name: 'Carol Nguyen', email: 'carol@sandbox.warroom.invalid' };

class BadRequest extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  // JSON only: a form or text/plain POST from another site's page cannot be sent without a preflight.
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    req.resume();
    throw new BadRequest('the body must be JSON (content-type: application/json)', 415);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse((await readBody(req, PAGE_BODY_LIMIT)).toString('utf8'));
  } catch (err) {
    if (err instanceof SyntaxError) throw new BadRequest('the body must be JSON');
    throw err;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BadRequest('the body must be a JSON object');
  return parsed as Record<string, unknown>;
}

function text(body: Record<string, unknown>, name: string, max = 4000): string {
  const value = body[name];
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) throw new BadRequest(`${name} must be non-empty text of at most ${max} characters`);
  return value;
}

/**
 * The page's routes answer only requests addressed to this machine by name or loopback address
 * (a DNS-rebinding page elsewhere cannot drive the sandbox), unless HOST opened it to every
 * interface. Bad input is a 4xx with the reason, never a 500.
 */
function pageRouteFactory(listenHost: string) {
  const open = listenHost === '0.0.0.0' || listenHost === '::';
  const local = new Set(['127.0.0.1', 'localhost', '[::1]', listenHost.includes(':') ? `[${listenHost}]` : listenHost]);
  const hostAllowed = (req: IncomingMessage): boolean => {
    if (open) return true;
    const host = (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
    return local.has(host);
  };
  return (method: 'GET' | 'POST', path: string, handler: Route['handler']): Route => ({
    method,
    path,
    handler: async (req, res, params) => {
      try {
        if (!hostAllowed(req)) throw new BadRequest('the sandbox answers requests to 127.0.0.1 or localhost only', 403);
        await handler(req, res, params);
      } catch (err) {
        if (!(err instanceof BadRequest)) throw err;
        req.resume();
        sendJson(res, err.status, { error: err.message });
      }
    },
  });
}

export function sandboxRoutes(setup: SandboxSetup, deps: { log: Logger; startedAt: number }): Route[] {
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
  const state = createSandboxState(workspace);
  const slack = createSlackDeliveries({ selfUrl, signingSecret: secrets.signingSecret });
  let alertsSent = 0;
  const pageRoute = pageRouteFactory(setup.config.host);

  const person = (id: unknown): Person => {
    const user = workspace.users().find((u) => u.id === id && !u.isBot);
    if (!user) throw new BadRequest('user must be one of the sandbox people');
    return { id: user.id, name: user.realName ?? user.name ?? user.id };
  };
  const channel = (id: unknown): { id: string; name: string } => {
    const found = typeof id === 'string' ? workspace.channel(id) : undefined;
    if (!found) throw new BadRequest('channel must be a channel of the sandbox');
    return { id: found.id, name: found.name };
  };
  const responseUrl = (channelId: string, userId: string) => `${selfUrl}/sandbox/respond/${channelId}/${userId}`;
  /** What Slack shows of an answer: a non-200 is "failed with the error …", an ack body an ephemeral message. */
  const show = (answer: SlackAnswer, where: { channel: string; user: string }): Record<string, unknown> => {
    if (answer.status !== 200) return { ok: false, error: `Warroom answered HTTP ${answer.status}` };
    const reply = answer.body;
    if (reply && (typeof reply.text === 'string' || Array.isArray(reply.blocks))) state.addEphemeral({ ...where, text: typeof reply.text === 'string' ? reply.text : '', blocks: Array.isArray(reply.blocks) ? reply.blocks : null });
    return { ok: true, reply };
  };

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
    // response_url: what the bot posts there shows as an ephemeral message.
    pageRoute('POST', '/sandbox/respond/:channel/:user', async (req, res, params) => {
      const body = await jsonBody(req);
      state.addEphemeral({ channel: channel(params.channel).id, user: person(params.user).id, text: typeof body.text === 'string' ? body.text : '', blocks: Array.isArray(body.blocks) ? body.blocks : null });
      sendJson(res, 200, { ok: true });
    }),

    // The page's side.
    pageRoute('GET', '/sandbox/state', (req, res) => {
      const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
      sendJson(res, 200, state.snapshot({ channel: query.get('channel') || 'C0GENERAL', user: query.get('user') || (people[0]?.slackId ?? '') }), { 'cache-control': 'no-store' });
      return Promise.resolve();
    }),
    pageRoute('POST', '/sandbox/command', async (req, res) => {
      const body = await jsonBody(req);
      const who = person(body.user);
      const where = channel(body.channel);
      const typed = text(body, 'text').trim();
      if (!typed.startsWith('/')) {
        // A plain message, as a person writes one in the channel.
        workspace.addMessage(where.id, { user: who.id, text: typed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') });
        return sendJson(res, 200, { ok: true });
      }
      if (!/^\/incident(\s|$)/.test(typed)) return sendJson(res, 400, { error: `${typed.split(/\s/)[0] ?? ''} is not a command of this workspace; try /incident help` });
      const triggerId = newTriggerId();
      state.triggered(triggerId, who.id);
      const answer = await slack.command({ person: who, channel: where, text: typed, triggerId, responseUrl: responseUrl(where.id, who.id) });
      sendJson(res, 200, show(answer, { channel: where.id, user: who.id }));
    }),
    pageRoute('POST', '/sandbox/action', async (req, res) => {
      const body = await jsonBody(req);
      const who = person(body.user);
      const where = channel(body.channel);
      const found = state.findAction(where.id, text(body, 'ts', 40), text(body, 'actionId', 255), typeof body.selected === 'string' ? body.selected : null);
      if (!found) return sendJson(res, 404, { error: 'no such message or action' });
      const triggerId = newTriggerId();
      state.triggered(triggerId, who.id);
      const answer = await slack.blockAction({ person: who, channel: where, message: found.message, action: found.action, triggerId, responseUrl: responseUrl(where.id, who.id) });
      sendJson(res, 200, show(answer, { channel: where.id, user: who.id }));
    }),
    pageRoute('POST', '/sandbox/view', async (req, res) => {
      const body = await jsonBody(req);
      const who = person(body.user);
      const view = state.openView(text(body, 'viewId', 40), who.id);
      if (!view) return sendJson(res, 404, { error: 'no such open view' });
      const values = body.values;
      if (typeof values !== 'object' || values === null || Array.isArray(values)) throw new BadRequest('values must be an object of block_id → action_id → value');
      const answer = await slack.viewSubmission({ person: who, view, values: values as Record<string, unknown>, triggerId: newTriggerId() });
      const errors = answer.body?.response_action === 'errors' ? answer.body.errors : null;
      if (answer.status === 200 && errors === null) state.closeView(String(view.id));
      sendJson(res, 200, answer.status === 200 ? { ok: errors === null, errors } : { ok: false, error: `Warroom answered HTTP ${answer.status}` });
    }),
    pageRoute('POST', '/sandbox/view-close', async (req, res) => {
      state.closeView(text(await jsonBody(req), 'viewId', 40));
      sendJson(res, 200, { ok: true });
    }),
    pageRoute('POST', '/sandbox/alerts/:provider', async (req, res, params) => {
      await jsonBody(req);
      const provider = params.provider;
      if (!isSampleAlertProvider(provider)) return sendJson(res, 404, { error: 'sample alerts exist for pagerduty, datadog and alertmanager' });
      const alert = sampleAlert(provider, secrets, ++alertsSent, new Date());
      const answer = await fetch(`${selfUrl}/webhooks/${provider}`, { method: 'POST', headers: alert.headers, body: alert.body, signal: AbortSignal.timeout(10_000) });
      const reply: unknown = await answer.json().catch(() => null);
      deps.log.info({ provider, status: answer.status }, 'sandbox: sample alert sent');
      sendJson(res, 200, { provider, status: answer.status, answer: reply });
    }),
    ...sandboxPageRoutes(),
    ...syntheticPrometheusRoutes({ startedAt: deps.startedAt }),
    ...sandboxPagerDutyRoutes({ token: secrets.pagerdutyApiToken, people, escalationPolicyId: SANDBOX_ESCALATION_POLICY_ID, selfUrl }),
  ];
  return routes;
}
