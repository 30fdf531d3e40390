import type { App } from '@slack/bolt';
import { escapeMrkdwn } from '../../core/mrkdwn.js';
import { statusPageModal } from '../../slack-ui/views/statuspage-modal.js';
import type { SlackIngressDeps } from './slack-ingress-deps.js';

/** What `/incident statuspage` answers when the feature is off: how to turn it on. */
export const STATUSPAGE_OFF =
  'Status-page updates are off in this Warroom. To turn them on, set `statuspage.pageId` (and `statuspage.components`, service → component id) in warroom.yml and STATUSPAGE_API_KEY in the environment (README: "Status page updates").';

/**
 * Opens the status-page modal at once (a trigger_id lasts ~3 s), pre-filled from the incident; `resolve`:
 * the resolution. Answers what to tell the person instead when it cannot open (null when it opened).
 */
export async function openStatusPageModal(client: App['client'], deps: SlackIngressDeps, input: { triggerId: string; incidentId: number; ref: string; resolve: boolean }): Promise<string | null> {
  if (!deps.statusPage) return STATUSPAGE_OFF;
  const draft = await deps.statusPage.draft(input.incidentId, input.resolve);
  if (draft === null) return `No incident ${escapeMrkdwn(input.ref)}.`;
  await client.views.open({ trigger_id: input.triggerId, view: statusPageModal({ ref: input.ref, draft }) });
  return null;
}
