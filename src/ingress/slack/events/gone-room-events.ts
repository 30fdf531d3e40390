import type { App } from '@slack/bolt';
import type { RoomGoneReason } from '../../../core/room-gone.js';
import type { SlackIngressDeps } from '../slack-ingress-deps.js';

/**
 * An incident channel archived or deleted in Slack is marked gone at once, before any room task
 * meets Slack's refusal: its reminders and refreshes stop, and the list and the App Home offer a new
 * room. A retry of the event (X-Slack-Retry-Num) finds the room already marked and changes nothing.
 * Public channels send `channel_*` events (scope channels:read); a private incident's channel sends
 * the same as `group_*` events (scope groups:read), which may carry no user.
 */
export function registerGoneRoomEvents(app: App, deps: SlackIngressDeps): void {
  const gone = (reason: RoomGoneReason) => async ({ event }: { event: { channel: string; user?: string } }) => {
    // Deletions carry no user: Slack (an admin) did it.
    await deps.goneRooms.channelGone(event.channel, reason, event.user ?? 'slack').catch((err: unknown) => deps.log.warn({ err: err instanceof Error ? err.message : String(err), reason }, 'gone channel not recorded'));
  };
  // Unarchived again: the room is back in use, so its mark goes (a retry finds it unmarked and changes nothing).
  const back = async ({ event }: { event: { channel: string; user?: string } }) => {
    await deps.goneRooms.channelUnarchived(event.channel, event.user ?? 'slack').catch((err: unknown) => deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'unarchived channel not recorded'));
  };
  app.event('channel_archive', gone('archived'));
  app.event('channel_deleted', gone('deleted'));
  app.event('channel_unarchive', back);
  app.event('group_archive', gone('archived'));
  app.event('group_deleted', gone('deleted'));
  app.event('group_unarchive', back);
}
