import type { Incident } from '../../../core/incident.js';
import { escapeMrkdwn } from '../../../core/mrkdwn.js';
import { followUpsMessage } from '../../../slack-ui/messages/follow-ups-message.js';
import { describeResult } from '../describe-result.js';
import type { SlackIngressDeps } from '../slack-ingress-deps.js';
import type { IncidentCommand } from './parse-incident-command.js';

type Answer = { response_type: 'ephemeral'; text: string; blocks?: unknown[] };

/** `/incident followup <text> [@owner]` records one; `/incident followups` lists the open ones with their Done buttons (to the asker only). */
export async function followUpAnswer(deps: Pick<SlackIngressDeps, 'followUps'>, parsed: Extract<IncidentCommand, { kind: 'followup' | 'followups' }>, incident: Incident, user: string): Promise<Answer> {
  if (parsed.kind === 'followups') {
    const list = followUpsMessage(incident.ref, await deps.followUps.open(incident.id));
    return { response_type: 'ephemeral', text: list.text, blocks: list.blocks };
  }
  const added = await deps.followUps.add(incident.id, { title: parsed.text, owner: parsed.owner, dueDate: null, source: 'command', actor: user });
  const owner = parsed.owner === null ? '' : `, owned by <@${parsed.owner}>`;
  return { response_type: 'ephemeral', text: describeResult(added, (f) => `:dart: Follow-up recorded${owner}: ${escapeMrkdwn(f.title)}`) };
}
