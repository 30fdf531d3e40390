import type { App } from '@slack/bolt';
import { parseIncidentRef } from '../../../core/incident.js';
import { INPUTS, VIEWS } from '../../../slack-ui/ids.js';
import { PRIVATE_OPTION } from '../../../slack-ui/blocks/private-checkbox.js';
import { DEFAULT_SEVERITY, parseSeverity } from '../../../core/severity.js';
import { unknownServiceSentences } from '../../../core/unknown-services.js';
import type { SlackIngressDeps } from '../slack-ingress-deps.js';

type Values = Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null; selected_options?: { value: string }[]; selected_user?: string | null }>>;

const field = (values: Values, id: string) => values[id]?.[id];

/** Modal submissions: declare, note, role. Invalid input answers with the modal's own errors. */
export function registerModalSubmissions(app: App, deps: SlackIngressDeps): void {
  app.view(VIEWS.declare, async ({ ack, view, body }) => {
    const values = view.state.values as Values;
    const title = field(values, INPUTS.title)?.value ?? '';
    const severity = parseSeverity(field(values, INPUTS.severity)?.selected_option?.value ?? '') ?? DEFAULT_SEVERITY;
    const services = (field(values, INPUTS.services)?.selected_options ?? []).map((o) => o.value);
    // A modal opened before the config changed can offer a service no longer configured: say so, as the API does.
    const unknown = unknownServiceSentences(services, deps.services);
    if (unknown.length > 0) {
      await ack({ response_action: 'errors', errors: { [INPUTS.services]: `${unknown.join('; ')}.` } });
      return;
    }
    const description = field(values, INPUTS.description)?.value ?? null;
    const isPrivate = (field(values, INPUTS.private)?.selected_options ?? []).some((o) => o.value === PRIVATE_OPTION);
    // No type select (one type only): the default type.
    const type = field(values, INPUTS.type)?.selected_option?.value ?? null;
    const result = await deps.declareIncident({ title, severity, services, description, private: isPrivate, type, actor: body.user.id });
    if (!result.ok) {
      // A type removed from the config since the modal opened is the type's error; anything else is the title's.
      const block = result.error.code === 'incident.unknown_type' ? INPUTS.type : INPUTS.title;
      await ack({ response_action: 'errors', errors: { [block]: result.error.message } });
      return;
    }
    await ack();
  });

  app.view(VIEWS.note, async ({ ack, view, body }) => {
    const id = parseIncidentRef(view.private_metadata);
    const text = field(view.state.values, INPUTS.note)?.value ?? '';
    if (id === null) return ack();
    const result = await deps.changeIncident(id, { type: 'add_note', text, actor: body.user.id });
    await (result.ok ? ack() : ack({ response_action: 'errors', errors: { [INPUTS.note]: result.error.message } }));
  });

  app.view(VIEWS.update, async ({ ack, view, body }) => {
    const id = parseIncidentRef(view.private_metadata);
    const values = view.state.values as Values;
    const text = field(values, INPUTS.update)?.value ?? '';
    const notes = (field(values, INPUTS.updateNotes)?.selected_options ?? []).map((o) => o.value);
    if (id === null) return ack();
    const result = await deps.updates.post(id, text, body.user.id, notes);
    await (result.ok ? ack() : ack({ response_action: 'errors', errors: { [INPUTS.update]: result.error.message } }));
  });

  app.view(VIEWS.role, async ({ ack, view, body }) => {
    const id = parseIncidentRef(view.private_metadata);
    const values = view.state.values as Values;
    const role = field(values, INPUTS.role)?.selected_option?.value;
    const user = field(values, INPUTS.user)?.selected_user ?? null;
    // Any role name: the change refuses one the incident's type does not have, with the list.
    if (id === null || role === undefined || role === '' || user === null) return ack({ response_action: 'errors', errors: { [INPUTS.user]: 'Choose a role and a person.' } });
    const result = await deps.changeIncident(id, { type: 'assign_role', role, user, actor: body.user.id });
    await (result.ok ? ack() : ack({ response_action: 'errors', errors: { [INPUTS.user]: result.error.message } }));
  });
}
