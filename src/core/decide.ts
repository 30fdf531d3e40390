import { bridgeUrlProblem } from './bridge.js';
import { cleanText, cleanTitle, TEXT_MAX, TITLE_MAX, validText, validTitle } from './clean-text.js';
import { CHANNEL_NAME_PATTERN } from './channel-name.js';
import { actionItemOf, followUpAddedEvent } from './followup.js';
import { domainError, type DomainError, type DomainErrorCode } from './errors.js';
import { incidentRef, type Incident } from './incident.js';
import { personRef } from './people.js';
import { NO_ROLES, type Role } from './roles.js';
import { roomGoneText, type RoomGoneReason } from './room-gone.js';
import type { Severity } from './severity.js';
import { canTransition, TRANSITIONS, type Status } from './status.js';
import type { TimelineEvent, TimelineKind } from './timeline.js';

interface CommandBase {
  /** Who asks: a Slack user id, a provider name, or `warroom`. */
  readonly actor: string;
}

export interface DeclareCommand extends CommandBase {
  readonly type: 'declare';
  /** Already allocated from the database sequence. */
  readonly id: number;
  readonly title: string;
  readonly severity: Severity;
  readonly services: readonly string[];
  readonly description?: string | null | undefined;
  readonly drill?: boolean | undefined;
  /** A private incident: its channel is private and only its members see it elsewhere. */
  readonly private?: boolean | undefined;
  /** The incident type's name (`incidentTypes`), already checked against the config; absent: the default type. */
  readonly incidentType?: string | null | undefined;
}
export interface ChangeStatusCommand extends CommandBase { readonly type: 'change_status'; readonly status: Status }
export interface ChangeSeverityCommand extends CommandBase { readonly type: 'change_severity'; readonly severity: Severity }
export interface AssignRoleCommand extends CommandBase { readonly type: 'assign_role'; readonly role: Role | (string & {}); readonly user: string | null }
export interface AddNoteCommand extends CommandBase { readonly type: 'add_note'; readonly text: string }
export interface ResolveCommand extends CommandBase { readonly type: 'resolve'; readonly summary?: string | null | undefined }
export interface ReopenCommand extends CommandBase { readonly type: 'reopen' }
export interface SetChannelCommand extends CommandBase { readonly type: 'set_channel'; readonly channelId: string; readonly channelName: string }
export interface ChangeTitleCommand extends CommandBase { readonly type: 'change_title'; readonly title: string }
/** Replaces the incident's services with `services` (cleaned like at declare). */
export interface ChangeServicesCommand extends CommandBase { readonly type: 'change_services'; readonly services: readonly string[] }
/** Slack said `channelId` is archived or deleted: the room is gone (only if it is still the incident's channel). */
export interface MarkRoomGoneCommand extends CommandBase { readonly type: 'mark_room_gone'; readonly channelId: string; readonly reason: RoomGoneReason }
/** A gone room is replaced: the channel is forgotten so the set-up creates a fresh one. */
export interface OpenNewRoomCommand extends CommandBase { readonly type: 'open_new_room' }
/** Makes a public incident private: its room is forgotten so a private one is set up (a bot cannot make a channel private). */
export interface MoveToPrivateCommand extends CommandBase { readonly type: 'move_to_private' }
/** Slack said `channelId` was unarchived: an archived room is back (only if it is still the incident's channel). */
export interface RoomUnarchivedCommand extends CommandBase { readonly type: 'room_unarchived'; readonly channelId: string }
/** Gives the incident its own call link (http(s), at most 3 000 characters), in place of the configured one. */
export interface SetBridgeCommand extends CommandBase { readonly type: 'set_bridge'; readonly url: string }

