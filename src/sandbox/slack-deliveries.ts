/**
 * What Slack itself sends to `/slack/events` when a person types a slash command, clicks a
 * button or submits a modal: the same form bodies, signed the same way (`v0` HMAC-SHA256 of
 * `v0:<timestamp>:<body>` with the signing secret, in `X-Slack-Signature` and
 * `X-Slack-Request-Timestamp`), sent over real HTTP to this very server.
 */
import { randomBytes } from 'node:crypto';
import { slackSignedHeaders } from './slack-signature.js';

export const SANDBOX_TEAM = { id: 'T0SANDBOX', domain: 'warroom-sandbox' } as const;
export const SANDBOX_APP_ID = 'A0WARROOM';

export interface SlackAnswer {
  readonly status: number;
  /** The parsed JSON answer (an ack with a body), or null for an empty or non-JSON one. */
  readonly body: Record<string, unknown> | null;
}

export interface Person {
  readonly id: string;
  readonly name: string;
}

/** A trigger_id shaped like Slack's; each one opens one view. */
export function newTriggerId(): string {
  return `${Date.now()}.${randomBytes(4).readUInt32BE()}.${randomBytes(16).toString('hex')}`;
}

export interface SlackDeliveryTarget {
  readonly selfUrl: string;
  readonly signingSecret: string;
}

/** Sends `body` to Warroom's `/slack/events` signed as Slack signs it; form bodies for commands and interactions, JSON for the Events API. */
export async function postToSlackEvents(options: SlackDeliveryTarget, body: string, contentType = 'application/x-www-form-urlencoded'): Promise<SlackAnswer> {
  const res = await fetch(`${options.selfUrl}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...slackSignedHeaders(options.signingSecret, body) },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    parsed = null;
  }
  return { status: res.status, body: typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null };
}

export function createSlackDeliveries(options: SlackDeliveryTarget) {
  const post = (body: string) => postToSlackEvents(options, body);
  const handle = (p: Person): string => p.name.toLowerCase().split(' ')[0] ?? p.id;
  const user = (p: Person) => ({ id: p.id, username: handle(p), name: handle(p), team_id: SANDBOX_TEAM.id });
  const interaction = (payload: Record<string, unknown>) => post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
  /** What every block_actions payload carries, whatever its container (a message or a Home tab). */
  const blockActions = (input: { person: Person; action: Record<string, unknown>; triggerId: string }) => ({
    type: 'block_actions',
    user: user(input.person),
    api_app_id: SANDBOX_APP_ID,
    token: 'sandbox-verification-token',
    trigger_id: input.triggerId,
    team: SANDBOX_TEAM,
    enterprise: null,
    is_enterprise_install: false,
    actions: [{ ...input.action, action_ts: (Date.now() / 1000).toFixed(6) }],
  });

  return {
    command(input: { person: Person; channel: { id: string; name: string }; text: string; triggerId: string; responseUrl: string }): Promise<SlackAnswer> {
      const [command = '', ...rest] = input.text.trim().split(/\s+/);
      const form = new URLSearchParams({
        token: 'sandbox-verification-token',
        team_id: SANDBOX_TEAM.id,
        team_domain: SANDBOX_TEAM.domain,
        channel_id: input.channel.id,
        channel_name: input.channel.name,
        user_id: input.person.id,
        user_name: handle(input.person),
        command,
        text: rest.join(' '),
        api_app_id: SANDBOX_APP_ID,
        is_enterprise_install: 'false',
        response_url: input.responseUrl,
        trigger_id: input.triggerId,
      });
      return post(form.toString());
    },

    blockAction(input: {
      person: Person;
      channel: { id: string; name: string };
      message: Record<string, unknown>;
      action: Record<string, unknown>;
      triggerId: string;
      responseUrl: string;
    }): Promise<SlackAnswer> {
      return interaction({
        ...blockActions(input),
        container: { type: 'message', message_ts: input.message.ts, channel_id: input.channel.id, is_ephemeral: false },
        channel: input.channel,
        message: input.message,
        state: { values: {} },
        response_url: input.responseUrl,
      });
    },

    /** A click in a Home tab: the container is the view, and there is no channel, message or response_url. */
    homeAction(input: { person: Person; view: Record<string, unknown>; action: Record<string, unknown>; triggerId: string }): Promise<SlackAnswer> {
      return interaction({ ...blockActions(input), container: { type: 'view', view_id: input.view.id }, view: input.view });
    },

    viewSubmission(input: { person: Person; view: Record<string, unknown>; values: Record<string, unknown>; triggerId: string }): Promise<SlackAnswer> {
      return interaction({
        type: 'view_submission',
        team: SANDBOX_TEAM,
        user: user(input.person),
        api_app_id: SANDBOX_APP_ID,
        token: 'sandbox-verification-token',
        trigger_id: input.triggerId,
        view: { ...input.view, state: { values: input.values } },
        response_urls: [],
        is_enterprise_install: false,
        enterprise: null,
      });
    },
  };
}

export type SlackDeliveries = ReturnType<typeof createSlackDeliveries>;
