import { domainError, type DomainError } from './errors.js';
import { ROLES } from './roles.js';
import type { Severity } from './severity.js';

type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DomainError };

/** The type an incident has when none was chosen, and the only one when `incidentTypes` is not configured. */
export const DEFAULT_INCIDENT_TYPE = 'default';

/**
 * A kind of incident (`incidentTypes` in warroom.yml, issue 21): the room it gets, who works in it and
 * how often stakeholders hear. Settings left null fall back to the global ones.
 */
export interface IncidentType {
  /** A slug: what `/incident declare --type <name>`, the API and the incident JSON use. */
  readonly name: string;
  readonly description: string;
  /** null: the global `channelPrefix`. */
  readonly channelPrefix: string | null;
  /** Its incidents are private (a private channel, hidden from non-members): `private` on the declare. */
  readonly private: boolean;
  /** null: the global `stakeholderChannels`. */
  readonly stakeholderChannels: readonly string[] | null;
  /** The roles an incident of this type offers: some of the four built-in ones and/or its own (slugs). */
  readonly roles: readonly string[];
  /** Minutes between stakeholder updates per severity, over the global `severities.*.updateEveryMinutes`. */
  readonly updateCadence: Readonly<Partial<Record<Severity, number>>>;
  /** Services every incident of this type starts with. */
  readonly services: readonly string[];
  /** The runbooks (paths under runbooks/) offered beside those matched by service; empty: only those. */
  readonly runbooks: readonly string[];
  /** The type chosen when none is named; exactly one type is the default. */
  readonly default: boolean;
}

/** Today's behaviour as a type: what an incident gets when `incidentTypes` is absent. */
export const DEFAULT_TYPE: IncidentType = {
  name: DEFAULT_INCIDENT_TYPE,
  description: '',
  channelPrefix: null,
  private: false,
  stakeholderChannels: null,
  roles: ROLES,
  updateCadence: {},
  services: [],
  runbooks: [],
  default: true,
};

/** The configured type named `name`; the default type for null/absent (incidents declared before types existed). */
export function incidentTypeNamed(types: readonly IncidentType[], name: string | null | undefined): IncidentType | null {
  if (name === null || name === undefined) return defaultIncidentType(types);
  return types.find((t) => t.name === name) ?? null;
}

/** The type of an existing incident: its own, or the default when its type is no longer configured. */
export function typeOfIncident(types: readonly IncidentType[], incident: { readonly type?: string | null }): IncidentType {
  return incidentTypeNamed(types, incident.type) ?? defaultIncidentType(types);
}

export function defaultIncidentType(types: readonly IncidentType[]): IncidentType {
  return types.find((t) => t.default) ?? types[0] ?? DEFAULT_TYPE;
}

/**
 * The type name the summary and the postmortem show; null for the implicit `default` type. With
 * `incidentTypes` configured every incident shows its type (a reader should not have to know which
 * one is the default); without it nothing changes for anyone.
 */
export function shownTypeName(incident: { readonly type?: string | null }): string | null {
  return incident.type === undefined || incident.type === null || incident.type === DEFAULT_INCIDENT_TYPE ? null : incident.type;
}

/** The type a declare asked for (null: the default), or the refusal that lists the configured ones. */
export function declaredType(types: readonly IncidentType[], requested: string | null | undefined): Result<IncidentType> {
  const type = incidentTypeNamed(types, requested === undefined || requested === null ? null : requested.trim().toLowerCase());
  if (type !== null) return { ok: true, value: type };
  return { ok: false, error: domainError('incident.unknown_type', `There is no incident type ${JSON.stringify(requested)}; the types are ${typeNames(types)}.`) };
}

/** The services an incident of this type starts with: the ones asked for, then the type's own. */
export function withTypeServices(type: IncidentType, services: readonly string[]): string[] {
  return [...new Set([...services, ...type.services])];
}

/** Refuses a role the incident's type does not have, naming those it has. */
export function roleProblem(type: IncidentType, role: string): DomainError | null {
  if (type.roles.includes(role)) return null;
  const which = type.default && type.name === DEFAULT_INCIDENT_TYPE ? 'Incidents' : `${type.name} incidents`;
  return domainError('incident.role_not_in_type', `${which} have no role ${JSON.stringify(role)}; the roles are ${type.roles.join(', ')}.`);
}

const typeNames = (types: readonly IncidentType[]): string => types.map((t) => t.name).join(', ');

/** Minutes between stakeholder updates for an incident of this type at this severity: the type's, else the global one. */
export function updateCadenceOf(type: IncidentType, severity: Severity, globalMinutes: number): number {
  return type.updateCadence[severity] ?? globalMinutes;
}
