import type { App, BlockAction } from '@slack/bolt';
import { parseIncidentRef } from '../../../core/incident.js';
import { ACTIONS } from '../../../slack-ui/ids.js';
import { publishAppHome } from '../publish-app-home.js';
import type { SlackIngressDeps } from '../slack-ingress-deps.js';

/** "Open a new room" (App Home, for an incident whose channel is gone): the same use case as `/incident newroom`. */
export function registerNewRoomAction(app: App, deps: SlackIngressDeps): void {
  app.action<BlockAction>(ACTIONS.openNewRoom, async ({ ack, body, action, client }) => {
    await ack();
    const id = action.type === 'button' ? parseIncidentRef(action.value ?? '') : null;
    if (id === null) return;
    const opened = await deps.goneRooms.openNewRoom(id, body.user.id);
    // Refused when another click (or the command) already replaced the room: nothing to do.
    if (!opened.ok) deps.log.info({ ref: `INC-${id}`, code: opened.error.code }, 'new room not opened');
    // Either way the Home was stale: show the room as it is now.
    await publishAppHome(client, deps, body.user.id).catch((err: unknown) => deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'App Home not republished'));
  });
}
