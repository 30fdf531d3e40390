/** chat.*: messages the bot posts, edits and links to, and ephemeral messages. */
import { clone, fail, jsonArg, ok, required, type Json, type Outcome } from '../args.js';
import { messageContent } from '../block-kit-rules.js';
import { messageJson } from '../shapes.js';
import { imWith, visibleChannel, type ChannelState, type MessageState, type MethodTable, type WorkspaceState } from '../state.js';

function chatPostMessage(ws: WorkspaceState, args: Json): Outcome {
  const ref = required(args, 'channel');
  let ch: ChannelState | undefined = visibleChannel(ws, ref);
  if (ch === undefined && ref !== undefined && /^[UW]/.test(ref)) ch = imWith(ws, ref);
  if (ch === undefined) return fail('channel_not_found');
  if (ch.isArchived) return fail('is_archived');
  if (!ch.members.has(ws.botUserId) && !(ws.options.chatWritePublic === true && !ch.isPrivate)) return fail('not_in_channel');
  const content = messageContent(args);
  if (content.failed !== null) return content.failed;
  if ((content.text ?? '') === '' && (content.blocks ?? []).length === 0 && (content.attachments ?? []).length === 0) {
    return fail('no_text');
  }
  const threadTs = required(args, 'thread_ts') ?? null;
  // Slack: metadata is a JSON object with a string event_type and an object event_payload.
  const metadataArg = jsonArg(args.metadata);
  let metadata: MessageState['metadata'] = null;
  if (metadataArg.present) {
    const value = metadataArg.ok ? (metadataArg.value as Json | null) : null;
    if (value === null || typeof value !== 'object' || typeof value.event_type !== 'string' || typeof value.event_payload !== 'object' || value.event_payload === null) {
      return fail('invalid_metadata_format');
    }
    metadata = { event_type: value.event_type, event_payload: clone(value.event_payload as Json) };
  }
  const m: MessageState = {
    channel: ch.id,
    ts: ws.nextTs(),
    user: ws.botUserId,
    botId: ws.botId,
    text: content.text ?? '',
    blocks: content.blocks ?? null,
    attachments: content.attachments ?? null,
    threadTs,
    edits: 0,
    pinned: false,
    reactions: new Map(),
    editedTs: null,
    metadata,
  };
  ch.messages.set(m.ts, m);
  return ok({ channel: ch.id, ts: m.ts, message: messageJson(ws, m) });
}

function chatUpdate(ws: WorkspaceState, args: Json): Outcome {
  const ch = visibleChannel(ws, required(args, 'channel'));
  if (ch === undefined) return fail('channel_not_found');
  const ts = required(args, 'ts');
  const m = ts === undefined ? undefined : ch.messages.get(ts);
  if (m === undefined) return fail('message_not_found');
  if (m.user !== ws.botUserId) return fail('cant_update_message');
  // chat.update documents `is_inactive` ("a frozen, archived or deleted channel"), not `is_archived`.
  if (ch.isArchived) return fail('is_inactive');
  const content = messageContent(args);
  if (content.failed !== null) return content.failed;
  if (content.text === undefined && content.blocks === undefined && content.attachments === undefined) return fail('no_text');
  // Slack keeps what is not sent: text-only updates retain the previous blocks, and vice versa.
  if (content.text !== undefined) m.text = content.text;
  if (content.blocks !== undefined) m.blocks = content.blocks;
  if (content.attachments !== undefined) m.attachments = content.attachments;
  m.edits += 1;
  m.editedTs = ws.nextTs();
  return ok({ channel: ch.id, ts: m.ts, text: m.text, message: messageJson(ws, m) });
}

function chatPostEphemeral(ws: WorkspaceState, args: Json): Outcome {
  const ch = visibleChannel(ws, required(args, 'channel'));
  if (ch === undefined) return fail('channel_not_found');
  if (ch.isArchived) return fail('is_archived');
  if (!ch.members.has(ws.botUserId)) return fail('not_in_channel');
  const user = required(args, 'user');
  if (user === undefined || !ws.userExists(user)) return fail('user_not_found');
  if (!ch.members.has(user)) return fail('user_not_in_channel');
  const content = messageContent(args);
  if (content.failed !== null) return content.failed;
  if ((content.text ?? '') === '' && (content.blocks ?? []).length === 0 && (content.attachments ?? []).length === 0) {
    return fail('no_text');
  }
  const messageTs = ws.nextTs();
  ws.ephemerals.push({
    channel: ch.id,
    user,
    messageTs,
    text: content.text ?? '',
    blocks: content.blocks ?? null,
    threadTs: required(args, 'thread_ts') ?? null,
  });
  return ok({ message_ts: messageTs });
}

function chatGetPermalink(ws: WorkspaceState, args: Json): Outcome {
  const ch = visibleChannel(ws, required(args, 'channel'));
  if (ch === undefined) return fail('channel_not_found');
  const ts = required(args, 'message_ts');
  if (ts === undefined || !ch.messages.has(ts)) return fail('message_not_found');
  return ok({ channel: ch.id, permalink: `https://${ws.teamDomain}.slack.com/archives/${ch.id}/p${ts.replace('.', '')}` });
}


export const chatMethods: MethodTable = {
  'chat.postMessage': chatPostMessage,
  'chat.update': chatUpdate,
  'chat.postEphemeral': chatPostEphemeral,
  'chat.getPermalink': chatGetPermalink,
};
