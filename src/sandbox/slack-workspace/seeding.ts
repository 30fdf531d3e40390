/** What a test or the sandbox puts into the workspace besides the bot's own calls: channels, messages and users of other people. */
import { clone } from './args.js';
import { channelSnapshot, messageSnapshot } from './snapshots.js';
import type { MessageState, WorkspaceState } from './state.js';
import type { SlackWorkspace } from './types.js';

type Seeding = Pick<SlackWorkspace, 'addChannel' | 'deleteChannel' | 'archiveChannel' | 'addMessage' | 'addUser'>;

export function workspaceSeeding(ws: WorkspaceState): Seeding {
  return {
    addChannel(input) {
      const id = input.id ?? ws.nextChannelId('C');
      if (ws.channels.has(id)) throw new Error(`channel ${id} exists`);
      if ([...ws.channels.values()].some((c) => !c.isIm && c.name === input.name)) throw new Error(`channel name ${input.name} exists`);
      const ch = ws.newChannelState({
        id,
        name: input.name,
        isPrivate: input.isPrivate ?? false,
        isArchived: input.isArchived ?? false,
        creator: input.creator ?? 'UOWNER',
        members: input.members ?? [],
        ...(input.topic !== undefined ? { topic: input.topic } : {}),
        ...(input.purpose !== undefined ? { purpose: input.purpose } : {}),
      });
      ws.channels.set(id, ch);
      return channelSnapshot(ch);
    },
    deleteChannel(channelId) {
      if (!ws.channels.delete(channelId)) throw new Error(`no channel ${channelId}`);
    },
    archiveChannel(channelId) {
      const ch = ws.channels.get(channelId);
      if (ch === undefined) throw new Error(`no channel ${channelId}`);
      ch.isArchived = true;
    },
    addMessage(channelId, input) {
      const ch = ws.channels.get(channelId);
      if (ch === undefined) throw new Error(`no channel ${channelId}`);
      const m: MessageState = {
        channel: channelId,
        ts: ws.nextTs(),
        user: input.user,
        botId: null,
        text: input.text,
        blocks: input.blocks === undefined ? null : clone([...input.blocks]),
        attachments: null,
        threadTs: input.threadTs ?? null,
        edits: 0,
        pinned: false,
        reactions: new Map(),
        editedTs: null,
        metadata: null,
      };
      ch.messages.set(m.ts, m);
      return messageSnapshot(m);
    },
    addUser(user) {
      ws.users.set(user.id, { ...user });
    },
  };
}
