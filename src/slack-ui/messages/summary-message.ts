import type { ActionsBlock, Button, KnownBlock, MrkdwnElement, PlainTextOption, SectionBlock, StaticSelect } from '@slack/types';
import { ALERT_STATUSES, type IncidentAlerts } from '../../core/alert.js';
import type { Incident } from '../../core/incident.js';
import type { PagingState } from '../../core/paging-state.js';
import { ACTIONS } from '../ids.js';
import { ROLES, type Role } from '../../core/roles.js';
import { SEVERITIES } from '../../core/severity.js';
import { isOpen, TRANSITIONS } from '../../core/status.js';
import { alertStatusEmoji } from '../blocks/alert-status-emoji.js';
import { callBlock } from '../blocks/call-block.js';
import { escapeWithin } from '../blocks/escape-within.js';
import { joinWithin } from '../blocks/join-within.js';
import { oneLine } from '../blocks/one-line.js';
import { pagingLine } from '../blocks/paging-line.js';
import { plainText } from '../blocks/plain-text.js';
import { safeLink } from '../blocks/safe-link.js';
import { severityEmoji } from '../blocks/severity-emoji.js';
import { SLACK_LIMITS } from '../blocks/slack-limits.js';
import { statusEmoji } from '../blocks/status-emoji.js';
import { userMention } from '../blocks/user-mention.js';
import { slackDate } from '../blocks/slack-date.js';
import { incidentTypeFields } from '../blocks/incident-type-fields.js';

const ROLE_LABELS: Readonly<Record<Role, string>> = { commander: 'Commander', comms: 'Comms', scribe: 'Scribe', ops: 'Ops' };
const RECENT_ALERTS = 5;
const DASHBOARDS_SHOWN = 10;
// Per-part budgets keep the whole message far below the cumulative block-text limit, whatever the input.
const SERVICES_MAX = 500;
const ALERT_TITLE_MAX = 300;
const DESCRIPTION_MAX = 1000;
const LINKS_MAX = 2000;
const CONTEXT_MAX = 500;

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const mrkdwn = (text: string): MrkdwnElement => ({ type: 'mrkdwn', text });
const field = (label: string, body: string): MrkdwnElement => mrkdwn(`*${label}*\n${body}`);
const option = (text: string, value: string): PlainTextOption => ({ text: plainText(text, SLACK_LIMITS.optionText), value });

/**
 * The one live summary pinned in the incident channel, updated in place (chat.update). Select
 * option values are `<ref>:<choice>` (`INC-12:identified`, `INC-12:SEV1`); button values are the ref.
 */
export function summaryMessage(input: {
  incident: Incident;
  alerts: IncidentAlerts;
  runbook: string | null;
  dashboards: readonly string[];
  scopeHeadline: string | null;
  paging: PagingState;
  allAlertsResolved: boolean;
  bridgeUrl?: string | null;
  /** The fallback room is on: a "Web view" button gives whoever clicks it their own link to it. */
  webView?: boolean;
}): { text: string; blocks: KnownBlock[] } {
  const { incident, alerts } = input;
  const { ref } = incident;
  const open = isOpen(incident.status);
  const drill = incident.drill ? '[DRILL] ' : '';
  const blocks: KnownBlock[] = [{ type: 'header', text: plainText(`${drill}${ref}: ${oneLine(incident.title)}`, SLACK_LIMITS.headerText) }];

  const services = incident.services.map((s) => escapeWithin(oneLine(s), 100));
  blocks.push({
    type: 'section',
    fields: [
      field('Severity', `${severityEmoji(incident.severity)} ${incident.severity}`),
      field('Status', `${statusEmoji(incident.status)} ${capitalise(incident.status)}`),
      ...ROLES.map((role) => field(ROLE_LABELS[role], userMention(incident.roles[role]) ?? 'unassigned')),
      field('Services', services.length > 0 ? joinWithin(services, ', ', SERVICES_MAX, (n) => `+${n} more`) : 'none'),
      field('Alerts', alertCounts(alerts)),
      ...incidentTypeFields(incident),
    ],
  });

  // The call is what a responder looks for first, right under the facts.
  if (input.bridgeUrl) blocks.push(callBlock(input.bridgeUrl, ref));

  const description = incident.description?.trim();
  if (description) blocks.push(section(escapeWithin(description, DESCRIPTION_MAX)));

  const recent = alerts.recent.slice(0, RECENT_ALERTS);
  if (recent.length > 0) {
    const lines = recent.map((a) => `${alertStatusEmoji(a.status)} ${escapeWithin(oneLine(a.title), ALERT_TITLE_MAX)} _${escapeWithin(oneLine(a.provider), 40)}_`);
    const total = Math.max(alerts.recent.length, ALERT_STATUSES.reduce((sum, s) => sum + alerts.counts[s], 0));
    if (total > recent.length) lines.push(`…and ${total - recent.length} more`);
    blocks.push(section(`*Latest alerts*\n${lines.join('\n')}`));
  }

  const links = linkLines(input.runbook, input.dashboards);
  const unlisted = Math.max(0, input.dashboards.length - DASHBOARDS_SHOWN);
  const more = (n: number): string => `…and ${n} more ${n === 1 ? 'link' : 'links'}`;
  if (links.length > 0) blocks.push(section(`*Links*\n${joinWithin(links, '\n', LINKS_MAX, more, unlisted)}`));

  const scope = input.scopeHeadline === null ? 'measuring…' : escapeWithin(oneLine(input.scopeHeadline), CONTEXT_MAX);
  blocks.push({ type: 'context', elements: [mrkdwn(`*Scope:* ${scope}`), mrkdwn(`*Paging:* ${pagingLine(input.paging)}`)] });

  if (open) {
    if (incident.roles.commander === null) {
      blocks.push({
        ...section(':warning: *No incident commander yet.* Whoever takes command, claim it:'),
        accessory: { type: 'button', action_id: ACTIONS.claimCommand, style: 'primary', text: plainText('Claim command', SLACK_LIMITS.buttonText), value: ref },
      });
    }
    if (input.allAlertsResolved) blocks.push(resolveSuggestion(ref));
    blocks.push(actions(incident, input.webView === true));
  } else {
    blocks.push({
      ...section(incident.resolvedAt ? `:white_check_mark: *Resolved ${slackDate(incident.resolvedAt)}*` : ':white_check_mark: *Resolved*'),
      accessory: { type: 'button', action_id: ACTIONS.draftPostmortem, text: plainText('Draft postmortem', SLACK_LIMITS.buttonText), value: ref },
    });
  }

  // Notifications show a line or two; the fallback need not carry the whole title.
  const text = `${drill}${ref} ${incident.severity} ${incident.status}: ${escapeWithin(oneLine(incident.title), 500)}`;
  return { text, blocks };
}

