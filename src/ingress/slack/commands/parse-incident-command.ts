import { parseIncidentRef } from '../../../core/incident.js';
import { parseSeverity, type Severity } from '../../../core/severity.js';
import { isStatus, STATUSES, type Status } from '../../../core/status.js';
import type { Role } from '../../../core/roles.js';
import { SLACK_USER_ID_PATTERN } from '../../../core/slack-user-id.js';

/** What `/incident <text>` asks for, or a usage line when the text does not parse. */
export type IncidentCommand =
  | { kind: 'help' }
  | { kind: 'declare'; title: string | null; severity: Severity | null; services: string[]; private: boolean; type: string | null }
  | { kind: 'list'; page: number }
  | { kind: 'status'; status: Status }
  | { kind: 'sev'; severity: Severity }
  /** role: one of the four, or a role of the incident type's own (checked against the type by the change). */
  | { kind: 'role'; role: Role | (string & {}); user: string }
  | { kind: 'note'; text: string }
  | { kind: 'timeline' }
  | { kind: 'resolve'; summary: string | null }
  | { kind: 'update'; text: string | null }
  | { kind: 'postmortem' }
  | { kind: 'catchup' }
  | { kind: 'runbook' }
  | { kind: 'scope' }
  | { kind: 'oncall'; service: string | null }
  | { kind: 'page'; service: string }
  | { kind: 'page_person'; user: string }
  | { kind: 'escalate' }
  | { kind: 'drill'; scenario: string | null }
  | { kind: 'newroom'; id: number | null }
  /** url null: show the call link. */
  | { kind: 'bridge'; url: string | null }
  /** owner: a Slack user id given as a trailing mention, else null. */
  | { kind: 'followup'; text: string; owner: string | null }
  | { kind: 'followups' }
  /** Move a public incident to a new private channel. */
  | { kind: 'private' }
  /** Open the status-page update modal. */
  | { kind: 'statuspage' }
  | { kind: 'usage'; message: string };

export interface SubcommandHelp {
  readonly name: string;
  readonly usage: string;
  readonly where: 'anywhere' | 'incident channel';
  readonly description: string;
}

/** The subcommands that exist today; `/incident help` lists exactly these. */
export const SUBCOMMANDS: readonly SubcommandHelp[] = [
  { name: 'help', usage: '/incident help', where: 'anywhere', description: 'show this list' },
  { name: 'declare', usage: '/incident declare [title] [--sev 1-4] [--services a,b] [--type name] [--private]', where: 'anywhere', description: 'open the declare form, or declare at once with a title (SEV3 unless given; --type: one of incidentTypes; --private: a private channel, seen by its members only)' },
  { name: 'list', usage: '/incident list [--page N]', where: 'anywhere', description: 'list the open incidents, worst first, 20 to a page' },
  { name: 'drill', usage: '/incident drill [scenario]', where: 'anywhere', description: 'start a drill incident (no scenario: list them)' },
  { name: 'oncall', usage: '/incident oncall [service]', where: 'anywhere', description: 'who is on call now, per service' },
  { name: 'newroom', usage: '/incident newroom <INC-n>', where: 'anywhere', description: 'open a new channel for an incident whose channel was archived or deleted' },
  { name: 'status', usage: `/incident status <${STATUSES.join('|')}>`, where: 'incident channel', description: 'change the status' },
  { name: 'sev', usage: '/incident sev <1-4>', where: 'incident channel', description: 'change the severity' },
  { name: 'ic', usage: '/incident ic @user', where: 'incident channel', description: 'make someone incident commander' },
  { name: 'role', usage: '/incident role <comms|scribe|ops|a role of the incident type> @user', where: 'incident channel', description: 'assign a role' },
  { name: 'scope', usage: '/incident scope', where: 'incident channel', description: 'measure the scope now and post the scope card' },
  { name: 'page', usage: '/incident page <service|@user>', where: 'incident channel', description: 'page the service, or a person directly, through PagerDuty or Opsgenie (SEV1/SEV2 fail over to the other)' },
  { name: 'escalate', usage: '/incident escalate', where: 'incident channel', description: 'move the latest page to the next level of its escalation and say who is paged now' },
  { name: 'note', usage: '/incident note <text>', where: 'incident channel', description: 'add a line to the timeline' },
  { name: 'timeline', usage: '/incident timeline', where: 'incident channel', description: 'post the timeline so far' },
  { name: 'update', usage: '/incident update [text]', where: 'incident channel', description: 'write a stakeholder update (a draft is pre-filled)' },
  { name: 'resolve', usage: '/incident resolve [summary]', where: 'incident channel', description: 'resolve the incident' },
  { name: 'runbook', usage: '/incident runbook', where: 'incident channel', description: 'the runbooks that match this incident' },
  { name: 'postmortem', usage: '/incident postmortem', where: 'incident channel', description: 'post the postmortem draft' },
  { name: 'catchup', usage: '/incident catchup', where: 'incident channel', description: 'what happened so far, in eight lines, shown to you only' },
  { name: 'bridge', usage: '/incident bridge [url]', where: 'incident channel', description: 'show the call link, or give this incident another one' },
  { name: 'followup', usage: '/incident followup <text> [@owner]', where: 'incident channel', description: 'record a follow-up (an action item), owned by someone if named' },
  { name: 'followups', usage: '/incident followups', where: 'incident channel', description: 'the open follow-ups, each with a Done button, shown to you only' },
  { name: 'private', usage: '/incident private', where: 'incident channel', description: 'move this incident to a new private channel (this one is archived with a pointer)' },
  { name: 'statuspage', usage: '/incident statuspage', where: 'incident channel', description: 'write a public status-page update (a draft is pre-filled; nothing is published until you press Publish)' },
];

