/** Requests to /slack/events signed exactly as Slack signs them (the project's one signer, src/sandbox/slack-signature.ts). */
import { slackSignedHeaders } from '../../src/sandbox/slack-signature.js';
import { request, type Answer } from './http.js';

export { slackSignature } from '../../src/sandbox/slack-signature.js';

export interface SlackSender {
  command(text: string, options?: { user?: string; channel?: string }): Promise<Answer>;
  event(event: Record<string, unknown>, options?: { retryNum?: number }): Promise<Answer>;
  interaction(payload: Record<string, unknown>): Promise<Answer>;
}

export function slackSender(base: string, secret: string): SlackSender {
  let triggers = 0;
  let events = 0;
  const send = (body: string, contentType: string, extra: Record<string, string> = {}) => {
    return request(base, '/slack/events', {
      method: 'POST',
      body,
      headers: { 'content-type': contentType, ...slackSignedHeaders(secret, body), ...extra },
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
