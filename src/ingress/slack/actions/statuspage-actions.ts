import type { App, BlockAction } from '@slack/bolt';
import { parseIncidentRef } from '../../../core/incident.js';
import { ACTIONS } from '../../../slack-ui/ids.js';
import type { SlackIngressDeps } from '../slack-ingress-deps.js';
import { openStatusPageModal } from '../statuspage-modal-opener.js';

/** "Resolve on the status page", offered when a resolved incident's status-page incident is still open: the modal, pre-filled with the resolution. */
export function registerStatusPageActions(app: App, deps: SlackIngressDeps): void {
  app.action<BlockAction>(ACTIONS.resolveStatusPage, async ({ ack, body, action, client, respond }) => {
    await ack();
    const ref = action.type === 'button' ? (action.value ?? '') : '';
    const id = parseIncidentRef(ref);
    if (id === null) return;
    const refused = await openStatusPageModal(client, deps, { triggerId: body.trigger_id, incidentId: id, ref: `INC-${id}`, resolve: true });
    if (refused !== null) await respond({ response_type: 'ephemeral', replace_original: false, text: refused }).catch((err: unknown) => deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'status-page answer not sent'));
  });
}
