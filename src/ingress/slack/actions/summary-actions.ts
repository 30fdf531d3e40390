import type { App, BlockAction, BlockElementAction } from '@slack/bolt';
import { parseIncidentRef } from '../../../core/incident.js';
import { ACTIONS } from '../../../slack-ui/ids.js';
import { declareModal } from '../../../slack-ui/views/declare-modal.js';
import { noteModal } from '../../../slack-ui/views/note-modal.js';
import { roleModal } from '../../../slack-ui/views/role-modal.js';
import { typeOfIncident } from '../../../core/incident-type.js';
import { updateModal } from '../../../slack-ui/views/update-modal.js';
import { isSeverity } from '../../../core/severity.js';
import { isStatus } from '../../../core/status.js';
import { catchUpAnswer } from '../catch-up-answer.js';
import { webViewAnswer } from '../web-view-answer.js';
import type { SlackIngressDeps } from '../slack-ingress-deps.js';

/** `INC-12` from a button value, or `INC-12:identified` from a select option: [id, rest]. */
function target(value: string | undefined): [number, string] | null {
  const [ref = '', rest = ''] = (value ?? '').split(':');
  const id = parseIncidentRef(ref);
  return id === null ? null : [id, rest];
}

function actionValue(action: BlockElementAction): string | undefined {
  if (action.type === 'button') return action.value;
  if (action.type === 'static_select') return action.selected_option?.value;
  return undefined;
}

/**
 * The summary message's controls. Changes go through the same use cases as the commands;
 * the summary then updates in place through the outbox. Modals open at once (trigger_id ~3 s).
 */
export function registerSummaryActions(app: App, deps: SlackIngressDeps): void {
  const change = (handler: (id: number, rest: string, user: string) => Promise<void>) =>
    async ({ ack, body, action }: { ack: () => Promise<void>; body: BlockAction; action: BlockElementAction }) => {
      await ack();
      const parsed = target(actionValue(action));
      if (!parsed) return;
      await handler(parsed[0], parsed[1], body.user.id).catch((err: unknown) => deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'summary action failed'));
    };

  app.action<BlockAction>(
    ACTIONS.changeStatus,
    change(async (id, status, user) => {
      if (isStatus(status)) await deps.changeIncident(id, { type: 'change_status', status, actor: user });
    }),
  );
  app.action<BlockAction>(
    ACTIONS.changeSeverity,
    change(async (id, severity, user) => {
      if (isSeverity(severity)) await deps.changeIncident(id, { type: 'change_severity', severity, actor: user });
    }),
  );
  app.action<BlockAction>(
    ACTIONS.resolve,
    change(async (id, _rest, user) => {
      await deps.changeIncident(id, { type: 'resolve', summary: 'Resolved from the summary after every alert resolved', actor: user });
    }),
  );
  app.action<BlockAction>(ACTIONS.addNote, async ({ ack, body, action, client }) => {
    await ack();
    const value = actionValue(action);
    if (target(value)) await client.views.open({ trigger_id: body.trigger_id, view: noteModal(value ?? '') });
  });
  app.action<BlockAction>(ACTIONS.assignRole, async ({ ack, body, action, client }) => {
    await ack();
    const value = actionValue(action);
    const parsed = target(value);
    if (!parsed) return;
    // The incident's type decides which roles are offered (its own, such as security-lead, included).
    const incident = deps.incidentTypes ? await deps.queries.get(`INC-${parsed[0]}`) : null;
    const roles = incident?.ok && deps.incidentTypes ? typeOfIncident(deps.incidentTypes, incident.value.incident).roles : undefined;
    await client.views.open({ trigger_id: body.trigger_id, view: roleModal(value ?? '', roles) });
  });
  app.action<BlockAction>(ACTIONS.postUpdate, async ({ ack, body, action, client }) => {
    await ack();
    const parsed = target(actionValue(action));
    if (!parsed) return;
    const [draft, found] = await Promise.all([deps.updates.draft(parsed[0]), deps.queries.get(`INC-${parsed[0]}`)]);
    if (!draft.ok || !found.ok) return;
    const { incident } = found.value;
    await client.views.open({ trigger_id: body.trigger_id, view: updateModal({ ref: incident.ref, draft: draft.value.text, notes: draft.value.notes, stakeholderChannels: deps.stakeholderChannels(incident) }) });
  });
  app.action<BlockAction>(
    ACTIONS.claimCommand,
    change(async (id, _rest, user) => {
      await deps.changeIncident(id, { type: 'assign_role', role: 'commander', user, actor: user });
    }),
  );
  app.action<BlockAction>(
    ACTIONS.draftPostmortem,
    change(async (id, _rest, user) => {
      await deps.room.requestPostmortem(id, user);
    }),
  );
  registerPersonalAnswers(app, deps);
  app.action<BlockAction>(ACTIONS.declare, async ({ ack, body, client }) => {
    await ack();
    await client.views.open({ trigger_id: body.trigger_id, view: declareModal({ services: deps.services, types: deps.incidentTypes ?? [] }) });
  });
  // Slack opens the call link itself; the click it reports only needs its ack.
  app.action<BlockAction>(ACTIONS.joinCall, async ({ ack }) => ack());
}

/** Buttons bound to the click: answered at once through its response_url, to the person who clicked only. */
function registerPersonalAnswers(app: App, deps: SlackIngressDeps): void {
  const answering = (what: string, answerOf: (id: number, user: BlockAction['user']) => Promise<Record<string, unknown>>) =>
    async ({ ack, body, action, respond }: { ack: () => Promise<void>; body: BlockAction; action: BlockElementAction; respond: (message: Record<string, unknown>) => Promise<unknown> }) => {
      await ack();
      const parsed = target(actionValue(action));
      if (!parsed) return;
      const answer = await answerOf(parsed[0], body.user);
      await respond({ ...answer, replace_original: false }).catch((err: unknown) => deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, `${what} not answered`));
    };
  app.action<BlockAction>(ACTIONS.catchUp, answering('catch-up', (id, user) => catchUpAnswer(deps, id, user.id)));
  app.action<BlockAction>(ACTIONS.webView, answering('web view link', (id, user) => Promise.resolve(webViewAnswer(deps.roomLinks ?? null, `INC-${id}`, { id: user.id, name: user.name }))));
}
