import type { App } from '@slack/bolt';
import { parseIncidentRef } from '../../../core/incident.js';
import { INPUTS, VIEWS } from '../../../slack-ui/ids.js';
import type { SlackIngressDeps } from '../slack-ingress-deps.js';

type Values = Record<string, Record<string, { value?: string | null; selected_user?: string | null; selected_date?: string | null }>>;

/** The follow-up modal's submission: recorded, or the modal's own error under the field at fault. */
export function registerFollowUpSubmission(app: App, deps: SlackIngressDeps): void {
  app.view(VIEWS.followUp, async ({ ack, view, body }) => {
    const id = parseIncidentRef(view.private_metadata);
    if (id === null) return ack();
    const values = view.state.values as Values;
    const title = values[INPUTS.followUpTitle]?.[INPUTS.followUpTitle]?.value ?? '';
    const owner = values[INPUTS.followUpOwner]?.[INPUTS.followUpOwner]?.selected_user ?? null;
    const dueDate = values[INPUTS.followUpDue]?.[INPUTS.followUpDue]?.selected_date ?? null;
    const result = await deps.followUps.add(id, { title, owner, dueDate, source: 'modal', actor: body.user.id });
    if (result.ok) return ack();
    const field = result.error.code === 'followup.invalid_due_date' ? INPUTS.followUpDue : result.error.code === 'followup.invalid_owner' ? INPUTS.followUpOwner : INPUTS.followUpTitle;
    await ack({ response_action: 'errors', errors: { [field]: result.error.message } });
  });
}
