/**
 * What the sandbox page shows and what only a Slack client would know: ephemeral answers (an
 * ack's body, response_url posts), when each chart was uploaded, which person a trigger_id (and
 * so each modal) belongs to, and which modals were closed. The messages themselves live in the
 * workspace, exactly as the bot wrote them.
 */
import type { SlackWorkspace, WorkspaceMessage, WorkspaceView } from './slack-workspace.js';
import { SANDBOX_TEAM } from './slack-deliveries.js';

export interface Ephemeral {
  readonly channel: string;
  readonly user: string;
  readonly text: string;
  readonly blocks: readonly unknown[] | null;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function slackTs(ms: number, seq: number): string {
  return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000 + (seq % 1000)).padStart(6, '0')}`;
}

/** The interactive elements of a message's blocks (section accessories and actions elements). */
function elementsOf(blocks: readonly unknown[] | null): { blockId: string; element: Json }[] {
  const found: { blockId: string; element: Json }[] = [];
  for (const block of blocks ?? []) {
    if (!isObject(block)) continue;
    const blockId = typeof block.block_id === 'string' ? block.block_id : '';
    if (isObject(block.accessory)) found.push({ blockId, element: block.accessory });
    if (Array.isArray(block.elements)) for (const element of block.elements) if (isObject(element)) found.push({ blockId, element });
  }
  return found;
}

/** The block_actions `actions[0]` for clicking `actionId` (or choosing `selected` in it) among `blocks`. */
function blockAction(blocks: readonly unknown[] | null, actionId: string, selected: string | null): Json | null {
  const hit = elementsOf(blocks).find((e) => e.element.action_id === actionId);
  if (!hit) return null;
  const { element, blockId } = hit;
  const base = { type: element.type, action_id: actionId, block_id: blockId };
  if (element.type === 'button') return { ...base, text: element.text, value: element.value ?? '' };
  const options = Array.isArray(element.options) ? element.options.filter(isObject) : [];
  const option = options.find((o) => o.value === selected);
  if (!option) return null;
  return { ...base, selected_option: option, ...(element.placeholder ? { placeholder: element.placeholder } : {}) };
}

/** The App Home tab Warroom last published for `user` (views.publish), if any. */
const homeOf = (workspace: SlackWorkspace, user: string): WorkspaceView | undefined => workspace.views().find((v) => v.kind === 'home' && v.userId === user);

export function createSandboxState(workspace: SlackWorkspace) {
  const ephemerals: (Ephemeral & { ts: string })[] = [];
  const fileTimes = new Map<string, string>();
  const triggeredBy = new Map<string, string>();
  const closedViews = new Set<string>();
  let seq = 0;
  const now = () => slackTs(Date.now(), ++seq);

  const messageJson = (m: WorkspaceMessage | (Ephemeral & { ts: string })): Json => ({
    type: 'message',
    ts: m.ts,
    text: m.text,
    user: 'botId' in m ? m.user : workspace.botUserId,
    ...('botId' in m && m.botId ? { bot_id: m.botId } : {}),
    blocks: m.blocks ?? [],
  });

  const openModals = (user: string) =>
    workspace.views().filter((v) => v.kind === 'modal' && !closedViews.has(v.id) && v.triggerId !== null && triggeredBy.get(v.triggerId) === user);

  return {
    addEphemeral(e: Ephemeral): void {
      ephemerals.push({ ...e, ts: now() });
    },
    fileUploaded(fileId: string): void {
      if (!fileTimes.has(fileId)) fileTimes.set(fileId, now());
    },
    triggered(triggerId: string, user: string): void {
      triggeredBy.set(triggerId, user);
    },
    closeView(viewId: string): void {
      closedViews.add(viewId);
    },

    /** The view as Slack puts it in a view_submission, if it is open for `user`. */
    openView(viewId: string, user: string): Json | null {
      const v = openModals(user).find((m) => m.id === viewId);
      if (!v) return null;
      return {
        id: v.id,
        team_id: SANDBOX_TEAM.id,
        type: 'modal',
        private_metadata: '',
        callback_id: '',
        external_id: v.externalId ?? '',
        ...v.view,
        hash: v.hash,
        previous_view_id: null,
        root_view_id: v.id,
        app_id: 'A0WARROOM',
        bot_id: 'B0WARROOM',
      };
    },

    /** The message (or ephemeral) and the block_actions `actions[0]` for a click or a choice. */
    findAction(channel: string, ts: string, actionId: string, selected: string | null): { message: Json; action: Json } | null {
      const message = workspace.message(channel, ts) ?? ephemerals.find((e) => e.channel === channel && e.ts === ts);
      const action = message ? blockAction(message.blocks, actionId, selected) : null;
      return message && action ? { message: messageJson(message), action } : null;
    },

    /** The Home tab `viewId` of `user` as Slack puts it in a block_actions payload, and the action clicked in it. */
    findHomeAction(viewId: string, user: string, actionId: string, selected: string | null): { view: Json; action: Json } | null {
      const home = homeOf(workspace, user);
      if (!home || home.id !== viewId) return null;
      const action = blockAction(Array.isArray(home.view.blocks) ? home.view.blocks : null, actionId, selected);
      return action ? { view: { id: home.id, team_id: SANDBOX_TEAM.id, type: 'home', ...home.view, hash: home.hash, app_id: 'A0WARROOM', bot_id: 'B0WARROOM' }, action } : null;
    },

    /** Everything the page draws for `user` looking at `channel`. */
    snapshot(at: { channel: string; user: string }): Json {
      return pageSnapshot({ workspace, ephemerals, fileTimes, modal: openModals(at.user).at(-1), home: homeOf(workspace, at.user) }, at);
    },
  };
}

/** Everything the page draws for `at.user` looking at `at.channel`: the channel's messages, that person's ephemerals, files and open modal. */
function pageSnapshot(
  from: {
    workspace: SlackWorkspace;
    ephemerals: readonly (Ephemeral & { ts: string })[];
    fileTimes: ReadonlyMap<string, string>;
    modal: WorkspaceView | undefined;
    home: WorkspaceView | undefined;
  },
  at: { channel: string; user: string },
): Json {
  const { workspace, ephemerals, fileTimes, modal, home } = from;
  const users = workspace.users();
  const names = Object.fromEntries(users.map((u) => [u.id, u.isBot ? 'Warroom' : (u.realName ?? u.name ?? u.id)]));
  const channels = workspace.channels().filter((c) => !c.isIm && !c.isArchived);
  const current = channels.find((c) => c.id === at.channel) ?? channels[0];
  const messages = current
    ? workspace.messages(current.id).map((m) => ({
        kind: 'message',
        ts: m.ts,
        threadTs: m.threadTs,
        user: m.user,
        isBot: m.botId !== null,
        text: m.text,
        blocks: m.blocks,
        pinned: m.pinned,
        edited: m.edits > 0,
        reactions: m.reactions,
      }))
    : [];
  const mine = ephemerals
    .filter((e) => e.channel === current?.id && e.user === at.user)
    .concat(workspace.ephemerals(current?.id).filter((e) => e.user === at.user).map((e) => ({ ...e, ts: e.messageTs })))
    .map((e) => ({ kind: 'ephemeral', ts: e.ts, user: workspace.botUserId, isBot: true, text: e.text, blocks: e.blocks }));
  const files = current
    ? workspace.files(current.id).map((f) => ({ kind: 'file', ts: fileTimes.get(f.id) ?? '0', user: workspace.botUserId, isBot: true, id: f.id, title: f.title, url: `/sandbox/files/${f.id}` }))
    : [];
  return {
    sandbox: true,
    team: SANDBOX_TEAM.domain,
    me: at.user,
    names,
    people: users.filter((u) => !u.isBot).map((u) => ({ id: u.id, name: names[u.id] })),
    channels: channels.map((c) => ({ id: c.id, name: c.name, member: c.members.includes(at.user) })),
    // Every channel's name, archived ones too: a `<#C…>` link shows the name, as Slack does.
    channelNames: Object.fromEntries(workspace.channels().filter((c) => !c.isIm).map((c) => [c.id, c.name])),
    channel: current ? { id: current.id, name: current.name, topic: current.topic, purpose: current.purpose, bookmarks: current.bookmarks.map((b) => ({ title: b.title, link: b.link })) } : null,
    items: [...messages, ...mine, ...files].sort((a, b) => Number(a.ts) - Number(b.ts)),
    modal: modal ? { id: modal.id, view: modal.view } : null,
    home: home ? { id: home.id, view: home.view } : null,
  };
}
