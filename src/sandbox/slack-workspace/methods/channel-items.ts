/** What the bot attaches to a channel or message: pins.add, bookmarks.add and .edit, reactions.add. */
import { fail, ok, pad, required, str, type Json, type Outcome } from '../args.js';
import { channelForWrite, isOutcome, visibleChannel, type ChannelState, type MethodTable, type WorkspaceState } from '../state.js';
import type { WorkspaceBookmark } from '../types.js';

function pinsAdd(ws: WorkspaceState, args: Json): Outcome {
  const ch = channelForWrite(ws, required(args, 'channel'));
  if (isOutcome(ch)) return ch;
  return pinMessage(ch, required(args, 'timestamp'));
}

/** Pins a message of `ch`, as pins.add does for the bot and a person's client does for them. */
export function pinMessage(ch: ChannelState, ts: string | undefined): Outcome {
  if (ts === undefined) return fail('no_item_specified');
  const m = ch.messages.get(ts);
  if (m === undefined) return fail('message_not_found');
  if (m.pinned) return fail('already_pinned');
  if ([...ch.messages.values()].filter((x) => x.pinned).length >= 100) return fail('too_many_pins');
  m.pinned = true;
  return ok();
}

function bookmarksAdd(ws: WorkspaceState, args: Json): Outcome {
  const ch = visibleChannel(ws, required(args, 'channel_id'));
  if (ch === undefined) return fail('channel_not_found');
  const title = required(args, 'title');
  const type = required(args, 'type');
  if (title === undefined || type === undefined) return fail('invalid_arguments');
  if (type !== 'link') return fail('invalid_bookmark_type');
  const link = str(args.link) ?? '';
  if (!/^https?:\/\//i.test(link)) return fail('invalid_link');
  if (ch.bookmarks.length >= 100) return fail('too_many_bookmarks');
  ws.counters.bookmark += 1;
  const emoji = required(args, 'emoji') ?? null;
  if (emoji !== null && !/^:[a-z0-9_+'-]+:$/.test(emoji)) return fail('invalid_emoji');
  const bookmark: WorkspaceBookmark = { id: `Bk${pad(ws.counters.bookmark, 9)}`, title, type, link, emoji, createdBy: ws.botUserId };
  ch.bookmarks.push(bookmark);
  return ok({ bookmark: bookmarkJson(ws, ch, bookmark) });
}

/**
 * bookmarks.edit as Slack documents it: `channel_id` and `bookmark_id` required; `title`, `link`
 * and `emoji` optional, each replacing the bookmark's own when given; `not_found` for a bookmark
 * the channel does not have.
 */
function bookmarksEdit(ws: WorkspaceState, args: Json): Outcome {
  const ch = visibleChannel(ws, required(args, 'channel_id'));
  if (ch === undefined) return fail('channel_not_found');
  const id = required(args, 'bookmark_id');
  if (id === undefined) return fail('invalid_arguments');
  const at = ch.bookmarks.findIndex((b) => b.id === id);
  const current = ch.bookmarks[at];
  if (current === undefined) return fail('not_found');
  const link = str(args.link) ?? current.link;
  if (!/^https?:\/\//i.test(link)) return fail('invalid_link');
  const emoji = required(args, 'emoji') ?? current.emoji;
  if (emoji !== null && !/^:[a-z0-9_+'-]+:$/.test(emoji)) return fail('invalid_emoji');
  const edited: WorkspaceBookmark = { ...current, title: required(args, 'title') ?? current.title, link, emoji };
  ch.bookmarks[at] = edited;
  return ok({ bookmark: { ...bookmarkJson(ws, ch, edited), date_updated: ws.nowSeconds() } });
}

/** A bookmark as bookmarks.add and bookmarks.edit answer it. */
function bookmarkJson(ws: WorkspaceState, ch: ChannelState, bookmark: WorkspaceBookmark): Json {
  return {
    id: bookmark.id,
    channel_id: ch.id,
    title: bookmark.title,
    link: bookmark.link,
    emoji: bookmark.emoji,
    icon_url: null,
    type: bookmark.type,
    entity_id: null,
    date_created: ws.nowSeconds(),
    date_updated: 0,
    rank: 'g',
    last_updated_by_user_id: ws.botUserId,
    last_updated_by_team_id: ws.teamId,
    shortcut_id: null,
    app_id: null,
  };
}

function reactionsAdd(ws: WorkspaceState, args: Json): Outcome {
  const ch = visibleChannel(ws, required(args, 'channel'));
  if (ch === undefined) return fail('channel_not_found');
  return addReaction(ch, { ts: required(args, 'timestamp'), name: required(args, 'name') ?? '', user: ws.botUserId });
}

/** `user` reacts to a message of `ch` with `name`, as reactions.add does for the bot and a person's client does for them. */
export function addReaction(ch: ChannelState, input: { ts: string | undefined; name: string; user: string }): Outcome {
  const { ts, user } = input;
  if (ts === undefined) return fail('no_item_specified');
  const name = input.name.replace(/^:|:$/g, '');
  if (!/^[a-z0-9_+'-]+(::skin-tone-[2-6])?$/.test(name)) return fail('invalid_name');
  const m = ch.messages.get(ts);
  if (m === undefined) return fail('message_not_found');
  const who = m.reactions.get(name) ?? [];
  if (who.includes(user)) return fail('already_reacted');
  if (m.reactions.size >= 50 && !m.reactions.has(name)) return fail('too_many_reactions');
  m.reactions.set(name, [...who, user]);
  return ok();
}


export const channelItemMethods: MethodTable = {
  'pins.add': pinsAdd,
  'bookmarks.add': bookmarksAdd,
  'bookmarks.edit': bookmarksEdit,
  'reactions.add': reactionsAdd,
};
