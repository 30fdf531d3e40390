/**
 * The endpoints of the page at `/sandbox`, which plays the Slack client: it reads the workspace
 * (`/sandbox/state`) and sends what a person does (command, message, button, modal, reaction,
 * pin, opening the App Home, sample alert) through the real, authenticated routes of this same
 * server; what the bot posts to a response_url shows as an ephemeral message.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../app/ports/runtime.js';
import { sendJson } from '../ingress/http/respond.js';
import type { Route } from '../ingress/http/route.js';
import type { SandboxSetup } from './sandbox-config.js';
import { BadRequest, jsonBody, pageRouteFactory, text } from './sandbox-page-requests.js';
import type { createSandboxState } from './sandbox-state.js';
import { isSampleAlertProvider, sampleAlert, type SignAsPagerDuty } from './sample-alerts.js';
import { createSlackDeliveries, newTriggerId, SANDBOX_TEAM, type Person, type SlackAnswer } from './slack-deliveries.js';
import { createSlackEvents, type SlackEvents } from './slack-events.js';
import type { SlackWorkspace } from './slack-workspace.js';
import { typedAsSlackSends } from './typed-text.js';

type Params = Readonly<Record<string, string>>;

/** What the page's endpoints share: the workspace, what only a Slack client knows, and who may act. */
interface Client {
  readonly setup: SandboxSetup;
  readonly log: Logger;
  readonly workspace: SlackWorkspace;
  readonly state: ReturnType<typeof createSandboxState>;
  readonly slack: ReturnType<typeof createSlackDeliveries>;
  readonly events: SlackEvents;
  readonly alertsSent: { count: number };
  readonly signAsPagerDuty: SignAsPagerDuty;
}

function person(c: Client, id: unknown): Person {
  const user = c.workspace.users().find((u) => u.id === id && !u.isBot);
  if (!user) throw new BadRequest('user must be one of the sandbox people');
  return { id: user.id, name: user.realName ?? user.name ?? user.id };
}

function channel(c: Client, id: unknown): { id: string; name: string } {
  const found = typeof id === 'string' ? c.workspace.channel(id) : undefined;
  if (!found) throw new BadRequest('channel must be a channel of the sandbox');
  return { id: found.id, name: found.name };
}

const responseUrl = (c: Client, channelId: string, userId: string): string => `${c.setup.selfUrl}/sandbox/respond/${channelId}/${userId}`;

/** What Slack shows of an answer: a non-200 is "failed with the error …", an ack body an ephemeral message. */
function show(c: Client, answer: SlackAnswer, where: { channel: string; user: string }): Record<string, unknown> {
  if (answer.status !== 200) return { ok: false, error: `Warroom answered HTTP ${answer.status}` };
  const reply = answer.body;
  if (reply && (typeof reply.text === 'string' || Array.isArray(reply.blocks))) c.state.addEphemeral({ ...where, text: typeof reply.text === 'string' ? reply.text : '', blocks: Array.isArray(reply.blocks) ? reply.blocks : null });
  return { ok: true, reply };
}

async function respond(c: Client, req: IncomingMessage, res: ServerResponse, params: Params): Promise<void> {
  const body = await jsonBody(req);
  c.state.addEphemeral({ channel: channel(c, params.channel).id, user: person(c, params.user).id, text: typeof body.text === 'string' ? body.text : '', blocks: Array.isArray(body.blocks) ? body.blocks : null });
  sendJson(res, 200, { ok: true });
}

function pageState(c: Client, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
  const snapshot = c.state.snapshot({ channel: query.get('channel') || 'C0GENERAL', user: query.get('user') || (c.setup.people[0]?.slackId ?? '') });
  // The hover menu's reactions: the timeline emoji (a reaction with it records the message) first.
  const reactionChoices = [...new Set([c.setup.config.settings.timelineEmoji, 'eyes', 'white_check_mark'])];
  sendJson(res, 200, { ...snapshot, reactionChoices }, { 'cache-control': 'no-store' });
  return Promise.resolve();
}

