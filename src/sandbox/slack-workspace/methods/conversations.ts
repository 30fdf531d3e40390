/** conversations.*: channels, their members, topic and purpose, history and threads. */
import { bool, chars, fail, inTimeRange, ok, paginate, parseLimit, required, str, type Json, type Outcome } from '../args.js';
import { channelJson, messageJson } from '../shapes.js';
import { channelForRead, channelForWrite, isOutcome, visibleChannel, type MethodTable, type WorkspaceState } from '../state.js';

/** Slack's channel-name rules: ≤ 80 characters; lowercase letters, digits, `-` and `_` only (no spaces, periods or capitals). */
export function slackChannelNameError(name: string): string | null {
  if (name.length === 0) return 'invalid_name_required';
  if (chars(name) > 80) return 'invalid_name_maxlength';
  // Letters without an upper case (lowercase, or scripts with no case) and digits are allowed.
  if (!/^[\p{Ll}\p{Lo}\p{Lm}\p{Mn}\p{Mc}\p{Nd}_-]+$/u.test(name)) return 'invalid_name_specials';
  if (/^[-_]+$/.test(name)) return 'invalid_name_punctuation';
  return null;
}


function conversationsCreate(ws: WorkspaceState, args: Json): Outcome {
  const name = str(args.name) ?? '';
  const nameError = slackChannelNameError(name);
  if (nameError !== null) return fail(nameError);
  if ([...ws.channels.values()].some((c) => !c.isIm && c.name === name)) return fail('name_taken');
  const ch = ws.newChannelState({ id: ws.nextChannelId('C'), name, isPrivate: bool(args.is_private), creator: ws.botUserId, members: [ws.botUserId] });
  ws.channels.set(ch.id, ch);
  return ok({ channel: channelJson(ws, ch) });
}

function conversationsInfo(ws: WorkspaceState, args: Json): Outcome {
  const ch = visibleChannel(ws, required(args, 'channel'));
  if (ch === undefined) return fail('channel_not_found');
  return ok({ channel: channelJson(ws, ch) });
}

function conversationsList(ws: WorkspaceState, args: Json): Outcome {
  const types = new Set((str(args.types) ?? 'public_channel').split(',').map((t) => t.trim()).filter((t) => t !== ''));
  for (const t of types) {
    if (!['public_channel', 'private_channel', 'mpim', 'im'].includes(t)) return fail('invalid_types');
  }
  const limit = parseLimit(args.limit, 100);
  if (limit === null) return fail('invalid_limit');
  const excludeArchived = bool(args.exclude_archived);
  const all = [...ws.channels.values()].filter((c) => {
    if (excludeArchived && c.isArchived) return false;
    if (c.isIm) return types.has('im') && c.members.has(ws.botUserId);
    if (c.isPrivate) return types.has('private_channel') && c.members.has(ws.botUserId);
    return types.has('public_channel');
  });
  const page = paginate(all, (c) => c.id, str(args.cursor), limit);
  if (page === null) return fail('invalid_cursor');
  return ok({ channels: page.items.map((c) => channelJson(ws, c)), response_metadata: { next_cursor: page.nextCursor } });
}

function conversationsMembers(ws: WorkspaceState, args: Json): Outcome {
  const ch = visibleChannel(ws, required(args, 'channel'));
  if (ch === undefined) return fail('channel_not_found');
  const limit = parseLimit(args.limit, 100);
  if (limit === null) return fail('invalid_limit');
  const page = paginate([...ch.members], (m) => m, str(args.cursor), limit);
  if (page === null) return fail('invalid_cursor');
  return ok({ members: page.items, response_metadata: { next_cursor: page.nextCursor } });
}

function conversationsSetTopic(ws: WorkspaceState, args: Json): Outcome {
  return setText(ws, args, 'topic');
}

function conversationsSetPurpose(ws: WorkspaceState, args: Json): Outcome {
  return setText(ws, args, 'purpose');
}

function conversationsInvite(ws: WorkspaceState, args: Json): Outcome {
  const ch = channelForWrite(ws, required(args, 'channel'));
  if (isOutcome(ch)) return ch;
  if (ch.isIm) return fail('method_not_supported_for_channel_type');
  const ids = (str(args.users) ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '');
  if (ids.length === 0) return fail('no_user');
  if (ids.length > 1000) return fail('too_many_users');
  if (ids.includes(ws.botUserId)) return fail('cant_invite_self');
  const force = bool(args.force);
  const errors: Json[] = [];
  const toAdd: string[] = [];
  for (const id of new Set(ids)) {
    if (!ws.userExists(id)) errors.push({ user: id, ok: false, error: 'user_not_found' });
    else if (ch.members.has(id)) errors.push({ user: id, ok: false, error: 'already_in_channel' });
    else toAdd.push(id);
  }
  const notFound = errors.filter((e) => e.error === 'user_not_found');
  if (notFound.length > 0 && !force) return fail('user_not_found', { errors: notFound });
  if (toAdd.length === 0) {
    const already = errors.filter((e) => e.error === 'already_in_channel');
    return already.length > 0 ? fail('already_in_channel', { errors: already }) : fail('user_not_found', { errors });
  }
  for (const id of toAdd) ch.members.add(id);
  return ok({ channel: channelJson(ws, ch), ...(force && errors.length > 0 ? { errors } : {}) });
}

