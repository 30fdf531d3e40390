/** Requests to /slack/events signed exactly as Slack signs them (v0, HMAC-SHA256). */
import { createHmac } from 'node:crypto';
import { request, type Answer } from './http.js';

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SlackSender {
  command(text: string, options?: { user?: string; channel?: string }): Promise<Answer>;
  event(event: Record<string, unknown>, options?: { retryNum?: number }): Promise<Answer>;
  interaction(payload: Record<string, unknown>): Promise<Answer>;
}

export function slackSender(base: string, secret: string): SlackSender {
  let triggers = 0;
  let events = 0;
  const send = (body: string, contentType: string, extra: Record<string, string> = {}) => {
    const ts = Math.floor(Date.now() / 1000);
    return request(base, '/slack/events', {
      method: 'POST',
      body,
      headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': slackSignature(secret, ts, body), ...extra },
    });
  };
  return {
    command(text, options = {}) {
      const form = new URLSearchParams({
        token: 'legacy-verification-token',
        team_id: 'TFAKE',
        team_domain: 'acme',
        channel_id: options.channel ?? 'CGENERAL',
        channel_name: 'general',
        user_id: options.user ?? 'U0ALICE01',
        user_name: 'alice',
        command: '/incident',
        text,
        api_app_id: 'AWARROOM',
        response_url: 'http://127.0.0.1:9/commands/unused',
        trigger_id: `trigger-${++triggers}`,
      });
      return send(form.toString(), 'application/x-www-form-urlencoded');
    },
    event(event, options = {}) {
      const body = JSON.stringify({ token: 'legacy', team_id: 'TFAKE', api_app_id: 'AWARROOM', type: 'event_callback', event_id: `Ev${++events}`, event_time: Math.floor(Date.now() / 1000), event });
      return send(body, 'application/json', options.retryNum ? { 'x-slack-retry-num': String(options.retryNum), 'x-slack-retry-reason': 'http_timeout' } : {});
    },
    interaction(payload) {
      return send(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');
    },
  };
}