function section(text: string): SectionBlock {
  return { type: 'section', text: mrkdwn(text) };
}

function alertCounts(alerts: IncidentAlerts): string {
  const { firing, acknowledged, resolved } = alerts.counts;
  if (firing + acknowledged + resolved === 0) return 'none';
  const counts = `${alertStatusEmoji('firing')} ${firing} firing · ${acknowledged} acknowledged · ${resolved} resolved`;
  return alerts.lastAlertAt ? `${counts}\nlast at ${slackDate(new Date(alerts.lastAlertAt), 'time')}` : counts;
}

function linkLines(runbook: string | null, dashboards: readonly string[]): string[] {
  const lines: string[] = [];
  if (runbook) lines.push(`:book: ${safeLink(runbook, 'Runbook') ?? `Runbook: ${escapeWithin(oneLine(runbook), 200)}`}`);
  for (const url of dashboards.slice(0, DASHBOARDS_SHOWN)) {
    lines.push(`:chart_with_upwards_trend: ${safeLink(url, dashboardLabel(url), 60) ?? escapeWithin(oneLine(url), 200)}`);
  }
  return lines;
}

/** Host and path say which dashboard it is; the query string is noise. */
function dashboardLabel(url: string): string {
  try {
    const u = new URL(url.trim());
    return u.host + (u.pathname === '/' ? '' : u.pathname);
  } catch {
    return url;
  }
}

function resolveSuggestion(ref: string): SectionBlock {
  const button: Button = {
    type: 'button',
    action_id: ACTIONS.resolve,
    text: plainText('Resolve incident?', SLACK_LIMITS.buttonText),
    style: 'primary',
    value: ref,
    confirm: {
      title: plainText(`Resolve ${ref}?`, 100),
      text: plainText('All alerts have resolved. Resolve the incident now?', 300),
      confirm: plainText('Resolve', 30),
      deny: plainText('Not yet', 30),
    },
  };
  return { type: 'section', text: mrkdwn(':white_check_mark: All alerts have resolved.'), accessory: button };
}

function actions(incident: Incident, webView: boolean): ActionsBlock {
  const { ref } = incident;
  const statusSelect: StaticSelect = {
    type: 'static_select',
    action_id: ACTIONS.changeStatus,
    placeholder: plainText('Change status', SLACK_LIMITS.placeholder),
    options: TRANSITIONS[incident.status].map((next) => option(`${statusEmoji(next)} ${capitalise(next)}`, `${ref}:${next}`)),
  };
  const severityOptions = SEVERITIES.map((s) => option(`${severityEmoji(s)} ${s}`, `${ref}:${s}`));
  const current = severityOptions[SEVERITIES.indexOf(incident.severity)];
  const severitySelect: StaticSelect = {
    type: 'static_select',
    action_id: ACTIONS.changeSeverity,
    placeholder: plainText('Change severity', SLACK_LIMITS.placeholder),
    options: severityOptions,
    ...(current ? { initial_option: current } : {}),
  };
  const button = (action_id: string, label: string): Button => ({ type: 'button', action_id, text: plainText(label, SLACK_LIMITS.buttonText), value: ref });
  return {
    type: 'actions',
    elements: [statusSelect, severitySelect, button(ACTIONS.assignRole, 'Assign role'), button(ACTIONS.addNote, 'Add note'), button(ACTIONS.addFollowUp, 'Add follow-up'), button(ACTIONS.catchUp, 'Catch up'), ...(webView ? [button(ACTIONS.webView, 'Web view')] : [])],
  };
}
