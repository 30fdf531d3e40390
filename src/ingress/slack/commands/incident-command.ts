import type { App } from '@slack/bolt';
import { describeDrill } from '../../../app/drills/run-drill.js';
import { DependencyUnavailableError } from '../../../app/ports/runtime.js';
import type { Incident } from '../../../core/incident.js';
import { escapeMrkdwn } from '../../../core/mrkdwn.js';
import { DEFAULT_SEVERITY } from '../../../core/severity.js';
import { unknownServiceSentences } from '../../../core/unknown-services.js';
import { catchUpAnswer } from '../catch-up-answer.js';
import { describeResult } from '../describe-result.js';
import { helpMessage } from '../../../slack-ui/messages/help-message.js';
import { incidentListMessage } from '../../../slack-ui/messages/incident-list-message.js';
import { declareModal } from '../../../slack-ui/views/declare-modal.js';
import { updateModal } from '../../../slack-ui/views/update-modal.js';
import { publishAppHome } from '../publish-app-home.js';
import type { SlackIngressDeps } from '../slack-ingress-deps.js';
import { openStatusPageModal } from '../statuspage-modal-opener.js';
import { bridgeReply } from './bridge-reply.js';
import { escalatedText } from './escalated-text.js';
import { followUpAnswer } from './follow-up-answer.js';
import { parseIncidentCommand, SUBCOMMANDS, type IncidentCommand } from './parse-incident-command.js';

/** The most open incidents `/incident list` pages through (the store's own cap). */
const OPEN_LISTED_MAX = 500;
const NEEDS_CHANNEL = 'This command works in an incident channel. Use `/incident list` to find one.';

/**
 * `/incident …`: parse, run one use case, answer ephemerally within Slack's 3 seconds.
 * The declare modal is opened at once (its trigger_id lasts ~3 s); everything else that talks to
 * Slack goes through the outbox.
 */
