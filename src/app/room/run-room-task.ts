import { NO_ALERTS } from '../../core/alert.js';
import { channelName } from '../../core/channel-name.js';
import { DRILL_CHANNEL_PREFIX } from '../../core/drill.js';
import { drillScorecard, scorecardEvent } from '../../core/drill-scorecard.js';
import { scopeHeadline } from '../../core/scope.js';
import type { Incident } from '../../core/incident.js';
import { ROLES } from '../../core/roles.js';
import type { ChangeIncident } from '../change-incident.js';
import { isSeverity } from '../../core/severity.js';
import { isSlackUserId } from '../../core/slack-user-id.js';
import type { Chat, ChatOutcome, CheckResult, Clock, IncidentReader, IncidentStore, Logger, RoomMessage, RoomState, SlackOutbox, SlackTask } from '../ports.js';
import type { FindRunbooks } from './find-runbooks.js';
import type { RoomSettings } from './room-settings.js';
import { createStakeholderChannels } from './stakeholder-channels.js';

export type RunRoomTask = (task: SlackTask) => Promise<string>;

const NEW_ALERTS_EVERY_MS = 60_000;
const MAX_NAME_ATTEMPTS = 10;

/**
 * Runs one Slack outbox task. Every step checks what was already done (the incident's channel,
 * the room state), so a task retried after a crash, a 429 or an outage resumes where it stopped
 * and never creates a second channel or posts a second summary.
 */
