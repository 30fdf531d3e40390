import type { App, BlockAction, BlockElementAction } from '@slack/bolt';
import { parseIncidentRef } from '../../../core/incident.js';
import { escapeMrkdwn } from '../../../core/mrkdwn.js';
import { ACTIONS } from '../../../slack-ui/ids.js';
import { followUpModal } from '../../../slack-ui/views/follow-up-modal.js';
import { describeResult } from '../describe-result.js';
import type { SlackIngressDeps } from '../slack-ingress-deps.js';

const buttonValue = (action: BlockElementAction): string => (action.type === 'button' ? (action.value ?? '') : '');

/**
 * The summary's "Add follow-up" (the modal opens at once: trigger_id lasts ~3 s) and the "Done"
 * beside each follow-up of `/incident followups`, answered to the clicker through the click's response_url.
 */
export function registerFollowUpActions(app: App, deps: SlackIngressDeps): void {
  app.action<BlockAction>(ACTIONS.addFollowUp, async ({ ack, body, action, client }) => {
    await ack();
    const value = buttonValue(action);
    const id = parseIncidentRef(value);
    if (id !== null) await client.views.open({ trigger_id: body.trigger_id, view: followUpModal(`INC-${id}`) });
  });
  app.action<BlockAction>(ACTIONS.completeFollowUp, async ({ ack, body, action, respond }) => {
    await ack();
    const id = Number(buttonValue(action));
    if (!Number.isSafeInteger(id) || id < 1) return;
    const done = await deps.followUps.complete(id, body.user.id);
    const text = describeResult(done, (f) => `:ballot_box_with_check: Done: ${escapeMrkdwn(f.title)}`);
    await respond({ response_type: 'ephemeral', replace_original: false, text }).catch((err: unknown) => deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'follow-up done not answered'));
  });
}
