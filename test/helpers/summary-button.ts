/**
 * A click on a button of the pinned summary, as Slack sends it (a signed `block_actions`
 * interaction), with a local response_url that keeps what Warroom answers there.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SlackSender } from './slack-requests.js';
import type { Answer } from './http.js';

let actionTs = 1_800_000_000;

export async function clickSummaryButton(
  slack: SlackSender,
  click: { channel: string; summaryTs: string; user: { id: string; name: string }; actionId: string; label: string; ref: string },
): Promise<{ answer: Answer; answers: Record<string, unknown>[]; close(): Promise<void> }> {
  const answers: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      answers.push(JSON.parse(body) as Record<string, unknown>);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const answer = await slack.interaction({
    type: 'block_actions',
    user: { id: click.user.id, username: click.user.name, name: click.user.name, team_id: 'TFAKE' },
    api_app_id: 'AWARROOM',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: click.summaryTs, channel_id: click.channel, is_ephemeral: false },
    trigger_id: `trigger-${click.actionId}`,
    team: { id: 'TFAKE', domain: 'acme' },
    channel: { id: click.channel, name: 'incident' },
    message: { type: 'message', ts: click.summaryTs, user: 'UBOT', bot_id: 'BBOT', text: '' },
    response_url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/respond`,
    actions: [{ action_ts: `${++actionTs}.000200`, block_id: 'summary-actions', type: 'button', action_id: click.actionId, text: { type: 'plain_text', text: click.label }, value: click.ref }],
  });
  return { answer, answers, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
