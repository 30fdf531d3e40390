/**
 * What the Opsgenie-family client does beyond paging, where a dialect's API serves it: who a page
 * went to and who acknowledged it (from the alert read), looking up a mirrored note, setting the
 * priority from our severity, finding a user by email, and escalating. A dialect without a part
 * leaves the port member out, and the app does without it (DESIGN §2: optional port members).
 */
import type { Severity } from '../../core/severity.js';
import { providerPerson } from '../../core/provider-person.js';
import { PagingUnavailableError, type EscalationOutcome, type EscalationStep, type OnCallPerson, type PageAcknowledgement, type PagedPerson, type PagingProvider, type ProviderUser } from '../../app/ports/paging.js';
import type { AlertApi, AlertApiCall, OpsgenieFamilyProvider } from './alert-api.js';

const SOURCE = 'Warroom';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Our severity as an alert priority (P5, "informational", is never used). */
const PRIORITY: Record<Severity, string> = { SEV1: 'P1', SEV2: 'P2', SEV3: 'P3', SEV4: 'P4' };

/**
 * Where an alert stands at the provider; null when the provider has not applied its create yet.
 * `owner` and `acknowledgedBy` are usernames (the user's email), null when nobody; `id` is the
 * provider's alert id where the dialect needs it to act on the alert.
 */
export type AlertState = {
  readonly acknowledged: boolean;
  readonly closed: boolean;
  readonly owner?: string | null | undefined;
  readonly acknowledgedBy?: string | null | undefined;
  readonly id?: string | null | undefined;
} | null;

/** Where actions on one alert go. */
export interface AlertTarget {
  /** The URL of `action` (`/notes`, `/priority`, `/escalate`) on the alert, with `query` (no `?`) added. */
  url(action: string, query?: string): string;
  readonly authorization: string;
  /** How errors name the alert path, e.g. `/v2/alerts/{alias}`. */
  readonly label: string;
}

/** An escalation rule's recipient, as the escalation API lists them (its levels, in order). */
export interface EscalationRecipient {
  readonly type: string;
  readonly name?: string | null | undefined;
  readonly username?: string | null | undefined;
}

export interface OpsgenieFamilyExtras {
  /** Actions on one alert: where they go (`lookup` reads the alert, for a dialect that acts by alert id), and how its notes list reads. */
  readonly actions?: {
    target(alias: string, lookup: () => Promise<AlertState>): Promise<AlertTarget | null>;
    notes(json: unknown): string[] | Error;
    /** The notes list's query for its newest 100 notes (each API names its page size and order its own way). */
    readonly notesQuery: string;
    /** The method the API sets `…/priority` with (Opsgenie `PUT`, JSM `PATCH`); absent where it cannot. */
    readonly priority?: 'PUT' | 'PATCH';
  };
  /** The user API: the call that looks a user up by email, and the user it finds (null: nobody has it). */
  readonly users?: { call(email: string): AlertApiCall; read(json: unknown, email: string): ProviderUser | null | Error };
  /**
   * The escalation API: an escalation's rules by the configured reference, and the body of the alert's
   * escalate call (`annotation` is Warroom's `source` and `note`, for an API that takes them).
   */
  readonly escalations?: {
    call(escalation: string): AlertApiCall;
    rules(json: unknown): EscalationRecipient[] | Error;
    body(escalation: string, annotation: { readonly source: string; readonly note: string }): Record<string, unknown>;
  };
}

type ExtraMembers = Pick<PagingProvider, 'acknowledgement' | 'hasNote' | 'setSeverity' | 'findUser' | 'escalate'>;

function orThrow<T>(value: T | Error): T {
  if (value instanceof Error) throw value;
  return value;
}

const person = (username: string | null | undefined) => providerPerson({ providerUserId: username, name: username, email: username && EMAIL.test(username) ? username : null });

/** The ack poll's answer from an alert's state: the owner is whom it went to. */
export function acknowledgementOf(state: AlertState): PageAcknowledgement {
  if (state === null) return { acknowledged: false, acknowledgedBy: null, paged: [] };
  const owner = person(state.owner);
  return { acknowledged: state.acknowledged || state.closed, acknowledgedBy: person(state.acknowledgedBy), paged: owner ? [owner] : [] };
}