const usage = (name: string): IncidentCommand => ({ kind: 'usage', message: `Usage: ${SUBCOMMANDS.find((s) => s.name === name)?.usage ?? '/incident help'}` });

// Slack sends a URL in command text as <https://…> or <https://…|label>, with &, < and > escaped.
const LINK = /^<([^|>]*)(?:\|[^>]*)?>$/;
const unescapeSlack = (text: string): string => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The URL is checked where it is set (core/bridge.ts), so every way in gives the same message. */
const bridgeCommand = (rest: string): IncidentCommand => ({ kind: 'bridge', url: rest === '' ? null : unescapeSlack(LINK.exec(rest)?.[1] ?? rest) });

// Slack escapes user mentions in command text as <@U123|name> (manifest: should_escape true).
const ROLE_NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;

const USER = new RegExp(`^<@(${SLACK_USER_ID_PATTERN})(?:\\|[^>]*)?>$`);

/** `/incident declare [title] [--sev 1-4] [--services a,b] [--type name] [--private]`. */
function declareCommand(input: string): IncidentCommand {
  const p = /(?:^|\s)--private(?=\s|$)/i.exec(input);
  const withoutPrivate = p ? input.replace(p[0], ' ') : input;
  // `--type security`: checked against incidentTypes by the declare, which lists them when unknown.
  const t = /(?:^|\s)--type[=\s]+(\S+)/i.exec(withoutPrivate);
  const rest = t ? withoutPrivate.replace(t[0], ' ') : withoutPrivate;
  const m = /(?:^|\s)--sev(?:erity)?[=\s]+(\S+)/i.exec(rest);
  const severity = m ? parseSeverity(m[1] ?? '') : null;
  if (m && severity === null) return usage('declare');
  const withoutSev = m ? rest.replace(m[0], ' ') : rest;
  // `--services checkout,search` (or `--service checkout`): names are checked against the config by the caller.
  const s = /(?:^|\s)--services?[=\s]+(\S+)/i.exec(withoutSev);
  const services = s ? [...new Set((s[1] ?? '').split(',').filter((name) => name.length > 0))] : [];
  const title = (s ? withoutSev.replace(s[0], ' ') : withoutSev).trim();
  return { kind: 'declare', title: title.length > 0 ? title : null, severity, services, private: p !== null, type: t?.[1]?.toLowerCase() ?? null };
}

