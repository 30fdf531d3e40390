/**
 * What Slack's Events API sends Warroom when a person reacts, pins or opens the App Home in
 * their client: an `event_callback` JSON body, signed like every Slack request, to
 * `/slack/events`. Shapes from Slack's event reference (reaction_added, pin_added, app_home_opened).
 */
import { randomBytes } from 'node:crypto';
import { postToSlackEvents, SANDBOX_APP_ID, SANDBOX_TEAM, type SlackAnswer, type SlackDeliveryTarget } from './slack-deliveries.js';
import type { WorkspaceMessage } from './slack-workspace.js';

const eventTs = (): string => (Date.now() / 1000).toFixed(6);

export function createSlackEvents(target: SlackDeliveryTarget) {
  function send(event: Record<string, unknown>): Promise<SlackAnswer> {
    const body = JSON.stringify({
      token: 'sandbox-verification-token',
      team_id: SANDBOX_TEAM.id,
      api_app_id: SANDBOX_APP_ID,
      event: { ...event, event_ts: eventTs() },
      type: 'event_callback',
      event_id: `Ev${randomBytes(8).toString('hex').toUpperCase()}`,
      event_time: Math.floor(Date.now() / 1000),
      is_ext_shared_channel: false,
    });
    return postToSlackEvents(target, body, 'application/json');
  }

  return {
    reactionAdded(input: { user: string; reaction: string; message: WorkspaceMessage }): Promise<SlackAnswer> {
      const { message } = input;
      return send({ type: 'reaction_added', user: input.user, reaction: input.reaction, item_user: message.user, item: { type: 'message', channel: message.channel, ts: message.ts } });
    },

    pinAdded(input: { user: string; message: WorkspaceMessage; permalink: string }): Promise<SlackAnswer> {
      const { message } = input;
      return send({
        type: 'pin_added',
        user: input.user,
        channel_id: message.channel,
        item: {
          type: 'message',
          channel: message.channel,
          created: Math.floor(Date.now() / 1000),
          created_by: input.user,
          message: { type: 'message', text: message.text, user: message.user, ts: message.ts, permalink: input.permalink, ...(message.botId ? { bot_id: message.botId } : {}) },
        },
      });
    },

    appHomeOpened(input: { user: string; imChannel: string }): Promise<SlackAnswer> {
      return send({ type: 'app_home_opened', user: input.user, channel: input.imChannel, tab: 'home' });
    },
  };
}

export type SlackEvents = ReturnType<typeof createSlackEvents>;