export function registerIncidentCommand(app: App, deps: SlackIngressDeps): void {
  app.command('/incident', async ({ command, ack, client }) => {
    const parsed = parseIncidentCommand(command.text ?? '');
    const reply = (text: string) => ack({ response_type: 'ephemeral', text });
    try {
      if (parsed.kind === 'declare' && parsed.title === null) {
        await client.views.open({ trigger_id: command.trigger_id, view: declareModal({ services: deps.services, channelId: command.channel_id, private: parsed.private, types: deps.incidentTypes ?? [] }) });
        await ack();
        return;
      }
      if (parsed.kind === 'update') {
        // The modal opens at once (trigger_id lasts ~3 s), pre-filled with a draft or the given text.
        const incident = await deps.queries.byChannel(command.channel_id);
        if (!incident) return reply(NEEDS_CHANNEL);
        const draft = await deps.updates.draft(incident.id);
        const text = parsed.text ?? (draft.ok ? draft.value.text : '');
        const notes = draft.ok ? draft.value.notes : [];
        await client.views.open({ trigger_id: command.trigger_id, view: updateModal({ ref: incident.ref, draft: text, notes, stakeholderChannels: deps.stakeholderChannels(incident) }) });
        await ack();
        return;
      }
      if (parsed.kind === 'list') {
        // Every open incident (the store's most), paged here: the answer must stay inside one message's limits.
        const open = await deps.queries.list({ status: 'open', limit: OPEN_LISTED_MAX });
        const visible = await deps.visibility.visibleTo(command.user_id, open.map((v) => v.incident));
        const list = incidentListMessage({ incidents: visible, page: parsed.page });
        await ack({ response_type: 'ephemeral', text: list.text, blocks: list.blocks });
        return;
      }
      if (parsed.kind === 'catchup') {
        const incident = await deps.queries.byChannel(command.channel_id);
        await ack(incident ? await catchUpAnswer(deps, incident.id, command.user_id) : { response_type: 'ephemeral', text: NEEDS_CHANNEL });
        return;
      }
      if (parsed.kind === 'followup' || parsed.kind === 'followups') {
        const incident = await deps.queries.byChannel(command.channel_id);
        await ack(incident ? await followUpAnswer(deps, parsed, incident, command.user_id) : { response_type: 'ephemeral', text: NEEDS_CHANNEL });
        return;
      }
      if (parsed.kind === 'statuspage') {
        const incident = await deps.queries.byChannel(command.channel_id);
        if (!incident) return reply(NEEDS_CHANNEL);
        const refused = await openStatusPageModal(client, deps, { triggerId: command.trigger_id, incidentId: incident.id, ref: incident.ref, resolve: false });
        await (refused === null ? ack() : reply(refused));
        return;
      }
      if (parsed.kind === 'help') {
        const help = helpMessage(SUBCOMMANDS);
        await ack({ response_type: 'ephemeral', text: help.text, blocks: help.blocks });
        return;
      }
      if (parsed.kind === 'escalate') {
        // Who is paged now is news for the whole channel; a refusal is for the asker only.
        const incident = await deps.queries.byChannel(command.channel_id);
        if (!incident) return reply(NEEDS_CHANNEL);
        const result = await deps.paging.escalate(incident, command.user_id);
        if (!result.ok) return reply(describeResult(result, () => ''));
        await ack({ response_type: 'in_channel', text: escalatedText(result.value, command.user_id) });
        return;
      }
      await reply(await run(parsed, command.user_id, command.channel_id));
      // A new room changes what the App Home offers: republish it for whoever asked.
      if (parsed.kind === 'newroom') await publishAppHome(client, deps, command.user_id).catch((err: unknown) => deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'App Home not republished'));
    } catch (err) {
      const unavailable = err instanceof DependencyUnavailableError;
      deps.log.error({ err: err instanceof Error ? err.message : String(err), subcommand: parsed.kind }, 'slash command failed');
      await reply(unavailable ? ':warning: Warroom cannot reach its database right now; try again in a moment.' : ':warning: Something went wrong; the error is in Warroom’s log.');
    }
  });

  async function run(parsed: IncidentCommand, user: string, channelId: string): Promise<string> {
    switch (parsed.kind) {
      case 'usage':
        return escapeMrkdwn(parsed.message);
      case 'declare': {
        const unknown = unknownServiceSentences(parsed.services, deps.services);
        if (unknown.length > 0) return `:warning: Not declared: ${escapeMrkdwn(unknown.join('; '))}.`;
        const result = await deps.declareIncident({ title: parsed.title ?? '', severity: parsed.severity ?? DEFAULT_SEVERITY, services: parsed.services, private: parsed.private, type: parsed.type, actor: user });
        return describeResult(result, (i) => `:rotating_light: Declared *${i.ref}* (${i.severity}): ${escapeMrkdwn(i.title)}. The ${i.private === true ? 'private ' : ''}incident channel is being set up.`);
      }
      case 'oncall':
        return onCall(parsed.service);
      case 'drill':
        if (!deps.runDrill) return 'Drills are not available in this Warroom.';
        return describeDrill(await deps.runDrill(parsed.scenario, user), { run: '/incident drill' }).map(escapeMrkdwn).join('\n');
      case 'newroom': {
        const id = parsed.id ?? (await deps.queries.byChannel(channelId))?.id ?? null;
        if (id === null) return 'Which incident? `/incident newroom INC-12` (`/incident list` shows them).';
        return describeResult(await deps.goneRooms.openNewRoom(id, user), (i) => `:hash: Opening a new channel for *${i.ref}*; its summary will be pinned there.`);
      }
      default:
        break;
    }
    const incident = await deps.queries.byChannel(channelId);
    if (!incident) return NEEDS_CHANNEL;
    return runInChannel(parsed, incident, user);
  }

  async function onCall(only: string | null): Promise<string> {
    const services = only === null ? deps.services : deps.services.filter((s) => s === only);
    if (only !== null && services.length === 0) return `Unknown service "${escapeMrkdwn(only.slice(0, 50))}". Configured: ${deps.services.map(escapeMrkdwn).join(', ') || 'none'}.`;
    if (services.length === 0) return 'No services are configured (warroom.yml `services`).';
    const lines = await Promise.all(
      services.map(async (service) => {
        const { entries, errors } = await deps.onCall.forService(service);
        const people = entries.map((e) => `${e.slackUserId ? `<@${e.slackUserId}>` : escapeMrkdwn(e.person.name)} (${e.provider}${e.person.level > 1 ? `, level ${e.person.level}` : ''})`);
        const problems = errors.map((e) => `${e.provider} did not answer`);
        return `• *${escapeMrkdwn(service)}*: ${[...people, ...problems].join(', ') || 'nobody configured'}`;
      }),
    );
    return ['*On call now*', ...lines].join('\n');
  }

  async function runInChannel(parsed: IncidentCommand, incident: Incident, user: string): Promise<string> {
    switch (parsed.kind) {
      case 'status':
        return describeResult(await deps.changeIncident(incident.id, { type: 'change_status', status: parsed.status, actor: user }), (i) => `Status of ${i.ref} changed from ${incident.status} to *${i.status}*.`);
      case 'sev':
        return describeResult(await deps.changeIncident(incident.id, { type: 'change_severity', severity: parsed.severity, actor: user }), (i) => `Severity of ${i.ref} is now *${i.severity}*.`);
      case 'role':
        return describeResult(await deps.changeIncident(incident.id, { type: 'assign_role', role: parsed.role, user: parsed.user, actor: user }), (i) => `<@${parsed.user}> is now ${parsed.role} of ${i.ref}.`);
      case 'note':
        return describeResult(await deps.changeIncident(incident.id, { type: 'add_note', text: parsed.text, actor: user }), () => 'Added to the timeline. :memo:');
      case 'resolve':
        return describeResult(await deps.changeIncident(incident.id, { type: 'resolve', summary: parsed.summary, actor: user }), (i) => `:white_check_mark: ${i.ref} is resolved.`);
      case 'timeline':
        await deps.room.requestTimeline(incident.id);
        return 'Posting the timeline in this channel…';
      case 'scope':
        await deps.requestScope(incident.id);
        return 'Measuring the scope; the scope card follows in this channel.';
      case 'page':
        return describeResult(await deps.paging.requestPage(incident.id, parsed.service, user), (text) => escapeMrkdwn(text));
      case 'page_person': {
        const result = await deps.paging.requestPagePerson(incident.id, parsed.user, user);
        return result.ok ? `:pager: Paging <@${parsed.user}> through ${result.value.join(', then ')}…` : `:warning: Cannot page <@${parsed.user}>: ${escapeMrkdwn(result.error.message)}`;
      }
      case 'runbook': {
        const found = await deps.findRunbooks(incident);
        if (found.length === 0) return 'No runbook matches this incident. Runbooks live in `runbooks/*.md` (see runbooks/README.md).';
        return ['*Runbooks for this incident*', ...found.map((r) => `• ${r.url ? `<${r.url.replace(/[|>]/g, encodeURIComponent)}|${escapeMrkdwn(r.title)}>` : `${escapeMrkdwn(r.title)} (\`${escapeMrkdwn(r.path)}\`)`}`)].join('\n');
      }
      case 'postmortem':
        await deps.room.requestPostmortem(incident.id, user);
        return 'Posting the postmortem draft in this channel…';
      case 'private':
        return describeResult(await deps.moveToPrivate(incident.id, user), (i) => `:lock: Moving ${i.ref} to a new private channel; everyone here is invited, and this channel will be archived with a pointer.`);
      case 'bridge':
        return bridgeReply({ url: parsed.url, incident, user, queries: deps.queries, changeIncident: deps.changeIncident });
      default:
        return NEEDS_CHANNEL;
    }
  }
}
