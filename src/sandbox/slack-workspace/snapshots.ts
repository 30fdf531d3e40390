/** Snapshots: copies of the workspace's state as tests and the sandbox page read it (never the live objects). */
import { clone } from './args.js';
import type { ChannelState, FileState, MessageState, ViewState, WorkspaceState } from './state.js';
import type { SlackWorkspace, WorkspaceChannel, WorkspaceFile, WorkspaceMessage, WorkspaceView } from './types.js';

export function channelSnapshot(ch: ChannelState): WorkspaceChannel {
  return {
    id: ch.id,
    name: ch.name,
    isPrivate: ch.isPrivate,
    isIm: ch.isIm,
    isArchived: ch.isArchived,
    creator: ch.creator,
    created: ch.created,
    members: [...ch.members],
    topic: ch.topic.value,
    purpose: ch.purpose.value,
    bookmarks: ch.bookmarks.map((b) => ({ ...b })),
  };
}

export function messageSnapshot(m: MessageState): WorkspaceMessage {
  return {
    channel: m.channel,
    ts: m.ts,
    user: m.user,
    botId: m.botId,
    text: m.text,
    blocks: m.blocks === null ? null : clone(m.blocks),
    attachments: m.attachments === null ? null : clone(m.attachments),
    threadTs: m.threadTs,
    edits: m.edits,
    pinned: m.pinned,
    reactions: [...m.reactions].map(([name, who]) => ({ name, users: [...who] })),
  };
}

export function viewSnapshot(v: ViewState): WorkspaceView {
  return {
    id: v.id,
    kind: v.kind,
    via: v.via,
    triggerId: v.triggerId,
    userId: v.userId,
    externalId: v.externalId,
    view: clone(v.view),
    hash: v.hash,
    updates: v.updates,
  };
}

export function fileSnapshot(file: FileState): WorkspaceFile {
  return {
    id: file.id,
    title: file.title,
    filename: file.filename,
    channel: file.channel ?? '',
    bytes: Buffer.from(file.bytes ?? Buffer.alloc(0)),
    permalink: file.permalink,
  };
}

type Reads = Pick<SlackWorkspace, 'channels' | 'channel' | 'channelByName' | 'messages' | 'message' | 'ephemerals' | 'views' | 'users' | 'files'>;

/** The workspace's read side: snapshots of its state. */
export function workspaceReads(ws: WorkspaceState): Reads {
  return {
    channels: () => [...ws.channels.values()].map(channelSnapshot),
    channel(id) {
      const ch = ws.channels.get(id);
      return ch === undefined ? undefined : channelSnapshot(ch);
    },
    channelByName(name) {
      const ch = [...ws.channels.values()].find((c) => !c.isIm && c.name === name.replace(/^#/, ''));
      return ch === undefined ? undefined : channelSnapshot(ch);
    },
    messages(channelId) {
      const ch = ws.channels.get(channelId);
      return ch === undefined ? [] : [...ch.messages.values()].map(messageSnapshot);
    },
    message(channelId, ts) {
      const m = ws.channels.get(channelId)?.messages.get(ts);
      return m === undefined ? undefined : messageSnapshot(m);
    },
    ephemerals: (channelId) => ws.ephemerals.filter((e) => channelId === undefined || e.channel === channelId).map((e) => clone(e)),
    views: () => [...ws.views.values()].map(viewSnapshot),
    users: () => [...ws.users.values()].map((u) => ({ ...u })),
    files: (channelId) => [...ws.files.values()].filter((f) => f.channel !== null && (channelId === undefined || f.channel === channelId)).map(fileSnapshot),
  };
}