async function command(c: Client, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await jsonBody(req);
  const who = person(c, body.user);
  const where = channel(c, body.channel);
  const typed = text(body, 'text').trim();
  const directory = { users: c.workspace.users(), channels: c.workspace.channels() };
  if (!typed.startsWith('/')) {
    // A plain message, as a person writes one in the channel.
    c.workspace.addMessage(where.id, { user: who.id, text: typedAsSlackSends(typed, directory, 'message') });
    return sendJson(res, 200, { ok: true });
  }
  if (!/^\/incident(\s|$)/.test(typed)) return sendJson(res, 400, { error: `${typed.split(/\s/)[0] ?? ''} is not a command of this workspace; try /incident help` });
  const triggerId = newTriggerId();
  c.state.triggered(triggerId, who.id);
  const answer = await c.slack.command({ person: who, channel: where, text: typedAsSlackSends(typed, directory, 'command'), triggerId, responseUrl: responseUrl(c, where.id, who.id) });
  sendJson(res, 200, show(c, answer, { channel: where.id, user: who.id }));
}

async function action(c: Client, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await jsonBody(req);
  const who = person(c, body.user);
  if (typeof body.viewId === 'string' && body.viewId !== '') return homeAction(c, res, who, body);
  const where = channel(c, body.channel);
  const found = c.state.findAction(where.id, text(body, 'ts', 40), text(body, 'actionId', 255), typeof body.selected === 'string' ? body.selected : null);
  if (!found) return sendJson(res, 404, { error: 'no such message or action' });
  const triggerId = newTriggerId();
  c.state.triggered(triggerId, who.id);
  const answer = await c.slack.blockAction({ person: who, channel: where, message: found.message, action: found.action, triggerId, responseUrl: responseUrl(c, where.id, who.id) });
  sendJson(res, 200, show(c, answer, { channel: where.id, user: who.id }));
}

/** A click in the person's App Home tab (its view is the container; there is no channel). */
async function homeAction(c: Client, res: ServerResponse, who: Person, body: Record<string, unknown>): Promise<void> {
  const found = c.state.findHomeAction(text(body, 'viewId', 40), who.id, text(body, 'actionId', 255), typeof body.selected === 'string' ? body.selected : null);
  if (!found) return sendJson(res, 404, { error: 'no such Home tab or action' });
  const triggerId = newTriggerId();
  c.state.triggered(triggerId, who.id);
  const answer = await c.slack.homeAction({ person: who, view: found.view, action: found.action, triggerId });
  sendJson(res, 200, answer.status === 200 ? { ok: true } : { ok: false, error: `Warroom answered HTTP ${answer.status}` });
}

/** Slack's answer to an event: any 2xx is taken; anything else is shown, as the page shows every failure. */
const eventAnswer = (answer: SlackAnswer) => (answer.status < 300 ? { ok: true } : { ok: false, error: `Warroom answered HTTP ${answer.status}` });

/** The person reacts to a message; Slack records it and sends reaction_added. */
async function react(c: Client, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await jsonBody(req);
  const who = person(c, body.user);
  const name = text(body, 'name', 100);
  const done = c.workspace.reactAs({ channel: channel(c, body.channel).id, ts: text(body, 'ts', 40), user: who.id, name });
  if (!done.ok) return sendJson(res, 400, { error: done.error });
  sendJson(res, 200, eventAnswer(await c.events.reactionAdded({ user: who.id, reaction: name.replace(/^:|:$/g, ''), message: done.message })));
}

/** The person pins a message; Slack records it and sends pin_added. */
async function pin(c: Client, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await jsonBody(req);
  const who = person(c, body.user);
  const done = c.workspace.pinAs({ channel: channel(c, body.channel).id, ts: text(body, 'ts', 40), user: who.id });
  if (!done.ok) return sendJson(res, 400, { error: done.error });
  const { message } = done;
  const permalink = `https://${SANDBOX_TEAM.domain}.slack.com/archives/${message.channel}/p${message.ts.replace('.', '')}`;
  sendJson(res, 200, eventAnswer(await c.events.pinAdded({ user: who.id, message, permalink })));
}