export function createRunRoomTask(deps: {
  chat: Chat;
  outbox: SlackOutbox;
  incidents: IncidentReader & Pick<IncidentStore, 'append'>;
  changeIncident: ChangeIncident;
  settings: RoomSettings;
  findRunbooks: FindRunbooks;
  /** One line on the pages sent for this incident (provider, acknowledged or not), or null. */
  pagingStatus: (incidentId: number) => Promise<string | null>;
  /** The Slack user who should command this incident (on call for its services), or null. */
  findCommander: (incident: Incident) => Promise<string | null>;
  /** The postmortem draft of an incident (the same text the API and the CLI give). */
  postmortem: (incidentId: number) => Promise<string | null>;
  clock: Clock;
  log: Logger;
}): RunRoomTask {
  const { chat, outbox, settings } = deps;
  const stakeholderChannels = createStakeholderChannels({ chat, clock: deps.clock });

  async function load(incidentId: number): Promise<Incident | null> {
    return deps.incidents.find(incidentId);
  }

  async function summary(incident: Incident): Promise<RoomMessage> {
    const alerts = (await deps.incidents.alerts([incident.id])).get(incident.id) ?? NO_ALERTS;
    const service = incident.services.map((s) => settings.services[s]).find((s) => s !== undefined);
    const dashboards = incident.services.flatMap((s) => settings.services[s]?.dashboards ?? []);
    const matched = (await deps.findRunbooks(incident))[0];
    const total = alerts.counts.firing + alerts.counts.acknowledged + alerts.counts.resolved;
    return {
      kind: 'summary',
      incident,
      alerts,
      runbook: service?.runbook ?? (matched ? (matched.url ?? matched.path) : null),
      dashboards,
      allAlertsResolved: total > 0 && alerts.counts.resolved === total,
      paging: await deps.pagingStatus(incident.id),
      scopeHeadline: incident.scope ? scopeHeadline(incident.scope) : null,
    };
  }

  /**
   * Posts at most once per task and channel. Slack has no idempotency key, so every post carries
   * one in its metadata; a task that runs again (after a crash, a lost answer or a 429 later in the
   * task) first looks for its own earlier post and reuses it instead of posting a second time.
   */
  async function postOnce(task: SlackTask, channelId: string, message: RoomMessage): Promise<ChatOutcome<{ ts: string }>> {
    const key = `task:${task.id}:${message.kind}`;
    if (task.attempts > 1) {
      const found = await chat.findPosted(channelId, key, (await outbox.taskCreatedAt(task.id)) ?? new Date(0));
      if (found.ok && found.value !== null) {
        deps.log.info({ task: task.id, kind: message.kind, channelId }, 'found this task\'s earlier post; not posting it again');
        return { ok: true, value: found.value };
      }
    }
    return chat.post(channelId, message, key);
  }

  /** Posts once in a configured stakeholder channel (an id or `#name`); a stale remembered id is looked up again. */
  async function postToStakeholders(task: SlackTask, target: string, message: RoomMessage): Promise<{ channelId: string | null; posted: ChatOutcome<{ ts: string }> }> {
    const channelId = await stakeholderChannels.resolve(target);
    if (channelId === null) return { channelId, posted: { ok: false, error: 'channel_not_found' } };
    const posted = await postOnce(task, channelId, message);
    if (posted.ok) return { channelId, posted };
    const fresh = await stakeholderChannels.refresh(target, channelId, posted.error);
    return fresh === null ? { channelId, posted } : { channelId: fresh, posted: await postOnce(task, fresh, message) };
  }

  function topicOf(incident: Incident): string {
    const ic = incident.roles.commander;
    return `${incident.severity} · ${incident.status} · IC: ${isSlackUserId(ic) ? `<@${ic}>` : 'unassigned'} · ${incident.ref}`;
  }

  /** Creates the channel, or adopts the one this bot created for this incident before a crash. */
  async function ensureChannel(incident: Incident, state: RoomState): Promise<Incident> {
    if (incident.channelId !== null) return incident;
    // Drills are told apart at a glance: `drill-<n>-…` whatever the configured prefix.
    const base = channelName(incident.drill ? DRILL_CHANNEL_PREFIX : settings.channelPrefix, incident.id, incident.title);
    for (let attempt = Number(state.setup.nameAttempt ?? 0); attempt < MAX_NAME_ATTEMPTS; attempt++) {
      const name = attempt === 0 ? base : `${base.slice(0, 80 - String(attempt + 1).length - 1)}-${attempt + 1}`;
      const created = await chat.createChannel(name);
      let channelId: string | null = created.ok ? created.value.id : null;
      if (!created.ok && created.error === 'name_taken') {
        // The name carries the incident number: one this bot created is ours from an earlier try.
        const existing = await chat.findChannel(name);
        if (existing?.createdByMe) channelId = existing.id;
      } else if (!created.ok) {
        throw new Error(`conversations.create failed: ${created.error}`);
      }
      if (channelId !== null) {
        const changed = await deps.changeIncident(incident.id, { type: 'set_channel', channelId, channelName: name, actor: 'warroom' });
        if (!changed.ok) throw new Error(`could not record the channel: ${changed.error.message}`);
        return changed.value;
      }
      await outbox.saveSetup(incident.id, { ...state.setup, nameAttempt: attempt + 1 });
    }
    throw new Error(`no free channel name after ${MAX_NAME_ATTEMPTS} tries`);
  }

  async function setupChannel(task: SlackTask): Promise<string> {
    let incident = await load(task.incidentId);
    if (!incident) return 'incident gone';
    let state = await outbox.roomState(incident.id);
    incident = await ensureChannel(incident, state);
    const channelId = incident.channelId ?? '';
    state = await outbox.roomState(incident.id);
    const setup: Record<string, unknown> = { ...state.setup };
    const save = () => outbox.saveSetup(task.incidentId, setup);

    if (incident.roles.commander === null && setup.commanderChecked !== true) {
      // The primary on-call of the first service is commander; without one, a person who declared
      // it is; an alert-made incident without on-call waits for someone to claim command.
      const onCall = await deps.findCommander(incident).catch(() => null);
      const commander = onCall ?? (isSlackUserId(incident.declaredBy) ? incident.declaredBy : null);
      if (commander !== null) {
        const changed = await deps.changeIncident(incident.id, { type: 'assign_role', role: 'commander', user: commander, actor: 'warroom' });
        if (changed.ok) incident = changed.value;
      }
      setup.commanderChecked = true;
      await save();
    }
    if (setup.purpose !== true) {
      await chat.setPurpose(channelId, `${incident.ref}: managed by Warroom`);
      setup.purpose = true;
      await save();
    }
    const topic = topicOf(incident);
    if (setup.topic !== topic) {
      await chat.setTopic(channelId, topic);
      setup.topic = topic;
      await save();
    }
    const invited = new Set(Array.isArray(setup.invited) ? (setup.invited as string[]) : []);
    const people = [incident.declaredBy, incident.roles.commander].filter((u): u is string => isSlackUserId(u) && !invited.has(u));
    if (people.length > 0) {
      const result = await chat.invite(channelId, people);
      if (!result.ok && result.error !== 'already_in_channel') deps.log.warn({ ref: incident.ref, error: result.error }, 'could not invite responders');
      for (const p of people) invited.add(p);
      setup.invited = [...invited];
      await save();
    }
    let summaryMessage = state.messages.get('summary');
    if (!summaryMessage) {
      const posted = await postOnce(task, channelId, await summary(incident));
      if (!posted.ok) throw new Error(`posting the summary failed: ${posted.error}`);
      await outbox.saveMessage(incident.id, 'summary', channelId, posted.value.ts, deps.clock.now());
      summaryMessage = { channelId, ts: posted.value.ts, pinned: false, postedAt: deps.clock.now() };
    }
    if (!summaryMessage.pinned) {
      const pinned = await chat.pin(channelId, summaryMessage.ts);
      if (!pinned.ok && pinned.error !== 'already_pinned') deps.log.warn({ ref: incident.ref, error: pinned.error }, 'could not pin the summary');
      await outbox.markPinned(incident.id, 'summary');
    }
    const bookmarked = new Set(Array.isArray(setup.bookmarks) ? (setup.bookmarks as string[]) : []);
    for (const link of await bookmarksOf(incident)) {
      if (bookmarked.has(link.url)) continue;
      const result = await chat.bookmark(channelId, link.title, link.url);
      if (!result.ok) deps.log.warn({ ref: incident.ref, error: result.error }, 'could not add a bookmark');
      bookmarked.add(link.url);
      setup.bookmarks = [...bookmarked];
      await save();
    }
    for (const target of settings.stakeholderChannels) {
      const purpose = `announce:${target}`;
      if (state.messages.has(purpose) || (setup.skipped as string[] | undefined)?.includes(purpose)) continue;
      const { channelId: stakeholderChannel, posted } = await postToStakeholders(task, target, { kind: 'announcement', incident });
      if (posted.ok) {
        await outbox.saveMessage(incident.id, purpose, stakeholderChannel ?? target, posted.value.ts, deps.clock.now());
      } else {
        deps.log.warn({ ref: incident.ref, channel: target, error: posted.error }, 'could not announce in a stakeholder channel (is the bot a member?)');
        setup.skipped = [...((setup.skipped as string[] | undefined) ?? []), purpose];
        await save();
      }
    }
    return 'room ready';
  }

  async function bookmarksOf(incident: Incident): Promise<{ title: string; url: string }[]> {
    const links: { title: string; url: string }[] = [];
    for (const runbook of await deps.findRunbooks(incident)) if (runbook.url) links.push({ title: `Runbook: ${runbook.title}`, url: runbook.url });
    for (const name of incident.services) {
      const service = settings.services[name];
      if (!service) continue;
      if (service.runbook && /^https?:\/\//.test(service.runbook)) links.push({ title: `Runbook: ${name}`, url: service.runbook });
      service.dashboards.filter((d) => /^https?:\/\//.test(d)).forEach((url, i) => links.push({ title: `Dashboard: ${name}${i > 0 ? ` ${i + 1}` : ''}`, url }));
    }
    return links;
  }

  async function refreshSummary(task: SlackTask): Promise<string> {
    const incident = await load(task.incidentId);
    if (!incident) return 'incident gone';
    const state = await outbox.roomState(incident.id);
    const message = state.messages.get('summary');
    if (!message) return 'no summary yet (set-up will post it)';
    const updated = await chat.update(message.channelId, message.ts, await summary(incident));
    if (!updated.ok) throw new Error(`updating the summary failed: ${updated.error}`);
    const topic = topicOf(incident);
    if (state.setup.topic !== topic && incident.channelId) {
      await chat.setTopic(incident.channelId, topic);
      await outbox.saveSetup(incident.id, { ...state.setup, topic });
    }
    return 'summary updated';
  }

  async function newAlerts(task: SlackTask): Promise<string> {
    const incident = await load(task.incidentId);
    if (!incident?.channelId) return 'no channel';
    const state = await outbox.roomState(incident.id);
    const last = state.messages.get('new_alerts');
    // At most one "new alerts" line a minute: the summary already shows the counts.
    if (last && deps.clock.now().getTime() - last.postedAt.getTime() < NEW_ALERTS_EVERY_MS) return 'coalesced';
    const alerts = (await deps.incidents.alerts([incident.id])).get(incident.id) ?? NO_ALERTS;
    const firing = alerts.recent.filter((a) => a.status === 'firing');
    const posted = await postOnce(task, incident.channelId, { kind: 'new_alerts', ref: incident.ref, count: alerts.counts.firing, titles: firing.slice(-5).map((a) => a.title) });
    if (!posted.ok) throw new Error(`posting new alerts failed: ${posted.error}`);
    await outbox.saveMessage(incident.id, 'new_alerts', incident.channelId, posted.value.ts, deps.clock.now());
    return 'new alerts posted';
  }

  async function postTimeline(task: SlackTask): Promise<string> {
    const incident = await load(task.incidentId);
    if (!incident?.channelId) return 'no channel';
    const posted = await postOnce(task, incident.channelId, { kind: 'timeline', incident, events: await deps.incidents.timeline(incident.id) });
    if (!posted.ok) throw new Error(`posting the timeline failed: ${posted.error}`);
    return 'timeline posted';
  }

  /** A message marked with the timeline emoji: saved with its text, author and permalink. */
  async function captureMessage(task: SlackTask): Promise<string> {
    const arg = (key: string, fallback: string) => (typeof task.payload[key] === 'string' ? task.payload[key] : fallback);
    const channel = arg('channel', '');
    const ts = arg('ts', '');
    const by = arg('by', 'slack');
    const fetched = await chat.fetchMessage(channel, ts);
    if (!fetched.ok) return `message not captured: ${fetched.error}`;
    const { text, user, permalink } = fetched.value;
    await deps.incidents.append(task.incidentId, [
      {
        at: deps.clock.now(),
        kind: 'note_added',
        actor: by,
        text: text.length > 0 ? text.slice(0, 4000) : '(a message without text)',
        data: { source: 'reaction', author: user, permalink, channel, ts },
      },
    ]);
    return 'message captured';
  }

  /** A posted stakeholder update: to every stakeholder channel, then the incident channel. */
  async function stakeholderUpdate(task: SlackTask): Promise<string> {
    const incident = await load(task.incidentId);
    if (!incident) return 'incident gone';
    const text = typeof task.payload.text === 'string' ? task.payload.text : '';
    const by = typeof task.payload.by === 'string' ? task.payload.by : 'warroom';
    const at = typeof task.payload.at === 'string' ? new Date(task.payload.at) : deps.clock.now();
    const state = await outbox.roomState(incident.id);
    const key = `update:${task.id}`;
    const targets = [...settings.stakeholderChannels, ...(incident.channelId ? [incident.channelId] : [])];
    for (const target of targets) {
      const purpose = `${key}:${target}`;
      if (state.messages.has(purpose)) continue;
      const { channelId: channel, posted } = await postToStakeholders(task, target, { kind: 'stakeholder_update', incident, text, by, at });
      if (posted.ok) await outbox.saveMessage(incident.id, purpose, channel ?? target, posted.value.ts, deps.clock.now());
      else deps.log.warn({ ref: incident.ref, channel: target, error: posted.error }, 'could not post the stakeholder update there');
    }
    return 'update posted';
  }

  async function updateReminder(task: SlackTask): Promise<string> {
    const incident = await load(task.incidentId);
    if (!incident?.channelId || incident.status === 'resolved') return 'not needed any more';
    const dueAt = typeof task.payload.dueAt === 'string' ? new Date(task.payload.dueAt) : deps.clock.now();
    const cadenceMinutes = typeof task.payload.cadenceMinutes === 'number' ? task.payload.cadenceMinutes : 0;
    const posted = await postOnce(task, incident.channelId, { kind: 'update_reminder', incident, cadenceMinutes, dueAt });
    if (!posted.ok) throw new Error(`posting the reminder failed: ${posted.error}`);
    return 'reminder posted';
  }

  async function postPostmortem(task: SlackTask): Promise<string> {
    const incident = await load(task.incidentId);
    if (!incident?.channelId) return 'no channel';
    // Recorded first (once per task), so the posted draft is the very text the API and CLI give.
    const by = typeof task.payload.by === 'string' ? task.payload.by : 'warroom';
    const recorded = (await deps.incidents.timeline(incident.id)).some((e) => e.kind === 'postmortem_drafted' && e.data.task === task.id);
    if (!recorded) {
      await deps.incidents.append(incident.id, [{ at: deps.clock.now(), kind: 'postmortem_drafted', actor: by, text: 'Postmortem draft posted in the channel', data: { task: task.id } }]);
    }
    const markdown = await deps.postmortem(incident.id);
    if (markdown === null) return 'incident gone';
    const posted = await postOnce(task, incident.channelId, { kind: 'postmortem', incident, markdown });
    if (!posted.ok) throw new Error(`posting the postmortem failed: ${posted.error}`);
    return 'postmortem posted';
  }

  /** A drill resolved: its scorecard, recorded on the timeline once per task, then posted in the channel. */
  async function postDrillScorecard(task: SlackTask): Promise<string> {
    const incident = await load(task.incidentId);
    if (!incident?.drill) return 'not a drill';
    const events = await deps.incidents.timeline(incident.id);
    const recorded = events.find((e) => e.kind === 'drill_scorecard' && e.data.task === task.id);
    const card = drillScorecard(incident, events);
    if (!recorded) {
      const event = scorecardEvent(card, deps.clock.now());
      await deps.incidents.append(incident.id, [{ ...event, data: { ...event.data, task: task.id } }]);
    }
    if (!incident.channelId) return 'scorecard recorded (no channel)';
    const posted = await postOnce(task, incident.channelId, { kind: 'drill_scorecard', incident, scorecard: card });
    if (!posted.ok) throw new Error(`posting the drill scorecard failed: ${posted.error}`);
    return 'scorecard posted';
  }

  async function commanderReminder(task: SlackTask): Promise<string> {
    const incident = await load(task.incidentId);
    if (!incident?.channelId || incident.status === 'resolved' || incident.roles.commander !== null) return 'not needed any more';
    const posted = await postOnce(task, incident.channelId, { kind: 'commander_reminder', incident });
    if (!posted.ok) throw new Error(`posting the reminder failed: ${posted.error}`);
    return 'reminder posted';
  }

  /** The scope card: posted once, then updated in place on every refresh. */
  async function scopeCard(task: SlackTask): Promise<string> {
    const incident = await load(task.incidentId);
    if (!incident?.channelId || !incident.scope) return 'no channel or no scope yet';
    const reason = typeof task.payload.reason === 'string' ? task.payload.reason : null;
    const suggestion = isSeverity(task.payload.suggestion) ? task.payload.suggestion : null;
    const message: RoomMessage = { kind: 'scope_card', incident, scope: incident.scope, reason, suggestion };
    const state = await outbox.roomState(incident.id);
    const existing = state.messages.get('scope_card');
    if (existing) {
      const updated = await chat.update(existing.channelId, existing.ts, message);
      if (!updated.ok) throw new Error(`updating the scope card failed: ${updated.error}`);
      return 'scope card updated';
    }
    const posted = await postOnce(task, incident.channelId, message);
    if (!posted.ok) throw new Error(`posting the scope card failed: ${posted.error}`);
    await outbox.saveMessage(incident.id, 'scope_card', incident.channelId, posted.value.ts, deps.clock.now());
    return 'scope card posted';
  }

  async function checksCard(task: SlackTask): Promise<string> {
    const incident = await load(task.incidentId);
    if (!incident?.channelId) return 'no channel';
    const results = Array.isArray(task.payload.results) ? (task.payload.results as CheckResult[]) : [];
    const posted = await postOnce(task, incident.channelId, { kind: 'checks', incident, results });
    if (!posted.ok) throw new Error(`posting the checks failed: ${posted.error}`);
    return 'checks posted';
  }

  async function uploadChart(task: SlackTask): Promise<string> {
    const incident = await load(task.incidentId);
    if (!incident?.channelId) return 'no channel';
    const png = Buffer.from(typeof task.payload.png === 'string' ? task.payload.png : '', 'base64');
    const title = typeof task.payload.title === 'string' ? task.payload.title : `${incident.ref} chart`;
    const uploaded = await chat.uploadFile(incident.channelId, { filename: `${incident.ref.toLowerCase()}-failing-share.png`, title, bytes: png });
    if (!uploaded.ok) throw new Error(`uploading the chart failed: ${uploaded.error}`);
    // Kept for the postmortem, which lists the charts of the incident.
    await deps.incidents.append(incident.id, [{ at: deps.clock.now(), kind: 'chart_uploaded', actor: 'warroom', text: title, data: { fileId: uploaded.value.fileId, permalink: uploaded.value.permalink } }]);
    return 'chart uploaded';
  }

  return async (task) => {
    switch (task.kind) {
      case 'scope_card':
        return scopeCard(task);
      case 'checks_card':
        return checksCard(task);
      case 'upload_chart':
        return uploadChart(task);
      case 'commander_reminder':
        return commanderReminder(task);
      case 'stakeholder_update':
        return stakeholderUpdate(task);
      case 'update_reminder':
        return updateReminder(task);
      case 'post_postmortem':
        return postPostmortem(task);
      case 'capture_message':
        return captureMessage(task);
      case 'setup_channel':
        return setupChannel(task);
      case 'refresh_summary':
        return refreshSummary(task);
      case 'new_alerts':
        return newAlerts(task);
      case 'post_timeline':
        return postTimeline(task);
      case 'drill_scorecard':
        return postDrillScorecard(task);
    }
  };
}

export const ROLE_NAMES = ROLES;