/** As Slack: only a member archives (a private channel is unknown to others), never twice, never #general. */
function conversationsArchive(ws: WorkspaceState, args: Json): Outcome {
  const ref = required(args, 'channel');
  const found = visibleChannel(ws, ref);
  if (found?.isArchived === true) return fail('already_archived');
  const ch = channelForWrite(ws, ref);
  if (isOutcome(ch)) return ch;
  if (ch.isIm) return fail('method_not_supported_for_channel_type');
  if (ch.name === 'general') return fail('cant_archive_general');
  ch.isArchived = true;
  return ok({});
}

function conversationsJoin(ws: WorkspaceState, args: Json): Outcome {
  const ch = visibleChannel(ws, required(args, 'channel'));
  if (ch === undefined) return fail('channel_not_found');
  if (ch.isPrivate || ch.isIm) return fail('method_not_supported_for_channel_type');
  if (ch.isArchived) return fail('is_archived');
  if (ch.members.has(ws.botUserId)) {
    return ok({ channel: channelJson(ws, ch), warning: 'already_in_channel', response_metadata: { warnings: ['already_in_channel'] } });
  }
  ch.members.add(ws.botUserId);
  return ok({ channel: channelJson(ws, ch) });
}

function conversationsHistory(ws: WorkspaceState, args: Json): Outcome {
  const ch = channelForRead(ws, required(args, 'channel'));
  if (isOutcome(ch)) return ch;
  const limit = parseLimit(args.limit, 100);
  if (limit === null) return fail('invalid_limit');
  // Newest first; thread replies stay in their thread.
  const top = [...ch.messages.values()].filter((m) => m.threadTs === null || m.threadTs === m.ts).reverse();
  const inRange = top.filter((m) => inTimeRange(m.ts, args));
  const page = paginate(inRange, (m) => m.ts, str(args.cursor), limit);
  if (page === null) return fail('invalid_cursor');
  const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
  return ok({ messages: page.items.map((m) => messageJson(ws, m, withMetadata)), has_more: page.nextCursor !== '', response_metadata: { next_cursor: page.nextCursor } });
}

function conversationsReplies(ws: WorkspaceState, args: Json): Outcome {
  const ch = channelForRead(ws, required(args, 'channel'));
  if (isOutcome(ch)) return ch;
  const ts = required(args, 'ts');
  if (ts === undefined) return fail('invalid_arguments');
  const m = ch.messages.get(ts);
  if (m === undefined) return fail('thread_not_found');
  const limit = parseLimit(args.limit, 1000);
  if (limit === null) return fail('invalid_limit');
  // The ts of a reply gives just that reply (as Slack does); a parent's ts gives the whole thread, oldest first.
  const thread =
    m.threadTs !== null && m.threadTs !== m.ts ? [m] : [m, ...[...ch.messages.values()].filter((r) => r.threadTs === ts && r.ts !== ts)];
  const inRange = thread.filter((r) => inTimeRange(r.ts, args));
  const page = paginate(inRange, (r) => r.ts, str(args.cursor), limit);
  if (page === null) return fail('invalid_cursor');
  // As in history, message metadata only on request (Slack's include_all_metadata argument of conversations.replies).
  const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
  return ok({ messages: page.items.map((m) => messageJson(ws, m, withMetadata)), has_more: page.nextCursor !== '', response_metadata: { next_cursor: page.nextCursor } });
}


function setText(ws: WorkspaceState, args: Json, field: 'topic' | 'purpose'): Outcome {
  const ch = channelForWrite(ws, required(args, 'channel'));
  if (isOutcome(ch)) return ch;
  if (ch.isIm) return fail('method_not_supported_for_channel_type');
  const value = str(args[field]) ?? '';
  if (chars(value) > 250) return fail('too_long');
  ch[field] = { value, creator: ws.botUserId, last_set: ws.nowSeconds() };
  return ok({ channel: channelJson(ws, ch) });
}

export const conversationMethods: MethodTable = {
  'conversations.create': conversationsCreate,
  'conversations.info': conversationsInfo,
  'conversations.list': conversationsList,
  'conversations.members': conversationsMembers,
  'conversations.setTopic': conversationsSetTopic,
  'conversations.setPurpose': conversationsSetPurpose,
  'conversations.invite': conversationsInvite,
  'conversations.join': conversationsJoin,
  'conversations.archive': conversationsArchive,
  'conversations.history': conversationsHistory,
  'conversations.replies': conversationsReplies,
};
