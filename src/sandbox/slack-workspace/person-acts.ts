/**
 * What a person does to a message in their Slack client (the sandbox page plays that client):
 * react and pin. The same rules as the bot's reactions.add and pins.add; the answer is Slack's
 * `{ ok, error }`, and on success the message as it is now (for the event Slack then sends).
 */
import { addReaction, pinMessage } from './methods/channel-items.js';
import { messageSnapshot } from './snapshots.js';
import type { Outcome } from './args.js';
import type { ChannelState, WorkspaceState } from './state.js';
import type { PersonActOutcome, SlackWorkspace } from './types.js';

type PersonActs = Pick<SlackWorkspace, 'reactAs' | 'pinAs' | 'joinAs'>;

export function workspacePersonActs(ws: WorkspaceState): PersonActs {
  /** Applies `change` if `user` may act in the channel (a member of a live channel); else Slack's refusal. */
  function act(input: { channel: string; ts: string; user: string }, change: (ch: ChannelState) => Outcome): PersonActOutcome {
    const ch = ws.channels.get(input.channel);
    if (ch === undefined || ch.isArchived) return { ok: false, error: ch === undefined ? 'channel_not_found' : 'is_archived' };
    if (!ch.members.has(input.user)) return { ok: false, error: 'not_in_channel' };
    const outcome = change(ch);
    const m = ch.messages.get(input.ts);
    if (outcome.ok !== true || m === undefined) return { ok: false, error: typeof outcome.error === 'string' ? outcome.error : 'message_not_found' };
    return { ok: true, message: messageSnapshot(m) };
  }
  return {
    reactAs: (input) => act(input, (ch) => addReaction(ch, { ts: input.ts, name: input.name, user: input.user })),
    pinAs: (input) => act(input, (ch) => pinMessage(ch, input.ts)),
    joinAs(input) {
      const ch = ws.channels.get(input.channel);
      if (ch === undefined || ch.isArchived || ch.isPrivate || ch.isIm || !ws.userExists(input.user)) return false;
      ch.members.add(input.user);
      return true;
    },
  };
}
