import type { Incident } from '../../../core/incident.js';
import type { RoomSetupState, RoomState, RoomTask } from '../../ports/room.js';
import { syncBridgeBookmark } from '../bridge-bookmark.js';
import { bookmarksOf } from '../room-bookmarks.js';
import { announcementPurpose } from '../stakeholder-audience.js';
import { stakeholderChannelsOf } from '../room-settings.js';
import type { RoomTaskContext } from '../room-task-handler.js';
import { isSlackUserId } from '../../../core/slack-user-id.js';
import { topicOf } from '../room-topic.js';

/** One set-up in progress: the incident (with its channel), what is done so far, and how to record a step. */
export interface SetupRun {
  readonly task: RoomTask<'setup_channel'>;
  /** Replaced by a step that changes it (the commander), so later steps see the new one. */
  incident: Incident;
  readonly channelId: string;
  /** The room's messages as the set-up found them (the summary, the announcements). */
  readonly messages: RoomState['messages'];
  /** The steps done so far, this run's included. */
  readonly setup: RoomSetupState;
  /** Records steps done (merged into the stored state, other keys kept) before the next step starts. */
  record(done: RoomSetupState): Promise<void>;
}

/** One step of the set-up: does nothing when the state says it is done. */
type SetupStep = (run: SetupRun, room: RoomTaskContext) => Promise<void>;

/**
 * The primary on-call of the first service is commander; without one, a person who declared it
 * is; an alert-made incident without on-call waits for someone to claim command.
 */
const assignCommander: SetupStep = async (run, room) => {
  const { incident } = run;
  if (incident.roles.commander !== null || run.setup.commanderChecked === true) return;
  const onCall = await room.findCommander(incident).catch(() => null);
  const commander = onCall ?? (isSlackUserId(incident.declaredBy) ? incident.declaredBy : null);
  if (commander !== null) {
    const changed = await room.changeIncident(incident.id, { type: 'assign_role', role: 'commander', user: commander, actor: 'warroom' });
    if (changed.ok) run.incident = changed.value;
  }
  await run.record({ commanderChecked: true });
};

const setPurpose: SetupStep = async (run, room) => {
  if (run.setup.purpose === true) return;
  await room.chat.setPurpose(run.channelId, `${run.incident.ref}: managed by Warroom`);
  await run.record({ purpose: true });
};

const setTopic: SetupStep = async (run, room) => {
  const topic = topicOf(run.incident);
  if (run.setup.topic === topic) return;
  await room.chat.setTopic(run.channelId, topic);
  await run.record({ topic });
};

const inviteResponders: SetupStep = async (run, room) => {
  const invited = new Set(run.setup.invited ?? []);
  const people = [run.incident.declaredBy, run.incident.roles.commander].filter((u): u is string => isSlackUserId(u) && !invited.has(u));
  if (people.length === 0) return;
  const result = await room.chat.invite(run.channelId, people);
  if (!result.ok && result.error !== 'already_in_channel') room.log.warn({ ref: run.incident.ref, error: result.error }, 'could not invite responders');
  for (const p of people) invited.add(p);
  await run.record({ invited: [...invited] });
};

/** The summary is remembered as a room message (not a set-up key): refresh_summary updates it. */
const postAndPinSummary: SetupStep = async (run, room) => {
  const { incident, channelId } = run;
  let summary = run.messages.get('summary');
  if (!summary) {
    const posted = await room.postOnce(run.task, channelId, await room.summary(incident));
    if (!posted.ok) throw new Error(`posting the summary failed: ${posted.error}`);
    await room.outbox.saveMessage(incident.id, 'summary', channelId, posted.value.ts, room.clock.now());
    summary = { channelId, ts: posted.value.ts, pinned: false, postedAt: room.clock.now() };
  }
  if (summary.pinned) return;
  const pinned = await room.chat.pin(channelId, summary.ts);
  if (!pinned.ok && pinned.error !== 'already_pinned') room.log.warn({ ref: incident.ref, error: pinned.error }, 'could not pin the summary');
  await room.outbox.markPinned(incident.id, 'summary');
};

/** The call link is bookmarked first; without one nothing is recorded, and a refresh adds it once one is set. */
const bookmarkBridge: SetupStep = async (run, room) => {
  if (run.setup.bridge !== undefined) return;
  const bridge = await syncBridgeBookmark(run.incident, run.channelId, undefined, room);
  if (bridge !== null) await run.record({ bridge });
};

const addBookmarks: SetupStep = async (run, room) => {
  const bookmarked = new Set(run.setup.bookmarks ?? []);
  for (const link of await bookmarksOf(run.incident, room)) {
    if (bookmarked.has(link.url)) continue;
    const result = await room.chat.bookmark(run.channelId, link.title, link.url);
    if (!result.ok) room.log.warn({ ref: run.incident.ref, error: result.error }, 'could not add a bookmark');
    bookmarked.add(link.url);
    await run.record({ bookmarks: [...bookmarked] });
  }
};

/** Announced once per stakeholder channel; one the bot cannot post in is skipped from then on. */
const announceToStakeholders: SetupStep = async (run, room) => {
  const { incident } = run;
  for (const target of stakeholderChannelsOf(room.settings, incident)) {
    const purpose = announcementPurpose(target);
    if (run.messages.has(purpose) || run.setup.skipped?.includes(purpose)) continue;
    const { channelId, posted } = await room.postToStakeholders(run.task, target, { kind: 'announcement', incident });
    if (posted.ok) {
      await room.outbox.saveMessage(incident.id, purpose, channelId ?? target, posted.value.ts, room.clock.now());
    } else {
      room.log.warn({ ref: incident.ref, channel: target, error: posted.error }, 'could not announce in a stakeholder channel (is the bot a member?)');
      await run.record({ skipped: [...(run.setup.skipped ?? []), purpose] });
    }
  }
};

/** In order: the topic names the commander, the invitations include them, the summary is posted before it is pinned. */
export const SETUP_STEPS: readonly SetupStep[] = [assignCommander, setPurpose, setTopic, inviteResponders, postAndPinSummary, bookmarkBridge, addBookmarks, announceToStakeholders];