/** The person opens Warroom's App Home tab; Slack sends app_home_opened and Warroom publishes the view. */
async function openHome(c: Client, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const who = person(c, (await jsonBody(req)).user);
  sendJson(res, 200, eventAnswer(await c.events.appHomeOpened({ user: who.id, imChannel: `D${who.id.slice(1)}` })));
}

async function submitView(c: Client, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await jsonBody(req);
  const who = person(c, body.user);
  const view = c.state.openView(text(body, 'viewId', 40), who.id);
  if (!view) return sendJson(res, 404, { error: 'no such open view' });
  const values = body.values;
  if (typeof values !== 'object' || values === null || Array.isArray(values)) throw new BadRequest('values must be an object of block_id → action_id → value');
  const answer = await c.slack.viewSubmission({ person: who, view, values: values as Record<string, unknown>, triggerId: newTriggerId() });
  const errors = answer.body?.response_action === 'errors' ? answer.body.errors : null;
  if (answer.status === 200 && errors === null) c.state.closeView(String(view.id));
  sendJson(res, 200, answer.status === 200 ? { ok: errors === null, errors } : { ok: false, error: `Warroom answered HTTP ${answer.status}` });
}

async function closeView(c: Client, req: IncomingMessage, res: ServerResponse): Promise<void> {
  c.state.closeView(text(await jsonBody(req), 'viewId', 40));
  sendJson(res, 200, { ok: true });
}

async function sendSampleAlert(c: Client, req: IncomingMessage, res: ServerResponse, params: Params): Promise<void> {
  await jsonBody(req);
  const provider = params.provider;
  if (!isSampleAlertProvider(provider)) return sendJson(res, 404, { error: 'sample alerts exist for pagerduty, datadog and alertmanager' });
  const alert = sampleAlert(provider, { secrets: c.setup.secrets, signAsPagerDuty: c.signAsPagerDuty }, ++c.alertsSent.count, new Date());
  const answer = await fetch(`${c.setup.selfUrl}/webhooks/${provider}`, { method: 'POST', headers: alert.headers, body: alert.body, signal: AbortSignal.timeout(10_000) });
  const reply: unknown = await answer.json().catch(() => null);
  c.log.info({ provider, status: answer.status }, 'sandbox: sample alert sent');
  sendJson(res, 200, { provider, status: answer.status, answer: reply });
}

export function sandboxClientRoutes(deps: { setup: SandboxSetup; log: Logger; workspace: SlackWorkspace; state: ReturnType<typeof createSandboxState>; signAsPagerDuty: SignAsPagerDuty }): Route[] {
  const { setup } = deps;
  const target = { selfUrl: setup.selfUrl, signingSecret: setup.secrets.signingSecret };
  const c: Client = { ...deps, slack: createSlackDeliveries(target), events: createSlackEvents(target), alertsSent: { count: 0 } };
  const pageRoute = pageRouteFactory(setup.config.host);
  return [
    pageRoute('POST', '/sandbox/respond/:channel/:user', (req, res, params) => respond(c, req, res, params)),
    pageRoute('GET', '/sandbox/state', (req, res) => pageState(c, req, res)),
    pageRoute('POST', '/sandbox/command', (req, res) => command(c, req, res)),
    pageRoute('POST', '/sandbox/action', (req, res) => action(c, req, res)),
    pageRoute('POST', '/sandbox/view', (req, res) => submitView(c, req, res)),
    pageRoute('POST', '/sandbox/view-close', (req, res) => closeView(c, req, res)),
    pageRoute('POST', '/sandbox/reaction', (req, res) => react(c, req, res)),
    pageRoute('POST', '/sandbox/pin', (req, res) => pin(c, req, res)),
    pageRoute('POST', '/sandbox/home', (req, res) => openHome(c, req, res)),
    pageRoute('POST', '/sandbox/alerts/:provider', (req, res, params) => sendSampleAlert(c, req, res, params)),
  ];
}
