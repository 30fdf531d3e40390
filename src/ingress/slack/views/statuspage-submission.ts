import type { App } from '@slack/bolt';
import { parseIncidentRef } from '../../../core/incident.js';
import { isComponentStatus, isPublicStatus } from '../../../core/statuspage.js';
import { INPUTS, VIEWS } from '../../../slack-ui/ids.js';
import type { SlackIngressDeps } from '../slack-ingress-deps.js';

type Values = Record<string, Record<string, { value?: string | null; selected_option?: { value?: string } | null }>>;

/** The status-page modal's Publish: recorded and queued, or the modal's own error under the field at fault. */
export function registerStatusPageSubmission(app: App, deps: SlackIngressDeps): void {
  app.view(VIEWS.statusPage, async ({ ack, view, body }) => {
    const id = parseIncidentRef(view.private_metadata);
    if (id === null || !deps.statusPage) return ack();
    const values = view.state.values as Values;
    const input = (block: string) => values[block]?.[block];
    const status = input(INPUTS.statusPageStatus)?.selected_option?.value;
    if (!isPublicStatus(status)) return ack({ response_action: 'errors', errors: { [INPUTS.statusPageStatus]: 'Pick a status.' } });
    const components = Object.entries(values).flatMap(([block, actions]) => {
      const picked = actions[INPUTS.statusPageComponent]?.selected_option?.value;
      return block.startsWith(INPUTS.statusPageComponent) && isComponentStatus(picked) ? [{ componentId: block.slice(INPUTS.statusPageComponent.length), status: picked }] : [];
    });
    const update = { name: input(INPUTS.statusPageName)?.value ?? '', status, body: input(INPUTS.statusPageBody)?.value ?? '', components };
    const outcome = await deps.statusPage.submit(id, update, body.user.id);
    if (outcome.ok) return ack();
    const field = outcome.field === 'body' ? INPUTS.statusPageBody : INPUTS.statusPageName;
    await ack({ response_action: 'errors', errors: { [field]: outcome.message } });
  });
}