/** `/incident followup <text> [@owner]`: a mention as the last word names the owner. */
function followUpCommand(rest: string): IncidentCommand {
  const last = /\s(\S+)$/.exec(rest);
  const owner = last ? (USER.exec(last[1] ?? '')?.[1] ?? null) : null;
  const text = owner !== null && last ? rest.slice(0, last.index).trim() : rest;
  return text.length > 0 ? { kind: 'followup', text: unescapeSlack(text), owner } : usage('followup');
}

/** Subcommands that take nothing after their name (an alias maps to its subcommand). */
const WITHOUT_ARGUMENTS = new Map<string, 'postmortem' | 'catchup' | 'escalate' | 'followups' | 'private' | 'statuspage'>([
  ['postmortem', 'postmortem'],
  ['catchup', 'catchup'],
  ['escalate', 'escalate'],
  ['followups', 'followups'],
  ['follow-ups', 'followups'],
  ['private', 'private'],
  ['statuspage', 'statuspage'],
  ['status-page', 'statuspage'],
]);

/** Parses the text after `/incident`. Pure: no lookups, no I/O. */
export function parseIncidentCommand(input: string): IncidentCommand {
  const text = input.trim();
  const [word = '', ...restWords] = text.split(/\s+/);
  const rest = text.slice(word.length).trim();
  const bare = WITHOUT_ARGUMENTS.get(word.toLowerCase());
  if (bare) return restWords.length === 0 ? { kind: bare } : usage(bare);
  switch (word.toLowerCase()) {
    case '':
    case 'help':
      return { kind: 'help' };
    case 'declare':
      return declareCommand(rest);
    case 'list': {
      if (restWords.length === 0) return { kind: 'list', page: 1 };
      const page = /^--page(?:=|\s+)([1-9]\d{0,5})$/i.exec(rest)?.[1];
      return page ? { kind: 'list', page: Number(page) } : usage('list');
    }
    case 'status': {
      const status = rest.toLowerCase();
      return isStatus(status) ? { kind: 'status', status } : usage('status');
    }
    case 'sev':
    case 'severity': {
      const severity = parseSeverity(rest);
      return severity ? { kind: 'sev', severity } : usage('sev');
    }
    case 'ic': {
      const user = USER.exec(rest)?.[1];
      return user ? { kind: 'role', role: 'commander', user } : usage('ic');
    }
    case 'role': {
      const [roleWord = '', who = ''] = restWords;
      const role = roleWord.toLowerCase();
      const user = USER.exec(who)?.[1];
      // Any role name reads here (a type's own, e.g. security-lead); the change refuses one the incident's type lacks.
      return ROLE_NAME.test(role) && role !== 'commander' && user && restWords.length === 2 ? { kind: 'role', role, user } : usage('role');
    }
    case 'note':
      return rest.length > 0 ? { kind: 'note', text: rest } : usage('note');
    case 'timeline':
      return { kind: 'timeline' };
    case 'resolve':
      return { kind: 'resolve', summary: rest.length > 0 ? rest : null };
    case 'update':
      return { kind: 'update', text: rest.length > 0 ? rest : null };
    case 'scope':
      return { kind: 'scope' };
    case 'runbook':
    case 'runbooks':
      return { kind: 'runbook' };
    case 'drill':
      return { kind: 'drill', scenario: rest === '' ? null : rest };
    case 'oncall':
    case 'on-call':
      return restWords.length <= 1 ? { kind: 'oncall', service: restWords[0] ?? null } : usage('oncall');
    case 'newroom':
    case 'new-room': {
      const id = parseIncidentRef(rest);
      return rest === '' || id !== null ? { kind: 'newroom', id } : usage('newroom');
    }
    case 'page': {
      const user = USER.exec(rest)?.[1];
      if (user) return { kind: 'page_person', user };
      return restWords.length === 1 && !rest.startsWith('<') ? { kind: 'page', service: rest } : usage('page');
    }
    case 'bridge':
      return bridgeCommand(rest);
    case 'followup':
    case 'follow-up':
      return followUpCommand(rest);
    default:
      return { kind: 'usage', message: `Unknown subcommand "${word.slice(0, 30)}". Try /incident help.` };
  }
}
