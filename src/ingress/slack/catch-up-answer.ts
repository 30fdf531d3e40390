import type { KnownBlock } from '@slack/types';
import { catchUpMessage } from '../../slack-ui/messages/catch-up-message.js';
import { describeResult } from './describe-result.js';
import type { SlackIngressDeps } from './slack-ingress-deps.js';

export type EphemeralAnswer = { response_type: 'ephemeral'; text: string; blocks?: KnownBlock[] };

/** `/incident catchup` and the summary's *Catch up* button: what happened so far, for the asker only. */
export async function catchUpAnswer(deps: SlackIngressDeps, incidentId: number, userId: string): Promise<EphemeralAnswer> {
  const built = await deps.catchUps.forPerson(incidentId, userId);
  if (!built.ok) return { response_type: 'ephemeral', text: describeResult(built, () => '') };
  const { text, blocks } = catchUpMessage(built.value);
  return { response_type: 'ephemeral', text, blocks };
}