/** Who an escalation rule's recipient pages: a user by username, a schedule's on-call, else the recipient's name. */
async function pagedBy(recipient: EscalationRecipient, onCall: (schedule: string) => Promise<OnCallPerson[]>): Promise<PagedPerson[]> {
  const { type, name, username } = recipient;
  if (type === 'user' && username) return [{ name: username, email: EMAIL.test(username) ? username : null }];
  if (type === 'schedule' && name) return (await onCall(name).catch(() => [])).map((p) => ({ name: p.name, email: p.email }));
  return name ? [{ name: `${type} ${name}`, email: null }] : [];
}

export function createAlertExtras(deps: {
  readonly provider: OpsgenieFamilyProvider;
  readonly api: AlertApi;
  readonly extras: OpsgenieFamilyExtras;
  /** Reads the alert by alias (null: not applied yet). */
  readonly state: (alias: string) => Promise<AlertState>;
  readonly checkAlias: (alias: string) => void;
  readonly onCall: (schedule: string) => Promise<OnCallPerson[]>;
}): ExtraMembers {
  const { api, extras, checkAlias } = deps;
  const members: ExtraMembers = {
    async acknowledgement(alias) {
      checkAlias(alias);
      return acknowledgementOf(await deps.state(alias));
    },
  };
  const actions = extras.actions;
  const target = (alias: string): Promise<AlertTarget | null> => {
    checkAlias(alias);
    return actions ? actions.target(alias, () => deps.state(alias)) : Promise.resolve(null);
  };
  // Writes are applied asynchronously: an alert not there yet is there shortly, so the caller retries as after an outage.
  const unapplied = (alias: string) => new PagingUnavailableError(deps.provider, new Error(`the alert ${alias} is not there yet (its create has not been applied)`));

  if (actions) {
    // The newest 100 notes (the most the API lists at once): a retried mirror looks for a note it posted moments ago.
    members.hasNote = async (alias, marker) => {
      const at = await target(alias);
      if (at === null) return false;
      const call: AlertApiCall = { method: 'GET', url: at.url('/notes', actions.notesQuery), authorization: at.authorization, label: `GET ${at.label}/notes` };
      const answer = await api.send(call, [404]);
      if (answer.status === 404) return false;
      return orThrow(actions.notes(answer.json)).some((note) => note.includes(marker));
    };
  }
  const priorityMethod = actions?.priority;
  if (priorityMethod) {
    members.setSeverity = async (alias, severity) => {
      const at = await target(alias);
      if (at === null) throw unapplied(alias);
      await api.accepted({ method: priorityMethod, url: at.url('/priority'), authorization: at.authorization, label: `${priorityMethod} ${at.label}/priority`, body: { priority: PRIORITY[severity] } });
    };
  }
  const users = extras.users;
  if (users) {
    members.findUser = async (email): Promise<ProviderUser | null> => {
      const wanted = email.trim().toLowerCase();
      if (!EMAIL.test(wanted)) return null;
      const answer = await api.send(users.call(wanted), [404]);
      return answer.status === 404 ? null : orThrow(users.read(answer.json, wanted));
    };
  }
  const escalations = extras.escalations;
  if (escalations && actions) {
    // The escalation's rules are its levels; the rule after `fromLevel` names who is notified next.
    members.escalate = async (alias: string, step: EscalationStep): Promise<EscalationOutcome> => {
      checkAlias(alias);
      if (step.escalation === null) return { kind: 'no_escalation' };
      const rules = orThrow(escalations.rules((await api.send(escalations.call(step.escalation))).json));
      const next = rules[step.fromLevel];
      if (next === undefined) return { kind: 'last_level', level: step.fromLevel };
      const at = await target(alias);
      if (at === null) throw unapplied(alias);
      const note = `Escalated from Warroom to level ${step.fromLevel + 1}`;
      await api.accepted({ method: 'POST', url: at.url('/escalate'), authorization: at.authorization, label: `POST ${at.label}/escalate`, body: escalations.body(step.escalation, { source: SOURCE, note }) });
      return { kind: 'escalated', level: step.fromLevel + 1, nowPaged: await pagedBy(next, deps.onCall) };
    };
  }
  return members;
}