export type IncidentCommand =
  | DeclareCommand
  | ChangeStatusCommand
  | ChangeSeverityCommand
  | AssignRoleCommand
  | AddNoteCommand
  | ResolveCommand
  | ReopenCommand
  | SetChannelCommand
  | ChangeTitleCommand
  | ChangeServicesCommand
  | MarkRoomGoneCommand
  | OpenNewRoomCommand
  | MoveToPrivateCommand
  | RoomUnarchivedCommand
  | SetBridgeCommand;

export type Decision =
  | { readonly ok: true; readonly incident: Incident; readonly events: TimelineEvent[] }
  | { readonly ok: false; readonly error: DomainError };

type Fields = Partial<Omit<Incident, 'id' | 'ref' | 'version' | 'updatedAt'>>;

const fail = (code: DomainErrorCode, message: string): Decision => ({ ok: false, error: domainError(code, message) });

function event(kind: TimelineKind, at: Date, actor: string, text: string, data: Record<string, unknown> = {}): TimelineEvent {
  return { at, kind, actor, text, data };
}

/** Every accepted change is one new version; the store uses the old one as its optimistic lock. */
function change(incident: Incident, fields: Fields, now: Date, events: TimelineEvent[]): Decision {
  return { ok: true, incident: { ...incident, ...fields, version: incident.version + 1, updatedAt: now }, events };
}

