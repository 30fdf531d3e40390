/**
 * The JSON shapes Slack answers with for the workspace's objects (see Slack's OpenAPI examples):
 * a conversation, a message, a user, a view, a file.
 */
import { clone, type Json } from './args.js';
import type { ChannelState, FileState, MessageState, ViewState, WorkspaceState } from './state.js';
import type { WorkspaceUser } from './types.js';

export function channelJson(ws: WorkspaceState, ch: ChannelState): Json {
  const isMember = ch.members.has(ws.botUserId);
  if (ch.isIm) {
    const other = [...ch.members].find((m) => m !== ws.botUserId) ?? ws.botUserId;
    return { id: ch.id, created: ch.created, is_im: true, is_org_shared: false, user: other, is_user_deleted: false, priority: 0 };
  }
  return {
    id: ch.id,
    name: ch.name,
    is_channel: true,
    is_group: false,
    is_im: false,
    is_mpim: false,
    is_private: ch.isPrivate,
    created: ch.created,
    creator: ch.creator,
    is_archived: ch.isArchived,
    is_general: false,
    unlinked: 0,
    name_normalized: ch.name,
    is_shared: false,
    is_ext_shared: false,
    is_org_shared: false,
    is_pending_ext_shared: false,
    pending_shared: [],
    context_team_id: ws.teamId,
    is_member: isMember,
    last_read: '0000000000.000000',
    topic: { ...ch.topic },
    purpose: { ...ch.purpose },
    previous_names: [],
    num_members: ch.members.size,
    priority: 0,
  };
}

export function messageJson(ws: WorkspaceState, m: MessageState, includeMetadata = false): Json {
  const out: Json = { type: 'message', ts: m.ts, user: m.user, text: m.text, team: ws.teamId };
  if (includeMetadata && m.metadata !== null) out.metadata = clone(m.metadata);
  if (m.botId !== null) {
    out.bot_id = m.botId;
    out.app_id = ws.appId;
    out.bot_profile = { id: m.botId, app_id: ws.appId, name: 'Warroom', deleted: false, team_id: ws.teamId };
  }
  if (m.blocks !== null) out.blocks = clone(m.blocks);
  if (m.attachments !== null) out.attachments = clone(m.attachments);
  if (m.threadTs !== null) out.thread_ts = m.threadTs;
  const replies = [...(ws.channels.get(m.channel)?.messages.values() ?? [])].filter((r) => r.threadTs === m.ts && r.ts !== m.ts);
  if (replies.length > 0) {
    out.thread_ts = m.ts;
    out.reply_count = replies.length;
    out.reply_users = [...new Set(replies.map((r) => r.user))];
    out.latest_reply = replies.at(-1)?.ts;
  }
  if (m.editedTs !== null) out.edited = { user: m.user, ts: m.editedTs };
  if (m.pinned) out.pinned_to = [m.channel];
  if (m.reactions.size > 0) {
    out.reactions = [...m.reactions].map(([name, who]) => ({ name, users: [...who], count: who.length }));
  }
  return out;
}

/**
 * A user as users.info answers it. Slack always has a username (`name`), but profile fields the
 * person never filled in come back empty (""): a user seeded without a real name has none, and one
 * known only by id (a workspace without `knownUsers`) has neither a real nor a display name.
 */
export function userJson(ws: WorkspaceState, u: WorkspaceUser): Json {
  const name = u.name ?? u.id.toLowerCase();
  const realName = u.realName ?? '';
  const displayName = u.name ?? '';
  return {
    id: u.id,
    team_id: ws.teamId,
    name,
    deleted: false,
    real_name: realName,
    tz: 'Etc/UTC',
    tz_label: 'Coordinated Universal Time',
    tz_offset: 0,
    is_admin: false,
    is_owner: false,
    is_bot: u.isBot ?? false,
    is_app_user: false,
    updated: 1_700_000_000,
    profile: {
      real_name: realName,
      real_name_normalized: realName,
      display_name: displayName,
      display_name_normalized: displayName,
      ...(u.email !== undefined ? { email: u.email } : {}),
      team: ws.teamId,
    },
  };
}

export function viewJson(ws: WorkspaceState, v: ViewState): Json {
  return {
    id: v.id,
    team_id: ws.teamId,
    app_id: ws.appId,
    app_installed_team_id: ws.teamId,
    bot_id: ws.botId,
    type: v.kind,
    callback_id: '',
    private_metadata: '',
    external_id: v.externalId ?? '',
    state: { values: {} },
    clear_on_close: false,
    notify_on_close: false,
    ...clone(v.view),
    hash: v.hash,
    root_view_id: v.rootViewId,
    previous_view_id: v.previousViewId,
  };
}

export function fileJson(ws: WorkspaceState, file: FileState): Json {
  const ch = file.channel === null ? undefined : ws.channels.get(file.channel);
  const isPng = /\.png$/i.test(file.filename);
  return {
    id: file.id,
    created: ws.nowSeconds(),
    timestamp: ws.nowSeconds(),
    name: file.filename,
    title: file.title,
    mimetype: isPng ? 'image/png' : 'application/octet-stream',
    filetype: isPng ? 'png' : 'binary',
    pretty_type: isPng ? 'PNG' : 'Binary',
    user: ws.botUserId,
    user_team: ws.teamId,
    editable: false,
    size: file.bytes?.length ?? file.length,
    mode: 'hosted',
    is_external: false,
    external_type: '',
    is_public: ch !== undefined && !ch.isPrivate,
    public_url_shared: false,
    display_as_bot: false,
    username: '',
    url_private: `https://files.slack.com/files-pri/${ws.teamId}-${file.id}/${encodeURIComponent(file.filename)}`,
    url_private_download: `https://files.slack.com/files-pri/${ws.teamId}-${file.id}/download/${encodeURIComponent(file.filename)}`,
    permalink: file.permalink,
    channels: ch !== undefined && !ch.isPrivate ? [ch.id] : [],
    groups: ch !== undefined && ch.isPrivate ? [ch.id] : [],
    ims: [],
    has_rich_preview: false,
  };
}
