import type { App } from '@slack/bolt';
import { publishAppHome } from '../publish-app-home.js';
import type { SlackIngressDeps } from '../slack-ingress-deps.js';

/**
 * Timeline capture from the channel itself, and the App Home. Slack retries an event it thinks
 * was not acknowledged (X-Slack-Retry-Num); Bolt acknowledges at once, so a retry is a duplicate.
 */
export function registerRoomEvents(app: App, deps: SlackIngressDeps): void {
  const fresh = (context: { retryNum?: number | undefined }) => (context.retryNum ?? 0) === 0;
  const failed = (what: string) => (err: unknown) => deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, `${what} not recorded`);

  app.event('reaction_added', async ({ event, context }) => {
    if (!fresh(context) || event.reaction !== deps.timelineEmoji || event.item.type !== 'message') return;
    const incident = await deps.queries.byChannel(event.item.channel);
    if (incident) await deps.room.captureMessage(incident.id, event.item.channel, event.item.ts, event.user).catch(failed('reaction'));
  });

  app.event('pin_added', async ({ event, context }) => {
    if (!fresh(context)) return;
    const incident = await deps.queries.byChannel(event.channel_id);
    const item = event.item as { message?: { text?: string; user?: string; ts?: string; permalink?: string } } | undefined;
    if (!incident || !item?.message) return;
    const { text = '', user = null, ts = null, permalink = null } = item.message;
    await deps.room
      .recordFact(incident.id, 'message_pinned', event.user, text.length > 0 ? text : '(a pinned message without text)', { author: user, ts, permalink, channel: event.channel_id })
      .catch(failed('pin'));
  });

  app.event('member_joined_channel', async ({ event, context }) => {
    if (!fresh(context)) return;
    const incident = await deps.queries.byChannel(event.channel);
    // Warroom itself, and the people it invited at set-up (they saw it start), get no catch-up.
    const bot = context.botUserId;
    const invitedByWarroom = bot !== undefined && (event.user === bot || event.inviter === bot);
    if (incident) await deps.catchUps.memberJoined(incident.id, event.user, invitedByWarroom).catch(failed('join'));
  });

  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await publishAppHome(client, deps, event.user);
  });
}