/** Empty or absent optional text is null; too long is an error rather than a silent cut. */
function optionalText(input: string | null | undefined, what: string): { value: string | null } | DomainError {
  if (input == null) return { value: null };
  const text = cleanText(input);
  if (text === '') return { value: null };
  const valid = validText(text);
  return valid === null ? domainError('incident.invalid_text', `The ${what} must be at most ${TEXT_MAX} characters.`) : { value: valid };
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The pure heart of Warroom: given the current state and a command, the next state and what happened. */
export function decide(incident: Incident | null, command: IncidentCommand, now: Date): Decision {
  if (command.type === 'declare') {
    if (incident) return fail('incident.already_exists', `Incident ${incident.ref} already exists.`);
    return declare(command, now);
  }
  if (!incident) return fail('incident.not_found', 'There is no such incident.');
  switch (command.type) {
    case 'change_status':
      return changeStatus(incident, command, now);
    case 'resolve':
      return resolve(incident, command.actor, command.summary, now);
    case 'reopen':
      return reopen(incident, command.actor, now);
    case 'change_severity':
      return changeSeverity(incident, command, now);
    case 'assign_role':
      return assignRole(incident, command, now);
    case 'add_note':
      return addNote(incident, command, now);
    case 'set_channel':
      return setChannel(incident, command, now);
    case 'change_title':
      return changeTitle(incident, command, now);
    case 'change_services':
      return changeServices(incident, command, now);
    case 'mark_room_gone':
      return markRoomGone(incident, command, now);
    case 'open_new_room':
      return openNewRoom(incident, command.actor, now);
    case 'room_unarchived':
      return roomUnarchived(incident, command, now);
    case 'set_bridge':
      return setBridge(incident, command, now);
    case 'move_to_private':
      return moveToPrivate(incident, command.actor, now);
  }
}

/** What a declare asks for once checked: the fields of the new incident that come from its command. */
export interface Declaration {
  readonly title: string;
  readonly description: string | null;
  readonly services: readonly string[];
  readonly drill: boolean;
  readonly private: boolean;
}

/**
 * The declare rules without a number: callers check here before taking one from the sequence, so a
 * refused declare leaves no gap in the refs (INC-4 never "went missing"). `declare` applies the same check.
 */
export function checkDeclaration(command: Omit<DeclareCommand, 'id'>): { readonly ok: true; readonly declaration: Declaration } | { readonly ok: false; readonly error: DomainError } {
  const title = validTitle(command.title);
  if (title === null) return { ok: false, error: domainError('incident.invalid_title', `The title must be 1 to ${TITLE_MAX} characters.`) };
  const description = optionalText(command.description, 'description');
  if ('code' in description) return { ok: false, error: description };
  // Service names can come from the API: cleaned like a title, since Postgres text holds no NUL.
  const services = cleanServices(command.services);
  return { ok: true, declaration: { title, description: description.value, services, drill: command.drill ?? false, private: command.private ?? false } };
}

function declare(command: DeclareCommand, now: Date): Decision {
  if (!Number.isSafeInteger(command.id) || command.id <= 0) {
    // The id comes from a database sequence: anything else is a bug, not a user mistake.
    throw new RangeError(`declare: id must be a positive safe integer, got ${String(command.id)}`);
  }
  const checked = checkDeclaration(command);
  if (!checked.ok) return checked;
  const { title, description, services, drill, private: isPrivate } = checked.declaration;
  const incident: Incident = {
    id: command.id,
    ref: incidentRef(command.id),
    title,
    description,
    status: 'investigating',
    severity: command.severity,
    services,
    drill,
    channelId: null,
    channelName: null,
    roles: NO_ROLES,
    scope: null,
    declaredBy: command.actor,
    createdAt: now,
    updatedAt: now,
    resolvedAt: null,
    roomGone: null,
    bridgeUrl: null,
    private: isPrivate,
    type: command.incidentType ?? null,
    version: 1,
  };
  const text = `${drill ? 'Drill incident' : 'Incident'} declared: ${title} (${command.severity})`;
  return {
    ok: true,
    incident,
    events: [event('incident_declared', now, command.actor, text, { severity: command.severity, services, drill, ...(isPrivate ? { private: true } : {}) })],
  };
}

/** Service names can come from the API: cleaned like a title, since Postgres text holds no NUL. */
function cleanServices(input: readonly string[]): string[] {
  return [...new Set(input.map(cleanTitle).filter((s) => s !== ''))];
}

function refuseTransition(incident: Incident, to: Status): Decision {
  const from = incident.status;
  const allowed = TRANSITIONS[from];
  return fail(
    'incident.invalid_transition',
    `${incident.ref} cannot move from ${from} to ${to}; from ${from} it can move to ${allowed.join(' or ')}.`,
  );
}

function changeStatus(incident: Incident, command: ChangeStatusCommand, now: Date): Decision {
  const { status } = command;
  if (status === 'resolved') return resolve(incident, command.actor, null, now);
  if (incident.status === 'resolved' && status === 'investigating') return reopen(incident, command.actor, now);
  if (status === incident.status) return fail('incident.unchanged', `${incident.ref} is already ${status}.`);
  if (!canTransition(incident.status, status)) return refuseTransition(incident, status);
  const text = `Status changed from ${incident.status} to ${status}`;
  return change(incident, { status }, now, [
    event('status_changed', now, command.actor, text, { from: incident.status, to: status }),
  ]);
}

function resolve(incident: Incident, actor: string, summaryInput: string | null | undefined, now: Date): Decision {
  if (incident.status === 'resolved') return fail('incident.already_resolved', `${incident.ref} is already resolved.`);
  if (!canTransition(incident.status, 'resolved')) return refuseTransition(incident, 'resolved');
  const summary = optionalText(summaryInput, 'summary');
  if ('code' in summary) return { ok: false, error: summary };
  const text = summary.value === null ? 'Incident resolved' : `Incident resolved: ${summary.value}`;
  return change(incident, { status: 'resolved', resolvedAt: now }, now, [
    event('incident_resolved', now, actor, text, { from: incident.status, summary: summary.value }),
  ]);
}

function reopen(incident: Incident, actor: string, now: Date): Decision {
  if (incident.status !== 'resolved') return fail('incident.not_resolved', `${incident.ref} is not resolved (it is ${incident.status}).`);
  if (!canTransition('resolved', 'investigating')) return refuseTransition(incident, 'investigating');
  return change(incident, { status: 'investigating', resolvedAt: null }, now, [
    event('incident_reopened', now, actor, 'Incident reopened', { from: 'resolved', to: 'investigating' }),
  ]);
}

function changeSeverity(incident: Incident, command: ChangeSeverityCommand, now: Date): Decision {
  const from = incident.severity;
  const to = command.severity;
  if (from === to) return fail('incident.unchanged', `${incident.ref} is already ${to}.`);
  return change(incident, { severity: to }, now, [
    event('severity_changed', now, command.actor, `Severity changed from ${from} to ${to}`, { from, to }),
  ]);
}

function assignRole(incident: Incident, command: AssignRoleCommand, now: Date): Decision {
  const { role } = command;
  const user = command.user === null || command.user.trim() === '' ? null : command.user.trim();
  // A type's own role nobody held yet is absent from the record.
  const previous = incident.roles[role] ?? null;
  if (previous === user) {
    return fail('incident.unchanged', user === null ? `Nobody holds ${role} on ${incident.ref}.` : `They are already ${role} on ${incident.ref}.`);
  }
  // People are written as mentions: Slack renders them, and readers elsewhere get the captured name.
  const text = user === null ? `${capitalise(role)} unassigned (was ${previous === null ? 'nobody' : personRef(previous)})` : `${capitalise(role)} assigned to ${personRef(user)}`;
  return change(incident, { roles: { ...incident.roles, [role]: user } }, now, [
    event('role_assigned', now, command.actor, text, { role, user, previous }),
  ]);
}

function addNote(incident: Incident, command: AddNoteCommand, now: Date): Decision {
  const text = validText(command.text);
  if (text === null) return fail('incident.invalid_text', `A note must be 1 to ${TEXT_MAX} characters.`);
  // A note starting with `action:` also creates a follow-up record, in the same transaction as the note.
  const item = actionItemOf(text);
  const followUp = item === null ? [] : [followUpAddedEvent({ title: item, owner: null, dueDate: null, source: 'note' }, command.actor, now)];
  return change(incident, {}, now, [event('note_added', now, command.actor, text), ...followUp]);
}

function setChannel(incident: Incident, command: SetChannelCommand, now: Date): Decision {
  const channelId = command.channelId.trim();
  const { channelName } = command;
  if (channelId === '' || !CHANNEL_NAME_PATTERN.test(channelName)) {
    return fail('incident.invalid_channel', `Not a valid Slack channel: ${JSON.stringify(channelId)} #${channelName}.`);
  }
  if (incident.channelId === channelId && incident.channelName === channelName) {
    return fail('incident.unchanged', `${incident.ref} already uses #${channelName}.`);
  }
  if (incident.channelId !== null) {
    return fail('incident.channel_already_set', `${incident.ref} already has a channel (#${incident.channelName ?? incident.channelId}).`);
  }
  return change(incident, { channelId, channelName }, now, [
    event('channel_created', now, command.actor, `Channel #${channelName} created`, { channelId, channelName }),
  ]);
}

function changeTitle(incident: Incident, command: ChangeTitleCommand, now: Date): Decision {
  const title = validTitle(command.title);
  if (title === null) return fail('incident.invalid_title', `The title must be 1 to ${TITLE_MAX} characters.`);
  if (title === incident.title) return fail('incident.unchanged', `${incident.ref} is already titled "${title}".`);
  return change(incident, { title }, now, [
    event('title_changed', now, command.actor, `Title changed from "${incident.title}" to "${title}"`, { from: incident.title, to: title }),
  ]);
}

const serviceList = (services: readonly string[]): string => (services.length === 0 ? 'none' : services.join(', '));

function changeServices(incident: Incident, command: ChangeServicesCommand, now: Date): Decision {
  const services = cleanServices(command.services);
  const from = incident.services;
  // The same set in another order is no change: services are a set, kept in the order given.
  if (services.length === from.length && services.every((s) => from.includes(s))) {
    return fail('incident.unchanged', `${incident.ref} already has services ${serviceList(from)}.`);
  }
  return change(incident, { services }, now, [
    event('services_changed', now, command.actor, `Services changed from ${serviceList(from)} to ${serviceList(services)}`, { from, to: services }),
  ]);
}

/** Noticed once: a stale channel id (a room already replaced) or a room already gone changes nothing. */
function markRoomGone(incident: Incident, command: MarkRoomGoneCommand, now: Date): Decision {
  if (incident.channelId !== command.channelId) return fail('incident.unchanged', `#${command.channelId} is not the channel of ${incident.ref}.`);
  if (incident.roomGone) return fail('incident.unchanged', `The channel of ${incident.ref} is already known to be gone.`);
  const { reason } = command;
  return change(incident, { roomGone: { at: now, reason } }, now, [
    event('room_gone', now, command.actor, roomGoneText(incident.channelName, reason), { channelId: incident.channelId, channelName: incident.channelName, reason }),
  ]);
}

/** The archived channel is in use again: the gone mark goes, the room keeps its channel (its summary is refreshed). */
function roomUnarchived(incident: Incident, command: RoomUnarchivedCommand, now: Date): Decision {
  if (incident.channelId !== command.channelId) return fail('incident.unchanged', `#${command.channelId} is not the channel of ${incident.ref}.`);
  if (incident.roomGone?.reason !== 'archived') return fail('incident.unchanged', `The channel of ${incident.ref} is not known to be archived.`);
  const text = incident.channelName ? `The incident channel #${incident.channelName} was unarchived` : 'The incident channel was unarchived';
  return change(incident, { roomGone: null }, now, [
    event('room_reopened', now, command.actor, text, { previous: { channelId: incident.channelId, channelName: incident.channelName, reason: 'archived' }, unarchived: true }),
  ]);
}

function openNewRoom(incident: Incident, actor: string, now: Date): Decision {
  if (!incident.roomGone) return fail('incident.room_not_gone', `${incident.ref} still has its room${incident.channelName ? ` (#${incident.channelName})` : ''}.`);
  if (incident.status === 'resolved') return fail('incident.already_resolved', `${incident.ref} is resolved; it needs no new room.`);
  const previous = { channelId: incident.channelId, channelName: incident.channelName, reason: incident.roomGone.reason };
  return change(incident, { channelId: null, channelName: null, roomGone: null }, now, [
    event('room_reopened', now, actor, `A new incident channel was requested${incident.channelName ? ` (#${incident.channelName} was ${incident.roomGone.reason})` : ''}`, { previous }),
  ]);
}

/** The text names who changed the link, so the timeline and the postmortem say it. */
function setBridge(incident: Incident, command: SetBridgeCommand, now: Date): Decision {
  const url = command.url.trim();
  const problem = bridgeUrlProblem(url);
  if (problem !== null) return fail('incident.invalid_bridge_url', `The call link ${problem}.`);
  const from = incident.bridgeUrl ?? null;
  if (url === from) return fail('incident.unchanged', `${incident.ref} already has this call link.`);
  return change(incident, { bridgeUrl: url }, now, [event('bridge_changed', now, command.actor, `Call link set to ${url} by ${personRef(command.actor)}`, { from, to: url })]);
}

/** The old channel goes on the event (the room task archives it with a pointer); no title in its text. */
function moveToPrivate(incident: Incident, actor: string, now: Date): Decision {
  if (incident.private === true) return fail('incident.unchanged', `${incident.ref} is already private.`);
  if (incident.status === 'resolved') return fail('incident.already_resolved', `${incident.ref} is resolved; it needs no new room.`);
  if (incident.channelId === null || incident.roomGone) return fail('incident.invalid_channel', `${incident.ref} has no channel to move from.`);
  const previous = { channelId: incident.channelId, channelName: incident.channelName };
  return change(incident, { private: true, channelId: null, channelName: null }, now, [
    event('moved_to_private', now, actor, `Moved to a new private channel by ${personRef(actor)}`, { previous }),
  ]);
}
